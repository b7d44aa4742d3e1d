package io.gpuautoscaler.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.testing.TraceFixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticOpenbTest {

  @Test
  void nodes_areTheTracesNodesByShape() {
    List<GpuNode> nodes = SyntheticOpenb.nodes();

    assertThat(nodes).hasSize(1213);
    assertThat(nodes.stream().mapToInt(GpuNode::gpuCount).sum()).isEqualTo(6212);
    assertThat(nodes.get(0).name()).isEqualTo("synthetic-node-0000");
    assertThat(nodes.get(1212).name()).isEqualTo("synthetic-node-1212");
    assertThat(nodes.stream().map(GpuNode::name).distinct()).hasSize(1213);
  }

  @Test
  void nodes_haveTheSameShapeCountsAsTheRealTrace() {
    Map<List<Object>, Long> synthetic = shapes(SyntheticOpenb.nodes());
    Map<List<Object>, Long> real = shapes(TraceFixtures.defaultTrace().nodes());

    assertThat(synthetic).hasSize(15).isEqualTo(real);
  }

  private static Map<List<Object>, Long> shapes(List<GpuNode> nodes) {
    return nodes.stream()
        .collect(
            Collectors.groupingBy(
                n -> List.of(n.cpuMilli(), n.memoryMib(), n.gpuCount(), n.gpuModel()),
                Collectors.counting()));
  }

  @Test
  void pods_areTheSameForTheSameSeed() {
    assertThat(SyntheticOpenb.pods(42, 500)).isEqualTo(SyntheticOpenb.pods(42, 500));
  }

  @Test
  void pods_differForAnotherSeed() {
    assertThat(SyntheticOpenb.pods(43, 500)).isNotEqualTo(SyntheticOpenb.pods(42, 500));
  }

  @Test
  void pods_areNamedInOrderAndWithoutTimes() {
    List<TracePod> pods = SyntheticOpenb.pods(1, 3);

    assertThat(pods)
        .extracting(p -> p.workload().name())
        .containsExactly("synthetic-pod-0000", "synthetic-pod-0001", "synthetic-pod-0002");
    assertThat(pods).allSatisfy(p -> assertThat(p.creationTimeSeconds()).isEmpty());
    assertThat(SyntheticOpenb.pods(1, 0)).isEmpty();
  }

  @Test
  void pods_rejectANegativeCount() {
    assertThatThrownBy(() -> SyntheticOpenb.pods(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be >= 0, was -1");
  }

  @Test
  void trace_hasTheDefaultPodCountAndNamesItsSeed() {
    Trace trace = SyntheticOpenb.trace(7);

    assertThat(trace.nodes()).hasSize(1213);
    assertThat(trace.pods()).hasSize(SyntheticOpenb.DEFAULT_POD_COUNT).hasSize(8152);
    assertThat(trace.description()).contains("seed 7");
    assertThat(SyntheticOpenb.trace(7)).isEqualTo(trace);
  }

  @Test
  void trace_drawsAboutTheTracesMixOfRequests() {
    List<Workload> pods = SyntheticOpenb.trace(42).workloads();

    double gpuDemand = pods.stream().mapToLong(Workload::totalGpuMilli).sum() / 6_212_000.0;
    double cpuOnly = pods.stream().filter(w -> !w.requestsGpu()).count() / 8152.0;
    double shared = pods.stream().filter(Workload::sharesGpu).count() / 8152.0;
    // The trace: 97.98 % of GPU capacity, 1,088 CPU-only and 3,078 sharing pods of 8,152.
    assertThat(gpuDemand).isCloseTo(0.98, within(0.04));
    assertThat(cpuOnly).isCloseTo(1088 / 8152.0, within(0.015));
    assertThat(shared).isCloseTo(3078 / 8152.0, within(0.02));
  }

  @Test
  void typicalTarget_isTheMixsTypicalShapes() {
    TargetWorkload target = SyntheticOpenb.typicalTarget();

    assertThat(target).isEqualTo(SyntheticOpenb.typicalTarget());
    assertThat(target.types().get(0))
        .extracting(t -> List.of(t.cpuMilli(), (long) t.gpuMilli(), (long) t.gpuCount()))
        .isEqualTo(List.of(3152L, 810L, 1L));
    assertThat(target.types()).noneMatch(t -> t.gpuCount() > 1);
    assertThat(target.types().size()).isBetween(30, 40);
  }
}
