package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;
import java.util.SplittableRandom;

/**
 * How a strategy picks GPUs on the node it chose. Whole-GPU requests always take the lowest-index
 * wholly free GPUs; the modes differ for a request that shares one GPU.
 */
final class GpuSelection {
  private static final int[] NONE = new int[0];

  private GpuSelection() {}

  /** Tightest fit: the GPU with the smallest free share that holds the request, first on ties. */
  static int[] tightest(ClusterState s, int node, Demand d) {
    if (!d.sharesGpu()) {
      return lowestWhole(s, node, d);
    }
    int best = -1;
    int bestFree = Integer.MAX_VALUE;
    for (int g = 0, n = s.gpuCount(node); g < n; g++) {
      int free = s.gpuFree(node, g);
      if (free >= d.gpuMilli() && free < bestFree) {
        best = g;
        bestFree = free;
      }
    }
    return single(best, node, d);
  }

  /** Loosest fit: the GPU with the largest free share, first on ties. */
  static int[] loosest(ClusterState s, int node, Demand d) {
    if (!d.sharesGpu()) {
      return lowestWhole(s, node, d);
    }
    int best = -1;
    int bestFree = -1;
    for (int g = 0, n = s.gpuCount(node); g < n; g++) {
      int free = s.gpuFree(node, g);
      if (free >= d.gpuMilli() && free > bestFree) {
        best = g;
        bestFree = free;
      }
    }
    return single(best, node, d);
  }

  /** A GPU drawn uniformly among those that hold the request. */
  static int[] random(ClusterState s, int node, Demand d, SplittableRandom random) {
    if (!d.sharesGpu()) {
      return lowestWhole(s, node, d);
    }
    int candidates = 0;
    for (int g = 0, n = s.gpuCount(node); g < n; g++) {
      if (s.gpuFree(node, g) >= d.gpuMilli()) {
        candidates++;
      }
    }
    int pick = candidates == 0 ? -1 : random.nextInt(candidates);
    for (int g = 0, n = s.gpuCount(node); g < n; g++) {
      if (s.gpuFree(node, g) >= d.gpuMilli() && pick-- == 0) {
        return new int[] {g};
      }
    }
    return single(-1, node, d);
  }

  /** The lowest-index wholly free GPUs, as many as requested; none for a CPU-only request. */
  static int[] lowestWhole(ClusterState s, int node, Demand d) {
    if (d.gpuCount() == 0) {
      return NONE;
    }
    int[] gpus = new int[d.gpuCount()];
    int taken = 0;
    for (int g = 0, n = s.gpuCount(node); g < n && taken < gpus.length; g++) {
      if (s.gpuFree(node, g) == Workload.WHOLE_GPU_MILLI) {
        gpus[taken++] = g;
      }
    }
    if (taken < gpus.length) {
      throw new IllegalStateException(
          "node " + s.node(node).name() + " has fewer than " + gpus.length + " free GPUs");
    }
    return gpus;
  }

  private static int[] single(int gpu, int node, Demand d) {
    if (gpu < 0) {
      throw new IllegalStateException(
          "no GPU of node "
              + node
              + " holds "
              + d.gpuMilli()
              + " milli; the node was not feasible");
    }
    return new int[] {gpu};
  }
}
