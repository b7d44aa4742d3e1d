package io.gpuautoscaler.core.forecast;

import io.gpuautoscaler.api.Beta;

/**
 * {@code seasonal-naive}: each step is the value of the same step one week earlier (the baseline
 * every seasonal forecast must beat). When that step is itself ahead of the history, it repeats
 * week by week; when it is missing, the week before is used. With less than a week of history it
 * falls back to the same step one day earlier, and says so.
 */
@Beta
public final class SeasonalNaiveForecaster implements Forecaster {
  /** The id. */
  public static final String NAME = "seasonal-naive";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Forecast forecast(DemandSeries history, int horizon) {
    Forecaster.check(history, horizon);
    int n = history.size();
    int period = n >= history.stepsPerWeek() ? history.stepsPerWeek() : history.stepsPerDay();
    double[] out = new double[horizon];
    for (int h = 1; h <= horizon; h++) {
      int t = n - 1 + h;
      // The latest same step of the period that lies within the history and has data.
      int k = t - period * ((t - n) / period + 1);
      while (k >= 0 && history.isMissing(k)) {
        k -= period;
      }
      out[h - 1] = k >= 0 ? history.value(k) : lastKnown(history);
    }
    return Forecast.of(
        out,
        period == history.stepsPerWeek()
            ? "same hour last week"
            : "same hour yesterday (history under a week)");
  }

  static double lastKnown(DemandSeries s) {
    for (int i = s.size() - 1; i >= 0; i--) {
      if (!s.isMissing(i)) {
        return s.value(i);
      }
    }
    throw new IllegalArgumentException("every step of " + s.label() + " is missing");
  }
}
