package io.gpuautoscaler.api.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeGroupTest {

  static NodeGroup group(String id, CapacityType type, int min, int max, int target) {
    return new NodeGroup(
        id,
        "a2-highgpu-8g",
        "A100-40GB",
        8,
        96_000,
        696_320,
        type,
        "us-central1-a",
        min,
        max,
        target,
        29.38708);
  }

  @Test
  void template_isAnEmptyNodeOfTheGroupsShapeLabelledWithGroupAndCapacityType() {
    var node = group("od", CapacityType.ON_DEMAND, 0, 4, 1).template("od-1");

    assertThat(node.gpuCount()).isEqualTo(8);
    assertThat(node.gpuModel()).isEqualTo("A100-40GB");
    assertThat(node.labels())
        .containsEntry(NodeGroup.GROUP_LABEL, "od")
        .containsEntry(NodeGroup.CAPACITY_TYPE_LABEL, "on-demand");
  }

  @Test
  void constructor_refusesATargetOutsideTheBounds() {
    assertThatThrownBy(() -> group("g", CapacityType.SPOT, 1, 3, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targetSize must be in 1..3 for group g, was 4");
  }

  @Test
  void constructor_refusesMaxBelowMinAndNegativePrices() {
    assertThatThrownBy(() -> group("g", CapacityType.SPOT, 3, 2, 2))
        .hasMessage("maxSize must be >= minSize 3 for group g, was 2");
    assertThatThrownBy(() -> group("g", CapacityType.SPOT, 0, 2, 0).withBounds(0, 2, 3))
        .hasMessage("targetSize must be in 0..2 for group g, was 3");
    assertThatThrownBy(
            () ->
                new NodeGroup("g", "t", "m", 1, 0, 0, CapacityType.SPOT, "z", 0, 1, 0, Double.NaN))
        .hasMessageContaining("pricePerHourUsd must be finite and >= 0");
  }

  @Test
  void pricePerGpuHour_dividesTheNodePriceByItsGpus() {
    assertThat(group("g", CapacityType.ON_DEMAND, 0, 1, 0).pricePerGpuHourUsd())
        .isEqualTo(29.38708 / 8);
  }

  @Test
  void capacityType_fromIdReadsTheKarpenterIds() {
    assertThat(CapacityType.fromId("On-Demand")).isEqualTo(CapacityType.ON_DEMAND);
    assertThat(CapacityType.fromId("spot").interruptible()).isTrue();
    assertThatThrownBy(() -> CapacityType.fromId("preemptible"))
        .hasMessage("unknown capacity type 'preemptible'; known: [reserved, spot, on-demand]");
  }
}
