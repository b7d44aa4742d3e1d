package io.gpuautoscaler.api.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostValuesTest {

  @Test
  void groupKey_parsesEveryDimensionAndLabels() {
    assertThat(GroupKey.parseList("namespace, label:team ,gpu-model,day"))
        .containsExactly(
            GroupKey.of(GroupKey.Dimension.NAMESPACE),
            GroupKey.label("team"),
            GroupKey.of(GroupKey.Dimension.GPU_MODEL),
            GroupKey.of(GroupKey.Dimension.DAY));
    assertThat(GroupKey.parse("label:experiment-id").id()).isEqualTo("label:experiment-id");
    for (GroupKey.Dimension d : GroupKey.Dimension.values()) {
      if (d != GroupKey.Dimension.LABEL) {
        assertThat(GroupKey.parse(d.id()).dimension()).isEqualTo(d);
      }
    }
  }

  @Test
  void groupKey_rejectsUnknownEmptyAndRepeatedKeys() {
    assertThatThrownBy(() -> GroupKey.parse("pod"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown group key 'pod'")
        .hasMessageContaining("label:<key>");
    assertThatThrownBy(() -> GroupKey.parse("label:")).hasMessageContaining("needs a label key");
    assertThatThrownBy(() -> GroupKey.parseList("namespace,namespace"))
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> new GroupKey(GroupKey.Dimension.NODE, "x"))
        .hasMessageContaining("only label group keys");
  }

  @Test
  void costAttribution_readmeExample_andValidation() {
    CostAttribution spec =
        CostAttribution.of(
            "experiments",
            GroupKey.parseList("namespace,label:experiment-id,label:user"),
            Duration.ofHours(24));
    assertThat(spec.idleSharing()).isEqualTo(CostAttribution.IdleSharing.UNSHARED);
    assertThat(spec.withIdleSharing(CostAttribution.IdleSharing.PROPORTIONAL).idleSharing())
        .isEqualTo(CostAttribution.IdleSharing.PROPORTIONAL);
    assertThatThrownBy(() -> CostAttribution.of("x", List.of(), Duration.ofHours(1)))
        .hasMessageContaining("at least one key");
    assertThatThrownBy(() -> CostAttribution.of("x", GroupKey.parseList("node"), Duration.ZERO))
        .hasMessageContaining("reportingPeriod of x must be positive");
  }

  @Test
  void priceQuery_readsWellKnownNodeLabels() {
    GpuNode node =
        new GpuNode(
            "n",
            1,
            1,
            8,
            "H100-80GB",
            Map.of(
                PriceQuery.INSTANCE_TYPE_LABEL, "p5.48xlarge",
                PriceQuery.REGION_LABEL, "us-east-1",
                PriceQuery.CLOUD_LABEL, "aws"));
    PriceQuery q = PriceQuery.of(node, CapacityType.SPOT);
    assertThat(q.instanceType()).contains("p5.48xlarge");
    assertThat(q.region()).contains("us-east-1");
    assertThat(q.cloud()).contains("aws");
    assertThat(q.describe()).isEqualTo("n (p5.48xlarge in us-east-1, spot)");
    assertThatThrownBy(() -> PriceQuery.of(GpuNode.cpuOnly("c", 1, 1), CapacityType.SPOT))
        .hasMessageContaining("no GPUs");
  }

  @Test
  void price_validatesAndSplitsPerGpu() {
    Price p = new Price(21.957642, 8, "aws-karpenter", LocalDate.of(2026, 7, 20), "x");
    assertThat(p.usdPerGpuHour()).isEqualTo(21.957642 / 8);
    assertThatThrownBy(() -> new Price(-1, 8, "s", LocalDate.EPOCH, "x"))
        .hasMessageContaining("usdPerHour");
    assertThatThrownBy(() -> new Price(Double.NaN, 8, "s", LocalDate.EPOCH, "x"))
        .hasMessageContaining("usdPerHour");
    assertThatThrownBy(() -> new Price(1, 0, "s", LocalDate.EPOCH, "x"))
        .hasMessageContaining("gpuCount");
  }
}
