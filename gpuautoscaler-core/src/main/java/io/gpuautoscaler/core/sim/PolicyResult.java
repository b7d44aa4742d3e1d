package io.gpuautoscaler.core.sim;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * One policy's runs over several seeds, and their curves aggregated per arrival point.
 *
 * @param policy the packing strategy's name
 * @param seeds the seeds, in the order given
 * @param points one per integer arrived % from 0 to the protocol's maximum
 * @param runs the individual runs, in seed order
 */
@Beta
public record PolicyResult(
    String policy, List<Long> seeds, List<Point> points, List<RunResult> runs) {
  public PolicyResult {
    seeds = List.copyOf(seeds);
    points = List.copyOf(points);
    runs = List.copyOf(runs);
  }

  /**
   * The aggregate at one arrival point.
   *
   * @param arrivedPct arrived GPU demand as % of capacity
   * @param unallocatedPct unallocated GPU %, over seeds
   * @param fragmentationPct fragmented GPU % of capacity, over seeds
   */
  public record Point(int arrivedPct, Stat unallocatedPct, Stat fragmentationPct) {}

  /** The point at arrived workload {@code x} %. */
  public Point at(int x) {
    return points.get(x);
  }
}
