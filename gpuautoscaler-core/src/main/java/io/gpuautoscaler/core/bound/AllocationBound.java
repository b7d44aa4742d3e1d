package io.gpuautoscaler.core.bound;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An upper bound on the GPU milli that <em>any</em> packer could allocate to a set of workloads on
 * a cluster of identical-capacity GPUs: the "physical limit" every strategy's result is shown
 * against.
 *
 * <p>The bound relaxes the problem twice, which keeps it valid: it forgets nodes, CPU, memory and
 * GPU models (each GPU is a bin of 1000 milli, and a k-GPU workload is k independent whole items),
 * and it replaces "the items fit in the bins" by "their weights under a dual feasible function f
 * fit in the bins' weight". A dual feasible function (DFF) maps sizes so that any set of items that
 * fits in one bin still weighs at most one bin; so any packing of a subset S into G GPUs has {@code
 * Σ_S f(size) ≤ 1000 G}, and the largest GPU milli of such an S is at most the fractional knapsack
 * of "value size, weight f(size), capacity 1000 G". The bound is the smallest of these knapsacks
 * over a family of DFFs, and of the arrived demand and the capacity.
 *
 * <p>The family: the identity; Fekete and Schepers' {@code u_ε} (sizes above {@code 1000 − ε} weigh
 * a whole bin, sizes below {@code ε} weigh nothing), which captures that two shares above half a
 * GPU never share one; their {@code f_k} staircase ({@code k = 1..12}); and {@code f_k ∘ u_ε}. Only
 * thresholds {@code ε} at which some present size changes weight are tried. On the Alibaba default
 * pod list (97.98 % of capacity) it proves that at most 96.70 % of the GPU capacity can be
 * allocated: 3.3 % must stay unallocated whatever the packer.
 *
 * <p>Not thread-safe. {@link #add} is O(log sizes); {@link #maxAllocatedMilli} is O(DFFs × sizes ×
 * log sizes), about 10⁵ operations for the trace's 25 distinct sizes.
 */
@Beta
public final class AllocationBound {
  private static final int C = Workload.WHOLE_GPU_MILLI;
  private static final int MAX_K = 12;

  private final long capacityMilli;
  private final TreeMap<Integer, Long> countBySize = new TreeMap<>();
  private long demandMilli;

  /**
   * @param gpus the number of GPUs in the cluster, each of 1000 milli
   */
  public AllocationBound(long gpus) {
    if (gpus < 0) {
      throw new IllegalArgumentException("gpus must be >= 0, was " + gpus);
    }
    this.capacityMilli = Math.multiplyExact(gpus, C);
  }

  /** Adds an arrived workload; CPU-only workloads change nothing. */
  public void add(Workload workload) {
    if (!workload.requestsGpu()) {
      return;
    }
    if (workload.sharesGpu()) {
      countBySize.merge(workload.gpuMilli(), 1L, Long::sum);
    } else {
      countBySize.merge(C, (long) workload.gpuCount(), Long::sum);
    }
    demandMilli += workload.totalGpuMilli();
  }

  /** The GPU milli requested by the workloads added so far. */
  public long demandMilli() {
    return demandMilli;
  }

  /** An upper bound on the GPU milli any packer could allocate to the workloads added so far. */
  public double maxAllocatedMilli() {
    double best = Math.min(demandMilli, capacityMilli);
    if (countBySize.isEmpty()) {
      return best;
    }
    int[] sizes = countBySize.keySet().stream().mapToInt(Integer::intValue).toArray();
    long[] counts = countBySize.values().stream().mapToLong(Long::longValue).toArray();
    double[] weights = new double[sizes.length];
    for (int eps : thresholds(sizes)) {
      for (int k = 0; k <= MAX_K; k++) {
        for (int i = 0; i < sizes.length; i++) {
          double w = eps == 0 ? sizes[i] : epsilon(sizes[i], eps);
          weights[i] = k == 0 ? w : staircase(w, k);
        }
        best = Math.min(best, knapsack(sizes, counts, weights));
      }
    }
    return best;
  }

  /** 0 stands for "no u_ε"; the others are the ε at which a present size changes weight. */
  private static List<Integer> thresholds(int[] sizes) {
    TreeSet<Integer> eps = new TreeSet<>();
    eps.add(0);
    for (int s : sizes) {
      // u_ε treats s as whole when s > C - ε, and as nothing when s < ε.
      for (int e : new int[] {C - s + 1, s + 1}) {
        if (e >= 1 && e <= C / 2) {
          eps.add(e);
        }
      }
    }
    return new ArrayList<>(eps);
  }

  private static double epsilon(int size, int eps) {
    if (size > C - eps) {
      return C;
    }
    return size >= eps ? size : 0;
  }

  /** Fekete and Schepers' f_k, on a bin of C. */
  private static double staircase(double size, int k) {
    double scaled = (k + 1) * size / C;
    if (Math.abs(scaled - Math.rint(scaled)) < 1e-9) {
      return size;
    }
    return Math.floor(scaled) * C / k;
  }

  /** The fractional knapsack: value = size, weight = w, capacity = all GPUs. */
  private double knapsack(int[] sizes, long[] counts, double[] weights) {
    double value = 0;
    List<Integer> weighted = new ArrayList<>(sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      if (weights[i] <= 0) {
        value += (double) sizes[i] * counts[i];
      } else {
        weighted.add(i);
      }
    }
    weighted.sort((a, b) -> Double.compare(sizes[b] / weights[b], sizes[a] / weights[a]));
    double room = capacityMilli;
    for (int i : weighted) {
      double take = Math.min(counts[i], room / weights[i]);
      value += take * sizes[i];
      room -= take * weights[i];
      if (room <= 0) {
        break;
      }
    }
    return value;
  }

  /** The arrived multiset, size (milli per item) to count; whole GPUs are size 1000. */
  public Map<Integer, Long> sizes() {
    return java.util.Collections.unmodifiableMap(countBySize);
  }
}
