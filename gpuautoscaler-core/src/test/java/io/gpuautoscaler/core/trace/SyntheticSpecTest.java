package io.gpuautoscaler.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyntheticSpecTest {

  @Test
  void parse_withNodesOnly_takesTheTracesShapesAndPodsPerNode() {
    SyntheticSpec spec = SyntheticSpec.parse("nodes=2426");

    Trace trace = spec.generate();

    assertThat(trace.nodes()).hasSize(2426);
    assertThat(trace.pods()).hasSize(16304);
    assertThat(trace.nodes().stream().mapToLong(GpuNode::gpuCount).sum()).isEqualTo(2 * 6212);
    assertThat(trace.description()).startsWith("synthetic: 2426 nodes, 16304 pods, seed 0");
  }

  @Test
  void generate_isDeterministicPerSeedAndDiffersAcrossSeeds() {
    Trace a = SyntheticSpec.parse("nodes=300,seed=5").generate();
    Trace b = SyntheticSpec.parse("nodes=300,seed=5").generate();
    Trace c = SyntheticSpec.parse("nodes=300,seed=6").generate();

    assertThat(b).isEqualTo(a);
    assertThat(c.pods()).isNotEqualTo(a.pods());
  }

  @Test
  void generate_splitsNodesAmongShapesByWeightExactly() {
    Trace trace =
        SyntheticSpec.parse("nodes=10,shapes=A100-40GB:8:96000:786432:2|T4:2:104000:524288:1")
            .generate();

    Map<String, Long> byModel =
        trace.nodes().stream()
            .collect(Collectors.groupingBy(GpuNode::gpuModel, Collectors.counting()));
    assertThat(byModel).containsEntry("A100-40GB", 7L).containsEntry("T4", 3L);
  }

  @Test
  void generate_honorsThePodClassSharesAndConstraints() {
    Trace trace =
        SyntheticSpec.parse(
                "nodes=1000,pods=20000,seed=3,cpu=0.1,shared=0.6,multi=0.1,constrained=0.5")
            .generate();

    List<Workload> pods = trace.workloads();
    Map<String, Long> byClass =
        pods.stream()
            .collect(Collectors.groupingBy(SyntheticSpecTest::podClass, Collectors.counting()));
    assertThat(byClass.get("cpu") / 20000.0).isCloseTo(0.1, within(0.01));
    assertThat(byClass.get("shared") / 20000.0).isCloseTo(0.6, within(0.015));
    assertThat(byClass.get("multi") / 20000.0).isCloseTo(0.1, within(0.01));
    assertThat(byClass.get("whole") / 20000.0).isCloseTo(0.2, within(0.015));
    long gpuPods = pods.stream().filter(Workload::requestsGpu).count();
    long constrained = pods.stream().filter(w -> !w.allowedGpuModels().isEmpty()).count();
    assertThat(constrained / (double) gpuPods).isCloseTo(0.5, within(0.02));
    var models = trace.nodes().stream().map(GpuNode::gpuModel).collect(Collectors.toSet());
    assertThat(pods.stream().flatMap(w -> w.allowedGpuModels().stream()))
        .allMatch(models::contains);
  }

  @Test
  void generate_neverAsksForMoreGpusThanANodeHas() {
    Trace trace = SyntheticSpec.parse("nodes=50,multi=0.2,shapes=T4:2:104000:524288:1").generate();

    assertThat(trace.workloads()).allMatch(w -> w.gpuCount() <= 2);
  }

  private static String podClass(Workload w) {
    if (!w.requestsGpu()) {
      return "cpu";
    }
    if (w.sharesGpu()) {
      return "shared";
    }
    return w.gpuCount() == 1 ? "whole" : "multi";
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "seed=1;synthetic spec needs nodes=N",
        "nodes=x;nodes must be an integer, was 'x'",
        "nodes=10,nodez=3;unknown key(s) [nodez]",
        "nodes=10,nodes=3;sets 'nodes' twice",
        "nodes=0;nodes must be >= 1, was 0",
        "nodes=10,cpu=0.7,shared=0.5;pod class shares add up to 1.2",
        "nodes=10,shared=1.5;pod class shares must be in 0..1, was 1.5",
        "nodes=10,shapes=T4:2:1000;shape 'T4:2:1000' is not model:gpus:cpuMilli:memoryMib:weight",
        "nodes=10,shapes=T4:0:1000:1000:1;node shape needs a model, gpus >= 1",
        "nodes=10,constrained=2;constrained must be in 0..1, was 2.0",
        "nodes 10;synthetic spec entry 'nodes 10' is not key=value",
        "nodes=99999999999;synthetic spec 'nodes=99999999999'",
      })
  void parse_rejectsBadSpecsNamingTheProblem(String text, String message) {
    assertThatThrownBy(() -> SyntheticSpec.parse(text))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(message);
  }

  @Test
  void generate_ofAMultiOnlyMixOnOneGpuNodes_explainsWhyItCannot() {
    SyntheticSpec spec = SyntheticSpec.parse("nodes=5,multi=1,shapes=T4:1:8000:32768:1");

    assertThatThrownBy(spec::generate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no pod shape of class multi fits nodes of at most 1 GPUs");
  }
}
