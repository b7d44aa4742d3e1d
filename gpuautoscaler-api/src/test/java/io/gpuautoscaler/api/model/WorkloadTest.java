package io.gpuautoscaler.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadTest {

  @Test
  void builder_defaultsToAnUnconstrainedCpuOnlyWorkloadInTheDefaultNamespace() {
    Workload w = Workload.builder("w").build();

    assertThat(w).isEqualTo(new Workload("w", "default", Map.of(), 0, 0, 0, 0, Set.of()));
    assertThat(w.requestsGpu()).isFalse();
    assertThat(w.sharesGpu()).isFalse();
    assertThat(w.totalGpuMilli()).isZero();
  }

  @Test
  void builder_setsEveryField() {
    Workload w =
        Workload.builder("ns/pod")
            .namespace("ns")
            .labels(Map.of("team", "ml"))
            .cpuMilli(1500)
            .memoryMib(2048)
            .wholeGpus(4)
            .allowedGpuModels(Set.of("A100"))
            .build();

    assertThat(w)
        .isEqualTo(
            new Workload(
                "ns/pod", "ns", Map.of("team", "ml"), 1500, 2048, 4, 1000, Set.of("A100")));
  }

  @Test
  void shapes_areToldApart() {
    Workload shared = Workload.builder("s").gpuShare(250).build();
    Workload whole = Workload.builder("w").wholeGpus(2).build();
    Workload one = Workload.builder("o").gpus(1, 1000).build();

    assertThat(shared.sharesGpu()).isTrue();
    assertThat(shared.totalGpuMilli()).isEqualTo(250);
    assertThat(whole.sharesGpu()).isFalse();
    assertThat(whole.totalGpuMilli()).isEqualTo(2000);
    assertThat(one.sharesGpu()).isFalse();
    assertThat(one.requestsGpu()).isTrue();
    assertThat(Workload.builder("z").wholeGpus(0).build().requestsGpu()).isFalse();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.namespace(" "), "namespace must not be blank"),
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.cpuMilli(-1), "cpuMilli must be >= 0, was -1"),
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.memoryMib(-2),
            "memoryMib must be >= 0, was -2"),
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.gpus(-1, 0), "gpuCount must be >= 0, was -1"),
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.gpus(0, 5),
            "gpuMilli must be 0 when gpuCount is 0, was 5 for w"),
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.gpuShare(0),
            "gpuMilli must be in 1..1000 when gpuCount > 0, was 0 for w"),
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.gpuShare(1001),
            "gpuMilli must be in 1..1000 when gpuCount > 0, was 1001 for w"),
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.gpus(2, 500),
            "gpuMilli must be 1000 when gpuCount > 1 (a share is of one GPU only), was 500 for w"),
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.allowedGpuModels(Set.of("A100", " ")),
            "allowedGpuModels element must not be blank"),
        Arguments.of(
            (UnaryOperator<Workload.Builder>) b -> b.labels(Map.of(" ", "v")),
            "labels must have non-blank keys and non-null values, had  =v"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void constructor_rejectsABadValueNamingTheFieldAndValue(
      UnaryOperator<Workload.Builder> change, String message) {
    Workload.Builder builder = change.apply(Workload.builder("w"));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void constructor_rejectsABlankName() {
    assertThatThrownBy(() -> Workload.builder("  ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank");
  }

  @Test
  void constructor_rejectsNullsNamingTheField() {
    assertThatThrownBy(() -> Workload.builder(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> Workload.builder("w").labels(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("labels");
    assertThatThrownBy(() -> Workload.builder("w").allowedGpuModels(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("allowedGpuModels");
  }

  @Test
  void constructor_copiesTheCollections() {
    Map<String, String> labels = new HashMap<>(Map.of("a", "1"));
    Set<String> models = new TreeSet<>(Set.of("T4"));
    Workload w =
        Workload.builder("w").gpuShare(100).labels(labels).allowedGpuModels(models).build();

    labels.put("b", "2");
    models.add("A100");

    assertThat(w.labels()).containsExactly(Map.entry("a", "1"));
    assertThat(w.allowedGpuModels()).containsExactly("T4");
    assertThatThrownBy(() -> w.allowedGpuModels().add("L4"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> w.labels().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void allowedGpuModels_iterateSorted() {
    Set<String> models = Set.of("V100M32", "A10", "T4", "P100", "G2", "H100", "L4", "G3");

    Workload w = Workload.builder("w").gpuShare(100).allowedGpuModels(models).build();

    assertThat(List.copyOf(w.allowedGpuModels()))
        .containsExactly("A10", "G2", "G3", "H100", "L4", "P100", "T4", "V100M32");
  }

  @Test
  void allowsModel_isTrueForEveryModelWhenUnconstrained() {
    Workload any = Workload.builder("w").gpuShare(100).build();
    Workload some =
        Workload.builder("v").gpuShare(100).allowedGpuModels(Set.of("T4", "L4")).build();

    assertThat(any.allowsModel("anything")).isTrue();
    assertThat(some.allowsModel("L4")).isTrue();
    assertThat(some.allowsModel("A100")).isFalse();
  }

  @Test
  void withName_keepsEverythingButTheName() {
    Workload w =
        Workload.builder("w")
            .namespace("ns")
            .labels(Map.of("k", "v"))
            .cpuMilli(1)
            .memoryMib(2)
            .gpuShare(3)
            .allowedGpuModels(Set.of("T4"))
            .build();

    Workload clone = w.withName("w-clone-0");

    assertThat(clone)
        .isEqualTo(new Workload("w-clone-0", "ns", Map.of("k", "v"), 1, 2, 1, 3, Set.of("T4")));
  }
}
