package io.gpuautoscaler.api.model;

import java.util.Map;
import java.util.Objects;

/** Argument checks shared by the value types. Not API. */
final class Checks {
  private Checks() {}

  static String nonBlank(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  static long nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + value);
    }
    return value;
  }

  static Map<String, String> labels(Map<String, String> labels, String field) {
    Objects.requireNonNull(labels, field);
    labels.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new IllegalArgumentException(
                field + " must have non-blank keys and non-null values, had " + k + "=" + v);
          }
        });
    return Map.copyOf(labels);
  }
}
