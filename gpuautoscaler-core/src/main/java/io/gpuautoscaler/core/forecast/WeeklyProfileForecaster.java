package io.gpuautoscaler.core.forecast;

import io.gpuautoscaler.api.Beta;
import java.util.Locale;

/**
 * {@code weekly-profile}, the project's forecaster: an hour-of-week profile plus the persisting
 * part of the latest deviation from it.
 *
 * <ol>
 *   <li><b>Profile.</b> For each step of the week, the mean of that step over every past week, each
 *       week weighing half as much as the one after it (a half-life of one week). Recent weeks
 *       count most, as in AWS predictive scaling's 14-day look-back: the last two weeks carry three
 *       quarters of the weight, yet a single odd week does not decide alone, as it does in
 *       seasonal-naive. Missing steps (outages) are left out.
 *   <li><b>Deviation.</b> Each step's deviation is its value minus the profile built from the weeks
 *       before it (an out-of-sample error). The latest deviation carries forward, shrunk by {@code
 *       φ} per step, where {@code φ} is the lag-one regression coefficient of those deviations on
 *       the history itself, kept within [0, 1]. So a busy morning raises the next hours' forecast,
 *       and the effect fades as fast as such bursts faded before; far ahead the forecast is the
 *       profile.
 *   <li><b>Short history.</b> With at least a day but less than a week, the same method runs with a
 *       period of a day (hour-of-day profile, half-life one day), and the forecast's {@link
 *       Forecast#method()} says so.
 * </ol>
 *
 * The only constant is the half-life of one period, chosen a priori (above), not fitted to any
 * trace; {@code φ} is learned from the history. Forecasts are clamped at 0.
 */
@Beta
public final class WeeklyProfileForecaster implements Forecaster {
  /** The id. */
  public static final String NAME = "weekly-profile";

  /** How much a period's value weighs against the next period's: a half-life of one period. */
  static final double DECAY_PER_PERIOD = 0.5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Forecast forecast(DemandSeries history, int horizon) {
    Forecaster.check(history, horizon);
    Model m = fit(history);
    double[] out = new double[horizon];
    int n = history.size();
    for (int h = 1; h <= horizon; h++) {
      out[h - 1] = m.predict(history, n - 1 + h);
    }
    return Forecast.of(out, m.describe(history));
  }

  /** The fitted profile, persistence and latest deviation of a history. */
  record Model(
      int period,
      double[] profile,
      double fallback,
      double phi,
      int lastResidualIndex,
      double lastResidual,
      double periodsSeen) {

    double predict(DemandSeries history, int t) {
      int s = history.slot(t, period);
      double base = Double.isNaN(profile[s]) ? fallback : profile[s];
      double carried =
          lastResidualIndex < 0 ? 0 : Math.pow(phi, t - lastResidualIndex) * lastResidual;
      return Math.max(0, base + carried);
    }

    String describe(DemandSeries history) {
      boolean weekly = period == history.stepsPerWeek();
      return String.format(
          Locale.ROOT,
          "%s profile over %.1f %s%s, deviation persistence %.2f per step",
          weekly ? "hour-of-week" : "hour-of-day",
          periodsSeen,
          weekly ? "weeks" : "days",
          weekly ? "" : " (under a week of history: no day-of-week pattern yet)",
          phi);
    }
  }

  static Model fit(DemandSeries history) {
    int n = history.size();
    int period = n >= history.stepsPerWeek() ? history.stepsPerWeek() : history.stepsPerDay();
    double[] sum = new double[period];
    double[] weight = new double[period];
    int[] last = new int[period];
    double[] residual = new double[n];
    double all = 0;
    int known = 0;
    for (int i = 0; i < n; i++) {
      residual[i] = Double.NaN;
      double x = history.value(i);
      if (Double.isNaN(x)) {
        continue;
      }
      all += x;
      known++;
      int s = history.slot(i, period);
      if (weight[s] > 0) {
        double age = (i - last[s]) / (double) period;
        double decay = Math.pow(DECAY_PER_PERIOD, age);
        sum[s] *= decay;
        weight[s] *= decay;
        residual[i] = x - sum[s] / weight[s];
      }
      sum[s] += x;
      weight[s] += 1;
      last[s] = i;
    }
    double[] profile = new double[period];
    for (int s = 0; s < period; s++) {
      profile[s] = weight[s] > 0 ? sum[s] / weight[s] : Double.NaN;
    }
    double num = 0;
    double den = 0;
    int lastIndex = -1;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(residual[i])) {
        continue;
      }
      if (i > 0 && !Double.isNaN(residual[i - 1])) {
        num += residual[i] * residual[i - 1];
        den += residual[i - 1] * residual[i - 1];
      }
      lastIndex = i;
    }
    double phi = den > 0 ? Math.max(0, Math.min(1, num / den)) : 0;
    return new Model(
        period,
        profile,
        all / known,
        phi,
        lastIndex,
        lastIndex < 0 ? 0 : residual[lastIndex],
        n / (double) period);
  }
}
