package io.gpuautoscaler.core.cluster;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Workload;
import java.util.function.LongUnaryOperator;

/**
 * A segment tree over a {@link ClusterState}'s nodes in index order. Each segment keeps the
 * largest free CPU, memory, wholly free GPU count and single-GPU free share of its nodes, the
 * union of their GPU models, and the smallest and largest {@linkplain
 * ClusterState#leftoverKey(int) leftover key}. A segment whose maxima cannot hold a demand is
 * skipped whole, which makes "the first node that fits" and "the best node by leftover" cost
 * O(log n) per pruned segment instead of O(n). Updates cost O(log n).
 *
 * <p>The maxima are per dimension, so a segment can pass the test while none of its nodes fits;
 * searches then descend and check nodes exactly. Not thread-safe, like its state.
 */
@Beta
public final class NodeIndex {
  private final ClusterState state;
  private final int size;
  private final long[] maxCpu;
  private final long[] maxMem;
  private final int[] maxWhole;
  private final int[] maxShare;
  private final long[] mask;
  private final long[] minKey;
  private final long[] maxKey;

  NodeIndex(ClusterState state) {
    this.state = state;
    int n = state.nodeCount();
    int s = 1;
    while (s < Math.max(1, n)) {
      s <<= 1;
    }
    size = s;
    maxCpu = new long[2 * s];
    maxMem = new long[2 * s];
    maxWhole = new int[2 * s];
    maxShare = new int[2 * s];
    mask = new long[2 * s];
    minKey = new long[2 * s];
    maxKey = new long[2 * s];
    java.util.Arrays.fill(minKey, Long.MAX_VALUE);
    java.util.Arrays.fill(maxKey, Long.MIN_VALUE);
    java.util.Arrays.fill(maxCpu, -1);
    java.util.Arrays.fill(maxMem, -1);
    for (int i = 0; i < n; i++) {
      setLeaf(i);
    }
    for (int p = s - 1; p >= 1; p--) {
      pull(p);
    }
  }

  private void setLeaf(int node) {
    int p = size + node;
    maxCpu[p] = state.freeCpuRaw(node);
    maxMem[p] = state.freeMemRaw(node);
    maxWhole[p] = state.wholeFreeGpus(node);
    maxShare[p] = state.maxFreeGpuMilli(node);
    mask[p] = state.modelBit(node);
    long key = state.leftoverKey(node);
    minKey[p] = key;
    maxKey[p] = key;
  }

  private void pull(int p) {
    int l = 2 * p;
    int r = l + 1;
    maxCpu[p] = Math.max(maxCpu[l], maxCpu[r]);
    maxMem[p] = Math.max(maxMem[l], maxMem[r]);
    maxWhole[p] = Math.max(maxWhole[l], maxWhole[r]);
    maxShare[p] = Math.max(maxShare[l], maxShare[r]);
    mask[p] = mask[l] | mask[r];
    minKey[p] = Math.min(minKey[l], minKey[r]);
    maxKey[p] = Math.max(maxKey[l], maxKey[r]);
  }

  void update(int node) {
    setLeaf(node);
    for (int p = (size + node) >> 1; p >= 1; p >>= 1) {
      pull(p);
    }
  }

  private boolean mayFit(int p, Demand d) {
    if (maxCpu[p] < d.cpuMilli() || maxMem[p] < d.memoryMib()) {
      return false;
    }
    if (d.gpuCount() == 0) {
      return true;
    }
    if ((mask[p] & d.modelMask()) == 0) {
      return false;
    }
    return d.gpuMilli() >= Workload.WHOLE_GPU_MILLI
        ? maxWhole[p] >= d.gpuCount()
        : maxShare[p] >= d.gpuMilli();
  }

  /** The lowest-index node at or after {@code from} on which {@code d} fits, or -1. */
  public int firstFit(Demand d, int from) {
    if (from >= state.nodeCount()) {
      return -1;
    }
    return first(1, 0, size, d, Math.max(0, from));
  }

  private int first(int p, int lo, int hi, Demand d, int from) {
    if (hi <= from || !mayFit(p, d)) {
      return -1;
    }
    if (p >= size) {
      int node = p - size;
      return state.fits(node, d) ? node : -1;
    }
    int mid = (lo + hi) >>> 1;
    int left = first(2 * p, lo, mid, d, from);
    return left >= 0 ? left : first(2 * p + 1, mid, hi, d, from);
  }

  /**
   * The node that fits {@code d} with the highest {@code score(leftoverKey)}, the lowest index
   * among equals, or -1 when none fits.
   *
   * @param score maps a node's leftover key to its score; must be monotone in the key
   * @param decreasing true when the score never grows as the key grows (best-fit), false when it
   *     never shrinks (worst-fit); a segment's bound is then the score of its smallest, resp.
   *     largest, key
   */
  public int best(Demand d, LongUnaryOperator score, boolean decreasing) {
    Search s = new Search(d, score, decreasing);
    s.visit(1, 0);
    return s.bestNode;
  }

  private final class Search {
    final Demand d;
    final LongUnaryOperator score;
    final boolean decreasing;
    long bestScore = Long.MIN_VALUE;
    int bestNode = -1;

    Search(Demand d, LongUnaryOperator score, boolean decreasing) {
      this.d = d;
      this.score = score;
      this.decreasing = decreasing;
    }

    long bound(int p) {
      return score.applyAsLong(decreasing ? minKey[p] : maxKey[p]);
    }

    /** {@code lo} is the first node index the segment covers. */
    void visit(int p, int lo) {
      if (!mayFit(p, d)) {
        return;
      }
      if (bestNode >= 0) {
        long b = bound(p);
        if (b < bestScore || (b == bestScore && lo > bestNode)) {
          return;
        }
      }
      if (p >= size) {
        int node = p - size;
        if (node < state.nodeCount() && state.fits(node, d)) {
          long s = score.applyAsLong(state.leftoverKey(node));
          if (bestNode < 0 || s > bestScore || (s == bestScore && node < bestNode)) {
            bestScore = s;
            bestNode = node;
          }
        }
        return;
      }
      int half = (size >>> (31 - Integer.numberOfLeadingZeros(p))) >>> 1;
      int l = 2 * p;
      int r = l + 1;
      // The more promising child first: a good incumbent early prunes more.
      if (bound(r) > bound(l)) {
        visit(r, lo + half);
        visit(l, lo);
      } else {
        visit(l, lo);
        visit(r, lo + half);
      }
    }
  }
}
