package io.gpuautoscaler.core.sim;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;

/**
 * One replay of one policy with one seed.
 *
 * @param policy the packing strategy's name
 * @param seed the seed of the shuffle, the clones, the node order and the strategy
 * @param pods pods attempted, clones included
 * @param placed pods placed
 * @param failed pods that fit nowhere on arrival
 * @param unallocatedPct unallocated GPU % at arrived workload {@code x} %, index {@code x}
 * @param fragmentationPct fragmented GPU (under the target workload) as % of capacity, index {@code
 *     x}
 * @param eventsAtPoint replay events averaged at each point (events within x ± 1 % when none rounds
 *     to x; 0 when the nearest event was taken)
 * @param elapsedMillis wall time of the replay, excluding setup
 */
@Beta
public record RunResult(
    String policy,
    long seed,
    int pods,
    int placed,
    int failed,
    double[] unallocatedPct,
    double[] fragmentationPct,
    int[] eventsAtPoint,
    long elapsedMillis) {
  public RunResult {
    requireNonNull(policy, "policy");
    unallocatedPct = unallocatedPct.clone();
    fragmentationPct = fragmentationPct.clone();
    eventsAtPoint = eventsAtPoint.clone();
  }

  @Override
  public double[] unallocatedPct() {
    return unallocatedPct.clone();
  }

  @Override
  public double[] fragmentationPct() {
    return fragmentationPct.clone();
  }

  @Override
  public int[] eventsAtPoint() {
    return eventsAtPoint.clone();
  }

  /** Unallocated GPU % at arrived workload {@code x} %. */
  public double unallocatedAt(int x) {
    return unallocatedPct[x];
  }

  /** Fragmented GPU % at arrived workload {@code x} %. */
  public double fragmentationAt(int x) {
    return fragmentationPct[x];
  }
}
