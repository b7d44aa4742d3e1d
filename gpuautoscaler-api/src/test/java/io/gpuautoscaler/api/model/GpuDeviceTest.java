package io.gpuautoscaler.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GpuDeviceTest {

  @Test
  void isIdle_onlyWhenWhollyFree() {
    assertThat(new GpuDevice(0, "T4", 1000).isIdle()).isTrue();
    assertThat(new GpuDevice(1, "T4", 999).isIdle()).isFalse();
    assertThat(new GpuDevice(2, "T4", 0).isIdle()).isFalse();
  }

  @Test
  void constructor_rejectsANegativeIndex() {
    assertThatThrownBy(() -> new GpuDevice(-1, "T4", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index must be >= 0, was -1");
  }

  @Test
  void constructor_rejectsAFreeShareOutsideAGpu() {
    assertThatThrownBy(() -> new GpuDevice(0, "T4", 1001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("freeMilli must be in 0..1000, was 1001");
    assertThatThrownBy(() -> new GpuDevice(0, "T4", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("freeMilli must be in 0..1000, was -1");
  }

  @Test
  void constructor_rejectsABlankModel() {
    assertThatThrownBy(() -> new GpuDevice(0, "", 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model must not be blank");
  }
}
