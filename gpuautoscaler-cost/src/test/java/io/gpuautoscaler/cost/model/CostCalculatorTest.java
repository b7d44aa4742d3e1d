package io.gpuautoscaler.cost.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.cost.CostModel;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.GroupKey;
import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.WorkloadKind;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.cost.pricing.EmbeddedPricingSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CostCalculatorTest {
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  // autoscaling-and-cost.md §4.1: p4d.24xlarge, 8 × A100 40GB, $21.957642 an hour on demand
  static final GpuNode P4D =
      new GpuNode(
          "p4d-1",
          96_000,
          1_100_000,
          8,
          "A100-40GB",
          Map.of(
              PriceQuery.INSTANCE_TYPE_LABEL, "p4d.24xlarge",
              PriceQuery.REGION_LABEL, "us-east-1"));

  static NodeObservation obs(GpuNode node, Instant from, Instant to, WorkloadObservation... ws) {
    return new NodeObservation(
        node, CapacityType.ON_DEMAND, Optional.empty(), from, to, List.of(ws));
  }

  static WorkloadObservation whole(String uid, int gpus) {
    return WorkloadObservation.exclusive(uid, Workload.builder(uid).wholeGpus(gpus).build());
  }

  final CostCalculator calculator =
      new CostCalculator(EmbeddedPricingSource.embedded(), new RequestCostModel());

  @Test
  void embeddedPrice_isSplitAcrossTheNodesGpus() {
    CostReport report =
        calculator.compute(List.of(obs(P4D, T0, T0.plusSeconds(3600), whole("w", 3))));

    double w =
        report.records().stream()
            .filter(r -> r.workloadUid().equals("w"))
            .mapToDouble(CostRecord::costUsd)
            .sum();
    // 3 of 8 GPUs for an hour: 21.957642 × 3 / 8 = 8.23411575
    assertThat(w).isCloseTo(8.23411575, within(1e-9));
    assertThat(report.totalUsd()).isCloseTo(21.957642, within(1e-9));
  }

  @Test
  void unknownInstanceType_isReportedAndNeverPricedAtZero() {
    GpuNode mystery =
        new GpuNode(
            "m-1", 1, 1, 8, "H100-80GB", Map.of(PriceQuery.INSTANCE_TYPE_LABEL, "x9.mystery"));

    CostReport report =
        calculator.compute(
            List.of(
                obs(mystery, T0, T0.plusSeconds(90), whole("w", 8)),
                obs(mystery, T0.plusSeconds(90), T0.plusSeconds(120), whole("w", 8))));

    assertThat(report.records()).isEmpty();
    assertThat(report.complete()).isFalse();
    assertThat(report.unpriced()).hasSize(1);
    assertThat(report.unpriced().get(0).seconds()).isEqualTo(120.0);
    assertThat(report.unpriced().get(0).describe())
        .isEqualTo("no price for node m-1 (x9.mystery, on-demand), which ran 120.0 s");
  }

  @Test
  void overcommittedTimeSliceReplicas_shareTheNodeAndLeaveNoIdle() {
    GpuNode g6 =
        new GpuNode(
            "g6-1", 4_000, 16_000, 1, "L4", Map.of(PriceQuery.INSTANCE_TYPE_LABEL, "g6.xlarge"));
    // four time-slice replicas that each claim the whole L4
    WorkloadObservation[] replicas = new WorkloadObservation[4];
    for (int i = 0; i < 4; i++) {
      replicas[i] =
          WorkloadObservation.shared(
              "r" + i, Workload.builder("r" + i).wholeGpus(1).build(), SharingMode.TIME_SLICING);
    }

    CostReport report = calculator.compute(List.of(obs(g6, T0, T0.plusSeconds(3600), replicas)));

    // $0.8048 an hour (§4.1), a quarter each: 0.2012; nothing idle
    for (int i = 0; i < 4; i++) {
      String uid = "r" + i;
      assertThat(
              report.records().stream()
                  .filter(r -> r.workloadUid().equals(uid))
                  .mapToDouble(CostRecord::costUsd)
                  .sum())
          .isCloseTo(0.2012, within(1e-9));
    }
    assertThat(report.records()).noneMatch(r -> r.kind() == CostRecord.Kind.IDLE);
    assertThat(report.records()).allMatch(r -> r.gpuMilli() == 250);
  }

  @Test
  void workloadKindAndCpuOnlyWorkloadsAndNodes() {
    WorkloadObservation serve = whole("serve", 1).withKind(WorkloadKind.INFERENCE);
    WorkloadObservation cpu = WorkloadObservation.exclusive("cpu", Workload.builder("cpu").build());
    GpuNode cpuNode = GpuNode.cpuOnly("c-1", 8_000, 32_000);

    CostReport report =
        calculator.compute(
            List.of(
                obs(P4D, T0, T0.plusSeconds(60), serve, cpu),
                obs(cpuNode, T0, T0.plusSeconds(60), cpu)));

    assertThat(report.records())
        .extracting(CostRecord::workloadUid)
        .containsExactly("serve", "idle/p4d-1");
    assertThat(GroupKey.parse("workload-kind").valueOf(report.records().get(0)))
        .isEqualTo("inference");
  }

  @Test
  void overlappingObservationsOfANode_areRejected() {
    assertThatThrownBy(
            () ->
                calculator.compute(
                    List.of(
                        obs(P4D, T0, T0.plusSeconds(60)),
                        obs(P4D, T0.plusSeconds(30), T0.plusSeconds(90)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two observations of node p4d-1 overlap");
  }

  @Test
  void oneWorkloadOnTwoNodesInOneBucket_isRejected() {
    GpuNode other = new GpuNode("p4d-2", 1, 1, 8, "A100-40GB", P4D.labels());

    assertThatThrownBy(
            () ->
                calculator.compute(
                    List.of(
                        obs(P4D, T0, T0.plusSeconds(30), whole("w", 1)),
                        obs(other, T0.plusSeconds(30), T0.plusSeconds(60), whole("w", 1)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workload w is on nodes p4d-1 and p4d-2");
  }

  @Test
  void invalidObservations_areRejected() {
    Workload share = Workload.builder("s").gpuShare(300).build();
    assertThatThrownBy(() -> WorkloadObservation.exclusive("s", share))
        .hasMessageContaining("cannot hold it exclusively");
    assertThatThrownBy(() -> obs(P4D, T0, T0.minusSeconds(1)))
        .hasMessageContaining("before it starts");
    assertThatThrownBy(() -> obs(P4D, T0, T0, whole("w", 1), whole("w", 2)))
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> obs(GpuNode.cpuOnly("c", 1, 1), T0, T0, whole("w", 1)))
        .hasMessageContaining("which has none");
    assertThatThrownBy(
            () ->
                new WorkloadObservation(
                    "u", share, SharingMode.MPS, OptionalLong.of(-1), Optional.empty()))
        .hasMessageContaining("usedMilli must be >= 0");
  }

  @Test
  void costModels_areFoundByNameAndFollowTheirRule() {
    ProviderRegistry<CostModel.Provider> models = ProviderRegistry.load(CostModel.Provider.class);
    assertThat(models.names()).containsExactly("max-request-usage", "request", "usage");
    CostModel request = models.require("request").create(Settings.empty());
    CostModel max = models.require("max-request-usage").create(Settings.empty());
    CostModel usage = models.require("usage").create(Settings.empty());

    assertThat(request.chargedMilli(500, OptionalLong.of(800))).isEqualTo(500);
    assertThat(max.chargedMilli(500, OptionalLong.of(800))).isEqualTo(800);
    assertThat(max.chargedMilli(500, OptionalLong.of(200))).isEqualTo(500);
    assertThat(max.chargedMilli(500, OptionalLong.empty())).isEqualTo(500);
    assertThat(usage.chargedMilli(500, OptionalLong.of(200))).isEqualTo(200);
    assertThat(usage.chargedMilli(500, OptionalLong.empty())).isEqualTo(500);
    assertThatThrownBy(() -> usage.chargedMilli(-1, OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> models.require("request").create(Settings.of(Map.of("x", "y"))))
        .hasMessageContaining("does not understand");
  }
}
