package io.gpuautoscaler.core.forecast;

import io.gpuautoscaler.api.Beta;

/**
 * Forecasts the next steps of a demand series from its history alone. Implementations are pure (no
 * clock, no randomness) and thread-safe.
 */
@Beta
public interface Forecaster {

  /** Short lowercase id used in tables, e.g. {@code seasonal-naive}. */
  String name();

  /**
   * The forecast of the {@code horizon} steps that follow {@code history}.
   *
   * @param history at least one day of steps; its last step is the last one known
   * @param horizon steps to forecast, at least 1
   * @throws IllegalArgumentException if the history is shorter than a day or holds no value
   */
  Forecast forecast(DemandSeries history, int horizon);

  /** Checks the common preconditions. */
  static void check(DemandSeries history, int horizon) {
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, was " + horizon);
    }
    if (history.size() < history.stepsPerDay()) {
      throw new IllegalArgumentException(
          "a forecast needs at least a day of history ("
              + history.stepsPerDay()
              + " steps), "
              + history.label()
              + " has "
              + history.size());
    }
    for (int i = 0; i < history.size(); i++) {
      if (!history.isMissing(i)) {
        return;
      }
    }
    throw new IllegalArgumentException("every step of " + history.label() + " is missing");
  }
}
