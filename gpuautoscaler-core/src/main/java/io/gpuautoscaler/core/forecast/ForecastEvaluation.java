package io.gpuautoscaler.core.forecast;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.ArrayList;
import java.util.List;

/**
 * Forecast error on the last week of a series, learned from the weeks before it only.
 *
 * <p>The series is split at {@code size − stepsPerWeek}: everything before is training history, the
 * last week is the test. Each forecaster is scored three ways:
 *
 * <ul>
 *   <li><b>rolling, horizon H</b>: every test step is forecast from the history that ends H steps
 *       before it (so H = 1 is the next hour with everything up to now; H = 6 is six hours ahead).
 *       Each test step counts once, so the scores of different H cover the same steps.
 *   <li><b>week-ahead</b>: one forecast of the whole test week from the training history, no
 *       updates.
 * </ul>
 *
 * Each forecast is handed {@link DemandSeries#head} of the series, which ends where the forecast is
 * made: no forecaster can see a step it forecasts. Test steps with a missing actual are skipped.
 * Stateless.
 */
@Beta
public final class ForecastEvaluation {
  /** The label of the week-ahead score. */
  public static final String WEEK_AHEAD = "week-ahead";

  private ForecastEvaluation() {}

  /**
   * One score.
   *
   * @param forecaster the forecaster's {@link Forecaster#name()}
   * @param mode {@code rolling H=<h>} or {@link #WEEK_AHEAD}
   * @param error the error over the test week
   */
  public record Score(String forecaster, String mode, ForecastError error) {
    public Score {
      requireNonNull(forecaster, "forecaster");
      requireNonNull(mode, "mode");
      requireNonNull(error, "error");
    }
  }

  /**
   * The scores of one series.
   *
   * @param series the series' {@link DemandSeries#label()}
   * @param trainSteps steps of history before the test week
   * @param testSteps steps of the test week with a known actual
   * @param scores every forecaster in every mode
   */
  public record SeriesResult(String series, int trainSteps, int testSteps, List<Score> scores) {
    public SeriesResult {
      requireNonNull(series, "series");
      scores = List.copyOf(scores);
    }

    /**
     * The error of {@code forecaster} in {@code mode}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public ForecastError error(String forecaster, String mode) {
      for (Score s : scores) {
        if (s.forecaster().equals(forecaster) && s.mode().equals(mode)) {
          return s.error();
        }
      }
      throw new IllegalArgumentException("no score for " + forecaster + " " + mode);
    }
  }

  /** The label of a rolling score. */
  public static String rolling(int horizon) {
    return "rolling H=" + horizon;
  }

  /** The step where the test week starts. */
  public static int testStart(DemandSeries s) {
    return s.size() - s.stepsPerWeek();
  }

  /**
   * Scores every forecaster on the last week of {@code series}.
   *
   * @param horizons the rolling horizons, each at least 1
   * @throws IllegalArgumentException when the series has less than a day of history before its last
   *     week
   */
  public static SeriesResult lastWeek(
      DemandSeries series, List<Forecaster> forecasters, List<Integer> horizons) {
    int start = testStart(series);
    int longest = horizons.stream().mapToInt(Integer::intValue).max().orElse(1);
    if (start - longest + 1 < series.stepsPerDay()) {
      throw new IllegalArgumentException(
          series.label()
              + " has "
              + series.size()
              + " steps; the evaluation needs a day of history before its last week, plus "
              + (longest - 1)
              + " steps for its longest horizon ("
              + (series.stepsPerWeek() + series.stepsPerDay() + longest - 1)
              + " in all)");
    }
    double[] actual = new double[series.size() - start];
    int known = 0;
    for (int i = 0; i < actual.length; i++) {
      actual[i] = series.value(start + i);
      if (!Double.isNaN(actual[i])) {
        known++;
      }
    }
    List<Score> scores = new ArrayList<>();
    for (Forecaster f : forecasters) {
      for (int h : horizons) {
        scores.add(
            new Score(f.name(), rolling(h), ForecastError.of(actual, rolling(series, f, h))));
      }
      scores.add(new Score(f.name(), WEEK_AHEAD, ForecastError.of(actual, weekAhead(series, f))));
    }
    return new SeriesResult(series.label(), start, known, scores);
  }

  /** Every series of {@code data} that is long enough, in order. */
  public static List<SeriesResult> lastWeek(
      DemandData data, List<Forecaster> forecasters, List<Integer> horizons) {
    List<SeriesResult> results = new ArrayList<>();
    for (DemandSeries s : data.series()) {
      results.add(lastWeek(s, forecasters, horizons));
    }
    return results;
  }

  /**
   * The rolling forecasts of the test week: element {@code i} forecasts test step {@code i} from
   * the history ending {@code horizon} steps before it.
   */
  public static double[] rolling(DemandSeries series, Forecaster f, int horizon) {
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, was " + horizon);
    }
    int start = testStart(series);
    double[] out = new double[series.size() - start];
    for (int i = 0; i < out.length; i++) {
      int t = start + i;
      DemandSeries history = series.head(t - horizon + 1);
      out[i] = f.forecast(history, horizon).at(horizon);
    }
    return out;
  }

  /** The week-ahead forecast of the test week, from the training history alone. */
  public static double[] weekAhead(DemandSeries series, Forecaster f) {
    int start = testStart(series);
    Forecast fc = f.forecast(series.head(start), series.size() - start);
    double[] out = new double[fc.horizon()];
    for (int i = 0; i < out.length; i++) {
      out[i] = fc.at(i + 1);
    }
    return out;
  }
}
