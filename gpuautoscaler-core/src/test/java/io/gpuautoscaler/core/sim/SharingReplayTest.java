package io.gpuautoscaler.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingPolicy;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.sharing.selector.PolicySharingSelector;
import io.gpuautoscaler.core.trace.SyntheticSpec;
import io.gpuautoscaler.core.trace.Trace;
import io.gpuautoscaler.core.trace.TracePod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SharingReplayTest {

  private static SharingReplay replay(Trace trace) {
    return new SharingReplay(
        trace,
        ReplayOptions.PAPER,
        new PolicySharingSelector(),
        SharingPolicy.DEFAULT,
        GpuCatalog.builtin());
  }

  /** Ten T4 nodes of two GPUs; pods of a quarter GPU, latency-tolerant. */
  private static Trace quarterGpuPods() {
    List<GpuNode> nodes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      nodes.add(GpuNode.of("node-" + i, 64_000, 262_144, 2, "T4"));
    }
    List<TracePod> pods = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      pods.add(
          TracePod.of(
              Workload.builder("pod-" + i).cpuMilli(1_000).memoryMib(1_024).gpuShare(250).build()));
    }
    return new Trace("quarter GPUs on T4", nodes, pods);
  }

  @Test
  void exclusive_roundsASharedRequestUpToAWholeGpu() {
    SharingRunResult run = replay(quarterGpuPods()).replay(SharingScheme.EXCLUSIVE, 42);

    // 20 GPUs, one pod each; the other pods fail.
    assertThat(run.placed()).isEqualTo(20);
    assertThat(run.jobsPerGpu()[130]).isEqualTo(1.0);
    assertThat(run.gpusUsed()[130]).isEqualTo(20);
    assertThat(run.unallocatedPct()[130]).isEqualTo(0.0);
    assertThat(run.placedByMode()).isEqualTo(Map.of(SharingMode.EXCLUSIVE, 20));
  }

  @Test
  void auto_putsFourMpsClientsOnEachGpu() {
    SharingRunResult run = replay(quarterGpuPods()).replay(SharingScheme.AUTO, 42);

    assertThat(run.placedByMode()).containsOnlyKeys(SharingMode.MPS);
    assertThat(run.jobsPerGpu()[100]).isEqualTo(4.0);
    assertThat(run.nodeConfigs()).containsOnlyKeys("mps-4");
    // At 50 % arrived, 40 pods need 10 GPUs rather than 40.
    assertThat(run.gpusUsed()[50]).isBetween(9.0, 11.0);
  }

  @Test
  void auto_usesMigOnMigCapableModels() {
    Trace trace =
        SyntheticSpec.parse("nodes=40,seed=3,shapes=A100-80GB:8:96000:786432:1").generate();

    SharingRunResult run = replay(trace).replay(SharingScheme.AUTO, 7);

    assertThat(run.placedByMode()).containsKey(SharingMode.MIG).doesNotContainKey(SharingMode.MPS);
    assertThat(run.nodeConfigs()).containsKey("mig");
  }

  @Test
  void notes_nameTheModelsTheCatalogLacks() {
    Trace trace =
        new Trace(
            "unknown model",
            List.of(GpuNode.of("n", 8_000, 8_192, 4, "G2")),
            List.of(TracePod.of(Workload.builder("p").gpuShare(300).build())));

    assertThat(replay(trace).notes()).anySatisfy(n -> assertThat(n).contains("G2 (4 GPUs)"));
  }

  @Test
  void run_isIndependentOfThreadsAndAggregatesSeeds() {
    SharingReplay replay = replay(quarterGpuPods());

    SharingReport one =
        replay.run(List.of(SharingScheme.EXCLUSIVE, SharingScheme.AUTO), List.of(1L, 2L), 1);
    SharingReport two =
        replay.run(List.of(SharingScheme.EXCLUSIVE, SharingScheme.AUTO), List.of(1L, 2L), 2);

    assertThat(one.results()).hasSize(2);
    for (int s = 0; s < 2; s++) {
      for (int x : new int[] {50, 100, 130}) {
        assertThat(one.results().get(s).at(x)).isEqualTo(two.results().get(s).at(x));
      }
    }
    assertThat(one.gpus()).isEqualTo(20);
    assertThatThrownBy(() -> replay.run(List.of(), List.of(1L), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** On generated clusters: accounting adds up, nothing exceeds the cluster, same seed same run. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void replay_invariants(long seed) {
    Trace trace =
        SyntheticSpec.parse(
                "nodes=60,seed="
                    + seed
                    + ",constrained=0.2,shapes=A100-40GB:8:96000:786432:1|T4:2:64000:262144:2|P100:4:64000:262144:1|G2:8:96000:786432:1")
            .generate();
    SharingReplay replay = replay(trace);
    long gpus = replay.capacityMilli() / 1000;

    for (SharingScheme scheme : SharingScheme.values()) {
      SharingRunResult run = replay.replay(scheme, seed);

      assertThat(run.placed() + run.failed()).as("seed %d %s", seed, scheme).isEqualTo(run.pods());
      assertThat(replay.replay(scheme, seed).unallocatedPct()).isEqualTo(run.unallocatedPct());
      for (int x = 0; x <= 130; x++) {
        assertThat(run.gpusUsed()[x])
            .as("seed %d %s x %d", seed, scheme, x)
            .isBetween(0.0, (double) gpus);
        assertThat(run.unallocatedPct()[x]).isBetween(-1e-9, 100 + 1e-9);
        assertThat(run.jobsPerGpu()[x]).isGreaterThanOrEqualTo(0);
      }
      if (scheme == SharingScheme.EXCLUSIVE) {
        assertThat(run.placedByMode()).containsOnlyKeys(SharingMode.EXCLUSIVE);
      }
    }
  }
}
