package io.gpuautoscaler.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpuNodeTest {

  @Test
  void of_makesAGpuNodeWithoutLabels() {
    GpuNode node = GpuNode.of("n", 96000, 393216, 8, "G2");

    assertThat(node).isEqualTo(new GpuNode("n", 96000, 393216, 8, "G2", Map.of()));
    assertThat(node.gpuMilliCapacity()).isEqualTo(8000);
  }

  @Test
  void cpuOnly_makesANodeWithoutGpusOrModel() {
    GpuNode node = GpuNode.cpuOnly("c", 32000, 262144);

    assertThat(node.gpuCount()).isZero();
    assertThat(node.gpuModel()).isEmpty();
    assertThat(node.gpuMilliCapacity()).isZero();
  }

  @ParameterizedTest(name = "{5}")
  @CsvSource(
      delimiter = ';',
      value = {
        "' ';1;1;0;'';name must not be blank",
        "n;-1;1;0;'';cpuMilli must be >= 0, was -1",
        "n;1;-5;0;'';memoryMib must be >= 0, was -5",
        "n;1;1;-2;'';gpuCount must be >= 0, was -2",
        "n;1;1;0;T4;gpuModel must be empty for node n without GPUs, was 'T4'",
        "n;1;1;2;'';gpuModel must be set for node n with GPUs",
        "n;1;1;2;' ';gpuModel must be set for node n with GPUs",
      })
  void constructor_rejectsABadValueNamingTheField(
      String name, long cpu, long memory, int gpus, String model, String message) {
    assertThatThrownBy(() -> new GpuNode(name, cpu, memory, gpus, model, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void constructor_copiesTheLabels() {
    Map<String, String> labels = new HashMap<>(Map.of("zone", "a"));
    GpuNode node = new GpuNode("n", 1, 1, 0, "", labels);

    labels.put("zone", "b");

    assertThat(node.labels()).containsExactly(Map.entry("zone", "a"));
  }

  @Test
  void constructor_rejectsNullLabelValues() {
    Map<String, String> labels = new HashMap<>();
    labels.put("k", null);

    assertThatThrownBy(() -> new GpuNode("n", 1, 1, 0, "", labels))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels must have non-blank keys and non-null values, had k=null");
  }
}
