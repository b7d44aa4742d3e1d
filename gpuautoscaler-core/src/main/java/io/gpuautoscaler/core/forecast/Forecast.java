package io.gpuautoscaler.core.forecast;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * A forecast of the steps that follow a history.
 *
 * @param values one per step ahead, the first for the step right after the history; each finite and
 *     {@code >= 0}
 * @param method how it was made, for people, e.g. {@code "weekly profile over 2.0 weeks"} or the
 *     fallback used when the history is short
 */
@Beta
public record Forecast(List<Double> values, String method) {
  public Forecast {
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a forecast has at least one value");
    }
    for (double v : values) {
      if (!Double.isFinite(v) || v < 0) {
        throw new IllegalArgumentException("forecast values must be finite and >= 0, was " + v);
      }
    }
    requireNonNull(method, "method");
    if (method.isBlank()) {
      throw new IllegalArgumentException("method must not be blank");
    }
  }

  static Forecast of(double[] values, String method) {
    Double[] boxed = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return new Forecast(List.of(boxed), method);
  }

  /** The value {@code stepsAhead} steps after the history (1 = the next step). */
  public double at(int stepsAhead) {
    return values.get(stepsAhead - 1);
  }

  /** The number of steps forecast. */
  public int horizon() {
    return values.size();
  }
}
