package io.gpuautoscaler.core.sim;

import io.gpuautoscaler.api.Beta;

/**
 * A mean and sample standard deviation over runs (seeds).
 *
 * @param mean the mean
 * @param sd the sample standard deviation (n - 1 in the denominator); 0 for a single run
 */
@Beta
public record Stat(double mean, double sd) {
  public Stat {
    if (!Double.isFinite(mean) || !Double.isFinite(sd) || sd < 0) {
      throw new IllegalArgumentException(
          "mean and sd must be finite, sd >= 0: " + mean + ", " + sd);
    }
  }

  /** The mean and sample sd of {@code values}. */
  public static Stat of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    if (values.length == 1) {
      return new Stat(mean, 0);
    }
    double sq = 0;
    for (double v : values) {
      sq += (v - mean) * (v - mean);
    }
    return new Stat(mean, Math.sqrt(sq / (values.length - 1)));
  }
}
