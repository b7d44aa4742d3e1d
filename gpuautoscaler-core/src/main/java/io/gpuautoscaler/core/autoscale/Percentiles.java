package io.gpuautoscaler.core.autoscale;

import io.gpuautoscaler.api.Beta;
import java.util.Arrays;

/**
 * Nearest-rank percentiles of a sample: the smallest value with at least p % of the sample at or
 * below it. All 0 for an empty sample.
 *
 * @param p50 the median
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 */
@Beta
public record Percentiles(double p50, double p95, double p99) {

  /** The percentiles of {@code values}, which are not changed. */
  public static Percentiles of(double[] values) {
    if (values.length == 0) {
      return new Percentiles(0, 0, 0);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new Percentiles(rank(sorted, 50), rank(sorted, 95), rank(sorted, 99));
  }

  private static double rank(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
