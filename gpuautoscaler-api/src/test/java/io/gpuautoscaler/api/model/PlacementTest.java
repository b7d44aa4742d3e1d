package io.gpuautoscaler.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {

  @Test
  void constructor_copiesTheGpuIndicesInTheirOrder() {
    List<Integer> gpus = new ArrayList<>(List.of(3, 1));
    Placement p = new Placement("w", "n", gpus, 1000);

    gpus.add(2);

    assertThat(p.gpuIndices()).containsExactly(3, 1);
    assertThatThrownBy(() -> p.gpuIndices().add(0))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void constructor_acceptsACpuOnlyPlacement() {
    assertThat(new Placement("w", "n", List.of(), 0).gpuIndices()).isEmpty();
  }

  @Test
  void constructor_rejectsRepeatedGpus() {
    assertThatThrownBy(() -> new Placement("w", "n", List.of(1, 1), 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gpuIndices must be distinct, were [1, 1]");
  }

  @Test
  void constructor_rejectsANegativeGpu() {
    assertThatThrownBy(() -> new Placement("w", "n", List.of(0, -1), 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gpuIndices must be >= 0, were [0, -1]");
  }

  @Test
  void constructor_rejectsAShareWithoutGpusOrNoShareWithGpus() {
    assertThatThrownBy(() -> new Placement("w", "n", List.of(), 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "gpuMilliPerGpu must be 0 without GPUs and 1..1000 with them, was 500 for 0 GPUs");
    assertThatThrownBy(() -> new Placement("w", "n", List.of(0), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "gpuMilliPerGpu must be 0 without GPUs and 1..1000 with them, was 0 for 1 GPUs");
    assertThatThrownBy(() -> new Placement("w", "n", List.of(0), 1001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 1001 for 1 GPUs");
  }

  @Test
  void constructor_rejectsBlankNamesAndNulls() {
    assertThatThrownBy(() -> new Placement("", "n", List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workloadName must not be blank");
    assertThatThrownBy(() -> new Placement("w", " ", List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nodeName must not be blank");
    assertThatThrownBy(() -> new Placement("w", "n", null, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("gpuIndices");
  }
}
