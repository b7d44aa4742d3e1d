package io.gpuautoscaler.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.testing.TraceFixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Alibaba GPU trace v2023's default lists read as described in fgd-and-baselines.md 1.3. */
class DefaultTraceTest {

  @Test
  void nodes_are1213With6212Gpus() {
    List<GpuNode> nodes = TraceFixtures.defaultTrace().nodes();

    assertThat(nodes).hasSize(1213);
    assertThat(nodes.stream().mapToInt(GpuNode::gpuCount).sum()).isEqualTo(6212);
    assertThat(nodes).allSatisfy(n -> assertThat(n.gpuCount()).isPositive());
    assertThat(
            nodes.stream()
                .map(n -> List.of(n.cpuMilli(), n.memoryMib(), n.gpuCount(), n.gpuModel()))
                .distinct())
        .hasSize(15);
  }

  @Test
  void pods_are8152WithThePublishedMixOfGpuRequests() {
    List<Workload> pods = TraceFixtures.defaultTrace().workloads();

    Map<Integer, Long> byGpuCount =
        pods.stream().collect(Collectors.groupingBy(Workload::gpuCount, Collectors.counting()));
    assertThat(pods).hasSize(8152);
    assertThat(byGpuCount)
        .containsExactlyInAnyOrderEntriesOf(Map.of(0, 1088L, 1, 6989L, 2, 16L, 4, 15L, 8, 44L));
    assertThat(pods.stream().filter(Workload::sharesGpu).count()).isEqualTo(3078);
    assertThat(pods.stream().mapToLong(Workload::totalGpuMilli).sum()).isEqualTo(6_086_800);
    assertThat(pods).allSatisfy(w -> assertThat(w.allowedGpuModels()).isEmpty());
  }

  @Test
  void pods_carryQosAndPhaseLabelsAndTimes() {
    List<TracePod> pods = TraceFixtures.defaultTrace().pods();

    Map<String, Long> qos =
        pods.stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.workload().labels().get(TracePod.QOS_LABEL), Collectors.counting()));
    assertThat(qos)
        .isEqualTo(Map.of("LS", 4647L, "BE", 3398L, "Burstable", 100L, "Guaranteed", 7L));
    assertThat(pods.stream().filter(p -> p.scheduledTimeSeconds().isEmpty()).count())
        .isEqualTo(897);
    assertThat(pods).allSatisfy(p -> assertThat(p.creationTimeSeconds()).isPresent());
  }

  @Test
  void sharedPods_useThePublishedShares() {
    Map<Integer, Long> byShare =
        TraceFixtures.defaultTrace().workloads().stream()
            .filter(Workload::sharesGpu)
            .collect(Collectors.groupingBy(Workload::gpuMilli, Collectors.counting()));

    // 21 distinct gpu_milli values among 1-GPU pods, 1000 (a whole GPU) being one of them.
    assertThat(byShare)
        .hasSize(20)
        .containsEntry(810, 1078L)
        .containsEntry(470, 750L)
        .containsEntry(320, 328L)
        .containsEntry(50, 7L);
    assertThat(byShare.keySet().stream().min(Integer::compare)).contains(50);
  }
}
