package io.gpuautoscaler.core.forecast;

import io.gpuautoscaler.api.Beta;

/**
 * How far a forecast was from what happened, over the steps whose actual value is known.
 *
 * <p>{@code wape} is the headline: demand is often 0 (a quiet team at night), where a percentage
 * error per step is undefined ({@code mape}) or saturates ({@code smape}); WAPE weighs every step
 * by its size, so it reads as "GPUs mis-forecast per GPU demanded". All three are fractions (0.1 =
 * 10 %); {@link Double#NaN} when undefined (no step, or nothing demanded in the whole window for
 * WAPE, no nonzero actual for MAPE).
 *
 * @param points steps compared
 * @param wape {@code Σ|forecast − actual| / Σ|actual|}
 * @param mape mean of {@code |forecast − actual| / |actual|} over the steps with a nonzero actual
 * @param mapePoints steps that count in {@code mape}
 * @param smape mean of {@code 2|forecast − actual| / (|forecast| + |actual|)}, a step where both
 *     are 0 counting 0
 */
@Beta
public record ForecastError(int points, double wape, double mape, int mapePoints, double smape) {
  public ForecastError {
    if (points < 0 || mapePoints < 0 || mapePoints > points) {
      throw new IllegalArgumentException(
          "points must be >= 0 and mapePoints in 0..points, were " + points + ", " + mapePoints);
    }
  }

  /**
   * The errors of {@code forecast} against {@code actual}, index by index; an index whose actual is
   * {@link Double#NaN} (missing) is skipped.
   *
   * @throws IllegalArgumentException if the lengths differ or a forecast is not finite
   */
  public static ForecastError of(double[] actual, double[] forecast) {
    if (actual.length != forecast.length) {
      throw new IllegalArgumentException(
          "actual and forecast differ in length: " + actual.length + " vs " + forecast.length);
    }
    int points = 0;
    int mapePoints = 0;
    double absErr = 0;
    double absActual = 0;
    double ape = 0;
    double sape = 0;
    for (int i = 0; i < actual.length; i++) {
      double a = actual[i];
      double f = forecast[i];
      if (Double.isNaN(a)) {
        continue;
      }
      if (!Double.isFinite(f)) {
        throw new IllegalArgumentException("forecast " + i + " is not finite: " + f);
      }
      double e = Math.abs(f - a);
      points++;
      absErr += e;
      absActual += Math.abs(a);
      if (a != 0) {
        ape += e / Math.abs(a);
        mapePoints++;
      }
      double denom = Math.abs(f) + Math.abs(a);
      sape += denom == 0 ? 0 : 2 * e / denom;
    }
    return new ForecastError(
        points,
        absActual > 0 ? absErr / absActual : Double.NaN,
        mapePoints > 0 ? ape / mapePoints : Double.NaN,
        mapePoints,
        points > 0 ? sape / points : Double.NaN);
  }
}
