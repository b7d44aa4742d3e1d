package io.gpuautoscaler.core.forecast;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A demand series: one value per step from {@code start}, for one key (a team, or {@code total})
 * and one {@link Measure}. A value is finite and at least 0, or missing ({@link Double#NaN}) where
 * the source has no data for the step (an outage of the logging, not a demand of 0). Immutable.
 *
 * <p>The step must divide a day, and {@code start} must be a multiple of the step since the epoch,
 * so that the same index modulo {@link #stepsPerWeek()} is the same hour of the week in every
 * series of that step.
 */
@Beta
public final class DemandSeries {
  /** The key of the series that sums every team. */
  public static final String TOTAL = "total";

  /** What a series counts. */
  public enum Measure {
    /** GPUs in use or waiting (demand an autoscaler must serve), mean over the step. */
    GPUS("gpus"),
    /** Jobs submitted within the step. */
    ARRIVALS("arrivals");

    private final String id;

    Measure(String id) {
      this.id = id;
    }

    /** Lowercase id used in tables, e.g. {@code gpus}. */
    public String id() {
      return id;
    }
  }

  private final String key;
  private final Measure measure;
  private final Instant start;
  private final Duration step;
  private final double[] values;

  /**
   * @param key the team, or {@link #TOTAL}; not blank
   * @param measure what the values count
   * @param start the start of the first step, a multiple of {@code step} since the epoch
   * @param step the length of one step; divides a day
   * @param values one per step, each finite and {@code >= 0} or {@link Double#NaN} for missing;
   *     copied
   */
  public DemandSeries(String key, Measure measure, Instant start, Duration step, double[] values) {
    requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("key must not be blank");
    }
    this.key = key;
    this.measure = requireNonNull(measure, "measure");
    this.start = requireNonNull(start, "start");
    this.step = requireNonNull(step, "step");
    if (step.isNegative()
        || step.isZero()
        || Duration.ofDays(1).toMillis() % step.toMillis() != 0) {
      throw new IllegalArgumentException("step must be positive and divide a day, was " + step);
    }
    if (start.toEpochMilli() % step.toMillis() != 0) {
      throw new IllegalArgumentException(
          "start must be a multiple of the step " + step + " since the epoch, was " + start);
    }
    this.values = values.clone();
    for (int i = 0; i < this.values.length; i++) {
      double v = this.values[i];
      if (!Double.isNaN(v) && (!Double.isFinite(v) || v < 0)) {
        throw new IllegalArgumentException(
            "values must be finite and >= 0 (or NaN for missing); value "
                + i
                + " of "
                + key
                + " was "
                + v);
      }
    }
  }

  /** An hourly series. */
  public static DemandSeries hourly(String key, Measure measure, Instant start, double[] values) {
    return new DemandSeries(key, measure, start, Duration.ofHours(1), values);
  }

  public String key() {
    return key;
  }

  public Measure measure() {
    return measure;
  }

  public Instant start() {
    return start;
  }

  public Duration step() {
    return step;
  }

  /** The end of the last step (exclusive). */
  public Instant end() {
    return start.plus(step.multipliedBy(values.length));
  }

  /** Number of steps. */
  public int size() {
    return values.length;
  }

  /** The value of step {@code i}; {@link Double#NaN} when missing. */
  public double value(int i) {
    return values[i];
  }

  /** Whether step {@code i} has no data. */
  public boolean isMissing(int i) {
    return Double.isNaN(values[i]);
  }

  /** A copy of the values. */
  public double[] values() {
    return values.clone();
  }

  /** The start of step {@code i}. */
  public Instant timeOf(int i) {
    return start.plus(step.multipliedBy(i));
  }

  /** Steps in one day. */
  public int stepsPerDay() {
    return (int) (Duration.ofDays(1).toMillis() / step.toMillis());
  }

  /** Steps in one week. */
  public int stepsPerWeek() {
    return 7 * stepsPerDay();
  }

  /**
   * The position of step {@code i} within a period of {@code period} steps, counted from the epoch
   * (so it is the same in every series of this step): with {@code period = stepsPerWeek()}, the
   * step of the week.
   */
  public int slot(int i, int period) {
    long epochStep = start.toEpochMilli() / step.toMillis() + i;
    return (int) Math.floorMod(epochStep, (long) period);
  }

  /** The first {@code n} steps: the history a forecast made after step {@code n - 1} may use. */
  public DemandSeries head(int n) {
    if (n < 0 || n > values.length) {
      throw new IllegalArgumentException("head must be in 0.." + values.length + ", was " + n);
    }
    return new DemandSeries(key, measure, start, step, Arrays.copyOf(values, n));
  }

  /** This series with other values (same key, measure, start and step). */
  public DemandSeries withValues(double[] other) {
    return new DemandSeries(key, measure, start, step, other);
  }

  /** {@code measure key}, e.g. {@code gpus vc6YE}. */
  public String label() {
    return measure.id() + " " + key;
  }

  @Override
  public String toString() {
    return label() + " from " + start + ", " + values.length + " × " + step;
  }
}
