package io.gpuautoscaler.core.packing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.Generators;
import io.gpuautoscaler.testing.Invariants;
import io.gpuautoscaler.testing.Replay;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A strategy's rule written straight from its definition (docs: fgd-and-baselines.md sections 4 and
 * 5), slow and obvious, to compare the real strategy with decision by decision.
 */
interface Reference {

  /** The placement the definition gives on {@code view} as it is, or empty when none fits. */
  Optional<Placement> expected(ClusterView view, Workload workload);

  /** A node's score under a definition; higher wins, the lowest index among equals. */
  interface NodeScore {
    long score(ClusterView view, int node, Workload workload);
  }

  /** A rule for the GPUs on the chosen node. */
  interface GpuRule {
    List<Integer> gpus(ClusterView view, int node, Workload workload);
  }

  /** The highest-scoring feasible node, the lowest index on ties, with GPUs by {@code gpus}. */
  static Reference scoring(NodeScore score, GpuRule gpus) {
    return (view, workload) -> {
      int best = -1;
      long bestScore = 0;
      for (int n : Invariants.feasibleNodes(view, workload)) {
        long s = score.score(view, n, workload);
        if (best < 0 || s > bestScore) {
          best = n;
          bestScore = s;
        }
      }
      return best < 0 ? Optional.empty() : Optional.of(placement(view, best, workload, gpus));
    };
  }

  static Placement placement(ClusterView view, int node, Workload workload, GpuRule gpus) {
    return new Placement(
        workload.name(),
        view.node(node).name(),
        gpus.gpus(view, node, workload),
        workload.gpuMilli());
  }

  /**
   * Whole GPUs: the lowest-index wholly free ones. Shared: the smallest free share that holds it.
   */
  static List<Integer> tightest(ClusterView view, int node, Workload workload) {
    if (!workload.sharesGpu()) {
      return lowestWhole(view, node, workload);
    }
    int best = -1;
    for (int g = 0; g < view.node(node).gpuCount(); g++) {
      int free = view.freeGpuMilli(node, g);
      if (free >= workload.gpuMilli() && (best < 0 || free < view.freeGpuMilli(node, best))) {
        best = g;
      }
    }
    return List.of(best);
  }

  /** Whole GPUs: the lowest-index wholly free ones. Shared: the largest free share. */
  static List<Integer> loosest(ClusterView view, int node, Workload workload) {
    if (!workload.sharesGpu()) {
      return lowestWhole(view, node, workload);
    }
    int best = -1;
    for (int g = 0; g < view.node(node).gpuCount(); g++) {
      int free = view.freeGpuMilli(node, g);
      if (free >= workload.gpuMilli() && (best < 0 || free > view.freeGpuMilli(node, best))) {
        best = g;
      }
    }
    return List.of(best);
  }

  /** The lowest-index wholly free GPUs, as many as asked; none for a CPU-only workload. */
  static List<Integer> lowestWhole(ClusterView view, int node, Workload workload) {
    List<Integer> gpus = new ArrayList<>();
    for (int g = 0; g < view.node(node).gpuCount() && gpus.size() < workload.gpuCount(); g++) {
      if (view.freeGpuMilli(node, g) == Workload.WHOLE_GPU_MILLI) {
        gpus.add(g);
      }
    }
    return gpus;
  }

  /** The largest CPU capacity of any node, in millicores. */
  static long maxCpu(ClusterView view) {
    long max = 1;
    for (int n = 0; n < view.nodeCount(); n++) {
      max = Math.max(max, view.node(n).cpuMilli());
    }
    return max;
  }

  /** The largest GPU capacity of any node, in milli. */
  static long maxGpu(ClusterView view) {
    long max = 1;
    for (int n = 0; n < view.nodeCount(); n++) {
      max = Math.max(max, view.node(n).gpuMilliCapacity());
    }
    return max;
  }

  /** The sum of the free shares of a node's GPUs. */
  static long freeGpu(ClusterView view, int node) {
    long sum = 0;
    for (int g = 0; g < view.node(node).gpuCount(); g++) {
      sum += view.freeGpuMilli(node, g);
    }
    return sum;
  }

  /**
   * Replays the seed's generated scenario (with random releases) and asserts that every decision of
   * {@code strategy} is the one {@code reference} gives.
   */
  static void assertDecidesLike(PackingStrategy strategy, Reference reference, long seed) {
    Generators.Scenario scenario = Generators.scenario(seed);
    int[] compared = {0};

    Replay.on(ClusterState.of(scenario.nodes()))
        .run(
            strategy,
            scenario.workloads(),
            seed,
            0.2,
            new Replay.Observer() {
              @Override
              public void decided(ClusterView view, Workload workload, PlacementResult result) {
                Optional<Placement> expected = reference.expected(view, workload);
                assertThat(result.placement())
                    .as("seed %d: decision for %s", seed, workload)
                    .isEqualTo(expected);
                compared[0]++;
              }
            });

    assertThat(compared[0])
        .as("seed %d: decisions compared", seed)
        .isEqualTo(scenario.workloads().size());
  }
}
