package io.gpuautoscaler.core.fragmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Section 4.1 of fgd-and-baselines.md, class by class, on a node with free GPUs 1000/600/300/0. */
class FragmentationModelTest {
  private static final ClusterState STATE =
      ClusterState.of(
          List.of(
              GpuNode.of("t4", 64000, 65536, 4, "T4"),
              GpuNode.of("a100", 64000, 65536, 8, "A100")));
  private static final int[] FREE = {1000, 600, 300, 0};

  private static double fragment(String target, long freeCpu) {
    FragmentationModel model = new FragmentationModel(TargetWorkload.parse(target), STATE);
    return model.fragment(STATE.modelId(0), freeCpu, FREE, 4);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "CPU-only task: all idle GPU;1000:0:0@1;1900",
        "disallowed model: all idle GPU;1000:500:1:A100@1;1900",
        "allowed model: the shares too small;1000:500:1:A100|T4@1;300",
        "too little CPU: all idle GPU;64001:100:1@1;1900",
        "too few GPUs with the share: all idle GPU;1000:500:3@1;1900",
        "enough GPUs with the share: the shares too small;1000:500:2@1;300",
        "whole GPUs: every partly used GPU;1000:1000:1@1;900",
        "a small share: nothing;1000:100:1@1;0",
        "a share equal to a free share: usable;1000:600:1@1;300",
      })
  void fragment_ofOneTaskType_followsTheDefinition(String what, String target, double expected) {
    assertThat(fragment(target, 64000)).isEqualTo(expected);
  }

  @Test
  void fragment_isTheExpectationOverTheTarget() {
    // 0.5 * 300 (500-milli shares) + 0.25 * 1900 (CPU-only) + 0.25 * 900 (whole GPUs)
    assertThat(fragment("0:500:1@2,0:0:0@1,0:1000:1@1", 64000)).isCloseTo(850, within(1e-9));
  }

  @Test
  void fragment_ofANodeWithoutIdleGpu_isZero() {
    FragmentationModel model = new FragmentationModel(TargetWorkload.parse("0:0:0@1"), STATE);

    assertThat(model.fragment(STATE.modelId(0), 0, new int[] {0, 0, 0, 0}, 4)).isZero();
    assertThat(model.fragment(-1, 0, new int[0], 0)).isZero();
  }

  @Test
  void fragment_ofAStateNode_readsItsFreeCpuAndGpus() {
    ClusterState state =
        ClusterState.of(
            List.of(GpuNode.of("a", 8000, 65536, 2, "T4"), GpuNode.cpuOnly("c", 8000, 1)));
    Fixtures.occupy(state, "a", 1, 700);
    Fixtures.occupyCpu(state, "a", 5000);
    FragmentationModel model =
        new FragmentationModel(TargetWorkload.parse("2000:500:1@1,4000:500:1@1"), state);

    // 3000 CPU free: the 2000-CPU type strands GPU 1's 300, the 4000-CPU type all 1300.
    assertThat(model.fragment(state, 0, new int[2]))
        .isCloseTo(0.5 * 300 + 0.5 * 1300, within(1e-9));
    assertThat(model.fragment(state, 1, new int[2])).isZero();
    assertThat(model.target()).isEqualTo(TargetWorkload.parse("2000:500:1@1,4000:500:1@1"));
  }

  @Test
  void fragment_readsOnlyTheFirstGpusEntries() {
    FragmentationModel model = new FragmentationModel(TargetWorkload.parse("0:1000:1@1"), STATE);

    assertThat(model.fragment(STATE.modelId(0), 0, new int[] {500, 1000, 999}, 2)).isEqualTo(500);
  }
}
