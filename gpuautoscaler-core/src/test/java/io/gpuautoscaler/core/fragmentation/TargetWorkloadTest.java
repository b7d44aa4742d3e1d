package io.gpuautoscaler.core.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.core.fragmentation.TargetWorkload.TaskType;
import io.gpuautoscaler.testing.TraceFixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetWorkloadTest {

  private static List<Workload> copies(int count, Workload.Builder shape) {
    List<Workload> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(shape.build().withName(shape.build().name() + "-" + i));
    }
    return list;
  }

  @Test
  void typicalOf_theDefaultTrace_keeps35ShapesCovering95Point3Percent() {
    List<Workload> pods = TraceFixtures.defaultTrace().workloads();

    TargetWorkload target = TargetWorkload.typicalOf(pods, TargetWorkload.DEFAULT_COVERAGE);

    assertThat(target.types()).hasSize(35);
    long covered =
        pods.stream()
            .filter(
                w ->
                    target.types().stream()
                        .anyMatch(
                            t ->
                                t.cpuMilli() == w.cpuMilli()
                                    && t.gpuMilli() == w.gpuMilli()
                                    && t.gpuCount() == w.gpuCount()))
            .count();
    assertThat(100.0 * covered / pods.size()).isCloseTo(95.3, within(0.05));
    assertThat(target.types()).noneMatch(t -> t.gpuCount() > 1);
    assertThat(target.types().stream().mapToDouble(TaskType::weight).sum())
        .isCloseTo(1, within(1e-12));
  }

  @Test
  void typicalOf_theDefaultTrace_startsWithThePublishedTopFiveShapes() {
    List<Workload> pods = TraceFixtures.defaultTrace().workloads();

    TargetWorkload target = TargetWorkload.typicalOf(pods, TargetWorkload.DEFAULT_COVERAGE);

    // Shares of all pods; a weight is a share of the covered 95.3 %.
    double covered = 0.953;
    assertThat(target.types().subList(0, 5))
        .extracting(t -> List.of(t.cpuMilli(), (long) t.gpuMilli(), (long) t.gpuCount()))
        .containsExactly(
            List.of(3152L, 810L, 1L),
            List.of(11300L, 1000L, 1L),
            List.of(11400L, 1000L, 1L),
            List.of(3152L, 1000L, 1L),
            List.of(11908L, 470L, 1L));
    double[] published = {12.8, 10.7, 7.4, 5.8, 4.8};
    for (int i = 0; i < 5; i++) {
      assertThat(100 * target.types().get(i).weight() * covered)
          .as("share of shape %d", i + 1)
          .isCloseTo(published[i], within(0.06));
    }
  }

  @Test
  void typicalOf_groupsByCpuShareCountAndModelsButNotMemory() {
    List<Workload> pods = new ArrayList<>();
    pods.addAll(copies(3, Workload.builder("a").cpuMilli(1000).memoryMib(1).gpuShare(500)));
    pods.addAll(copies(3, Workload.builder("b").cpuMilli(1000).memoryMib(999).gpuShare(500)));
    pods.addAll(
        copies(
            2,
            Workload.builder("c")
                .cpuMilli(1000)
                .gpuShare(500)
                .allowedGpuModels(Set.of("T4", "A10"))));
    pods.addAll(copies(2, Workload.builder("d").cpuMilli(2000)));

    TargetWorkload target = TargetWorkload.typicalOf(pods, 1);

    assertThat(target.types())
        .extracting(
            t ->
                t.cpuMilli() + "/" + t.gpuMilli() + "/" + t.gpuCount() + "/" + t.allowedGpuModels())
        .containsExactly("1000/500/1/[]", "2000/0/0/[]", "1000/500/1/[A10, T4]");
    assertThat(target.types())
        .extracting(TaskType::weight)
        .satisfiesExactly(
            w -> assertThat(w).isCloseTo(0.6, within(1e-12)),
            w -> assertThat(w).isCloseTo(0.2, within(1e-12)),
            w -> assertThat(w).isCloseTo(0.2, within(1e-12)));
  }

  @Test
  void typicalOf_breaksCountTiesLargerShapeFirst() {
    List<Workload> pods = new ArrayList<>();
    pods.addAll(copies(2, Workload.builder("small").cpuMilli(1000).gpuShare(100)));
    pods.addAll(copies(2, Workload.builder("bigger-share").cpuMilli(1000).gpuShare(200)));
    pods.addAll(copies(2, Workload.builder("more-cpu").cpuMilli(2000).gpuShare(100)));
    pods.addAll(
        copies(
            2,
            Workload.builder("models")
                .cpuMilli(1000)
                .gpuShare(100)
                .allowedGpuModels(Set.of("T4"))));
    Collections.reverse(pods);

    TargetWorkload target = TargetWorkload.typicalOf(pods, 1);

    assertThat(target.types())
        .extracting(t -> t.cpuMilli() + "/" + t.gpuMilli() + "/" + t.allowedGpuModels())
        .containsExactly("2000/100/[]", "1000/200/[]", "1000/100/[T4]", "1000/100/[]");
  }

  @Test
  void typicalOf_keepsTheShortestPrefixThatCoversTheShareAndRenormalizes() {
    List<Workload> pods = new ArrayList<>();
    pods.addAll(copies(6, Workload.builder("a").cpuMilli(1).gpuShare(100)));
    pods.addAll(copies(3, Workload.builder("b").cpuMilli(2).gpuShare(100)));
    pods.addAll(copies(1, Workload.builder("c").cpuMilli(3).gpuShare(100)));

    TargetWorkload ninety = TargetWorkload.typicalOf(pods, 0.9);
    TargetWorkload ninetyOne = TargetWorkload.typicalOf(pods, 0.91);

    assertThat(ninety.types()).extracting(TaskType::cpuMilli).containsExactly(1L, 2L);
    assertThat(ninety.types()).extracting(TaskType::weight).containsExactly(6 / 9.0, 1 - 6 / 9.0);
    assertThat(ninetyOne.types()).extracting(TaskType::cpuMilli).containsExactly(1L, 2L, 3L);
  }

  @Test
  void typicalOf_isIndependentOfTheInputOrder() {
    List<Workload> pods = new ArrayList<>(TraceFixtures.defaultTrace().workloads());
    TargetWorkload inOrder = TargetWorkload.typicalOf(pods, 0.95);

    Collections.shuffle(pods, new java.util.Random(3));

    assertThat(TargetWorkload.typicalOf(pods, 0.95)).isEqualTo(inOrder);
  }

  @Test
  void typicalOf_rejectsNoWorkloadsOrABadCoverage() {
    List<Workload> one = List.of(Workload.builder("w").build());

    assertThatThrownBy(() -> TargetWorkload.typicalOf(List.of(), 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no workloads to learn a target workload from");
    assertThatThrownBy(() -> TargetWorkload.typicalOf(one, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coverage must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> TargetWorkload.typicalOf(one, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coverage must be in (0, 1], was 1.5");
  }

  @Test
  void formatThenParse_givesTheSameTarget() {
    TargetWorkload target =
        new TargetWorkload(
            List.of(
                new TaskType(3152, 810, 1, Set.of(), 0.3),
                new TaskType(8000, 1000, 2, Set.of("V100M32", "V100M16"), 0.1),
                new TaskType(12500, 0, 0, Set.of(), 1 / 3.0),
                new TaskType(4000, 230, 1, Set.of("T4"), 1 - 0.4 - 1 / 3.0)));

    String text = target.format();
    TargetWorkload back = TargetWorkload.parse(text);

    assertThat(text)
        .startsWith("3152:810:1@0.30000000000000")
        .contains(",8000:1000:2:V100M16|V100M32@");
    assertThat(back.types()).hasSize(4);
    for (int i = 0; i < 4; i++) {
      TaskType a = target.types().get(i);
      TaskType b = back.types().get(i);
      assertThat(List.of(b.cpuMilli(), b.gpuMilli(), b.gpuCount(), b.allowedGpuModels()))
          .isEqualTo(List.of(a.cpuMilli(), a.gpuMilli(), a.gpuCount(), a.allowedGpuModels()));
      assertThat(b.weight()).isCloseTo(a.weight(), within(1e-15));
    }
  }

  @Test
  void formatThenParse_ofTheTracesTarget_givesTheSameTarget() {
    TargetWorkload target =
        TargetWorkload.typicalOf(
            TraceFixtures.defaultTrace().workloads(), TargetWorkload.DEFAULT_COVERAGE);

    TargetWorkload back = TargetWorkload.parse(target.format());

    assertThat(back.format()).isEqualTo(target.format());
  }

  @Test
  void parse_renormalizesTheWeights() {
    TargetWorkload target = TargetWorkload.parse(" 1000:500:1@3 , 0:0:0@1 ");

    assertThat(target.types())
        .containsExactly(
            new TaskType(1000, 500, 1, Set.of(), 0.75), new TaskType(0, 0, 0, Set.of(), 0.25));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1000:500:1@1,2000:1000:1;target workload entry 2 '2000:1000:1' is malformed: missing"
            + " '@weight'",
        "1000:500@1;target workload entry 1 '1000:500@1' is malformed: expected"
            + " cpu:gpuMilli:gpuCount[:models]",
        "1:2:3:4:5@1;target workload entry 1 '1:2:3:4:5@1' is malformed: expected"
            + " cpu:gpuMilli:gpuCount[:models]",
        "x:500:1@1;target workload entry 1 'x:500:1@1' is malformed: For input string: \"x\"",
        "1000:500:1@0;target workload entry 1 '1000:500:1@0' is malformed: weight must be a"
            + " positive number",
        "1000:500:1@NaN;target workload entry 1 '1000:500:1@NaN' is malformed: weight must be a"
            + " positive number",
        "1000:500:1@abc;target workload entry 1 '1000:500:1@abc' is malformed: For input string:"
            + " \"abc\"",
        "1000:500:1:T4|T4@1;target workload entry 1 '1000:500:1:T4|T4@1' is malformed: duplicate"
            + " GPU model T4",
        "1000:500:1:T4||V100@1;target workload entry 1 '1000:500:1:T4||V100@1' is malformed:"
            + " blank GPU model in 'T4||V100'",
        "1000:500:1:@1;target workload entry 1 '1000:500:1:@1' is malformed: blank GPU model"
            + " in ''",
        "1:1:1@1,1000:500:0@1;target workload entry 2 is invalid: task type with gpuCount 0 cannot"
            + " have gpuMilli 500",
        "1:1:1@1,1000:1500:1@1;target workload entry 2 is invalid: task type needs cpuMilli >= 0,"
            + " gpuMilli in 0..1000 and gpuCount >= 0, was 1000/1500/1",
      })
  void parse_namesTheMalformedEntry(String text, String message) {
    assertThatThrownBy(() -> TargetWorkload.parse(text))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(message);
  }

  @Test
  void constructor_needsWeightsThatSumToOne() {
    List<TaskType> half = List.of(new TaskType(0, 0, 0, Set.of(), 0.5));

    assertThatThrownBy(() -> new TargetWorkload(half))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task type weights must sum to 1, sum to 0.5");
    assertThatThrownBy(() -> new TargetWorkload(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a target workload needs at least one task type");
  }

  @Test
  void taskType_rejectsAWeightOutsideZeroToOne() {
    assertThatThrownBy(() -> new TaskType(0, 0, 0, Set.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task type weight must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> new TaskType(0, 1000, 1, Set.of(), 1.01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task type weight must be in (0, 1], was 1.01");
  }
}
