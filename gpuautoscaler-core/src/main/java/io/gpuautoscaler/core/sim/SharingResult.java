package io.gpuautoscaler.core.sim;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * One sharing scheme's runs over several seeds, aggregated per arrival point.
 *
 * @param scheme the sharing scheme
 * @param seeds the seeds, in the order given
 * @param points one per integer arrived % from 0 to the protocol's maximum
 * @param runs the runs, in seed order
 */
@Beta
public record SharingResult(
    SharingScheme scheme, List<Long> seeds, List<Point> points, List<SharingRunResult> runs) {
  public SharingResult {
    requireNonNull(scheme, "scheme");
    seeds = List.copyOf(seeds);
    points = List.copyOf(points);
    runs = List.copyOf(runs);
  }

  /**
   * The aggregate at one arrival point.
   *
   * @param arrivedPct arrived GPU demand (as the trace requests it) as % of capacity
   * @param jobsPerGpu running GPU pods per GPU with any pod
   * @param gpusUsed GPUs with any pod
   * @param unallocatedPct GPU capacity not handed out, %
   */
  public record Point(int arrivedPct, Stat jobsPerGpu, Stat gpusUsed, Stat unallocatedPct) {}

  /** The point at arrived workload {@code x} %. */
  public Point at(int x) {
    return points.get(x);
  }

  /** Mean failed pods per run. */
  public double failedMean() {
    return runs.stream().mapToInt(SharingRunResult::failed).average().orElse(0);
  }
}
