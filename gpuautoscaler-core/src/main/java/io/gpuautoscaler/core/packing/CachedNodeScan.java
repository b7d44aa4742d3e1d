package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The node scan of the fragmentation strategies: score every node that fits, keep the highest score
 * (the lowest index among equals), and cache each node's score and chosen GPU per request shape,
 * keyed by the node's {@linkplain ClusterState#version(int) version}, so that a decision rescores
 * only the nodes that changed since the same shape was last placed. The cache belongs to one state;
 * a scan of another state starts it afresh. Not thread-safe.
 */
final class CachedNodeScan {
  /** Beyond this many cached entries (nodes × shapes), new shapes are scored without caching. */
  private static final long MAX_CACHED_ENTRIES = 8_000_000;

  /** Scores one node that fits, and says which GPU it would take for a shared request. */
  @FunctionalInterface
  interface Scorer {
    /** The node's score; writes the GPU for a shared request, or -1, to {@code gpuOut[0]}. */
    int score(int node, int[] gpuOut);
  }

  /** A request shape, as far as scores depend on it: memory only decides whether a node fits. */
  record ShapeKey(long cpu, int milli, int count, Set<String> models) {
    static ShapeKey of(Demand d) {
      return new ShapeKey(
          d.cpuMilli(), d.gpuMilli(), d.gpuCount(), d.workload().allowedGpuModels());
    }
  }

  private static final class Column {
    final long[] version;
    final int[] score;
    final int[] gpu;

    Column(int nodes) {
      version = new long[nodes];
      Arrays.fill(version, -1);
      score = new int[nodes];
      gpu = new int[nodes];
    }
  }

  private final Map<ShapeKey, Column> columns = new HashMap<>();
  private ClusterState state;
  private int chosenGpu = -1;
  private final int[] gpuOut = new int[1];

  /**
   * The best node for {@code demand} on {@code state}, or -1 when none fits; {@link #chosenGpu()}
   * then gives its GPU for a shared request.
   */
  int choose(ClusterState state, Demand demand, Scorer scorer) {
    if (state != this.state) {
      this.state = state;
      columns.clear();
    }
    Column column = column(ShapeKey.of(demand));
    int best = -1;
    int bestScore = Integer.MIN_VALUE;
    int bestGpu = -1;
    for (int n = 0, count = state.nodeCount(); n < count; n++) {
      if (!state.fits(n, demand)) {
        continue;
      }
      int score;
      int gpu;
      if (column != null && column.version[n] == state.version(n)) {
        score = column.score[n];
        gpu = column.gpu[n];
      } else {
        score = scorer.score(n, gpuOut);
        gpu = gpuOut[0];
        if (column != null) {
          column.version[n] = state.version(n);
          column.score[n] = score;
          column.gpu[n] = gpu;
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = n;
        bestGpu = gpu;
      }
    }
    chosenGpu = bestGpu;
    return best;
  }

  /**
   * The GPUs to take on the node the last {@link #choose} picked: the GPU it chose for a shared
   * request, else the lowest-index wholly free ones.
   */
  int[] gpus(ClusterState state, int node, Demand demand) {
    return demand.sharesGpu()
        ? new int[] {chosenGpu}
        : GpuSelection.lowestWhole(state, node, demand);
  }

  /** Forgets every cached score, e.g. when the measure behind them changed. */
  void invalidate() {
    for (Column column : columns.values()) {
      Arrays.fill(column.version, -1);
    }
  }

  private Column column(ShapeKey key) {
    Column column = columns.get(key);
    if (column == null && (long) (columns.size() + 1) * state.nodeCount() <= MAX_CACHED_ENTRIES) {
      column = new Column(state.nodeCount());
      columns.put(key, column);
    }
    return column;
  }
}
