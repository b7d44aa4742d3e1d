package io.gpuautoscaler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InputFormatExceptionTest {

  @Test
  void message_givesSourceLineColumnAndProblem() {
    var e = new InputFormatException("pods.csv", 12, "gpu_milli", "must be in 0..1000, was 1200");

    assertThat(e)
        .hasMessage("pods.csv:12: column 'gpu_milli': must be in 0..1000, was 1200")
        .isInstanceOf(GpuAutoscalerException.class);
    assertThat(e.source()).isEqualTo("pods.csv");
    assertThat(e.line()).isEqualTo(12);
    assertThat(e.column()).isEqualTo("gpu_milli");
  }

  @Test
  void message_leavesOutAColumnForAWholeLine() {
    var e = new InputFormatException("pods.csv", 3, "", "blank line");

    assertThat(e).hasMessage("pods.csv:3: blank line");
    assertThat(e.column()).isEmpty();
  }

  @Test
  void message_leavesOutTheLineWhenNoneIsAtFault() {
    var e = new InputFormatException("nodes.csv", 0, "", "the file is empty; expected a header");

    assertThat(e).hasMessage("nodes.csv: the file is empty; expected a header");
    assertThat(e.line()).isZero();
  }

  @Test
  void constructor_needsASourceAColumnAndAProblem() {
    assertThatThrownBy(() -> new InputFormatException(null, 1, "", "p"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("source");
    assertThatThrownBy(() -> new InputFormatException("s", 1, null, "p"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("column");
    assertThatThrownBy(() -> new InputFormatException("s", 1, "", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("problem");
  }
}
