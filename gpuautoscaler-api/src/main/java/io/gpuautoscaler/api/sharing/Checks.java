package io.gpuautoscaler.api.sharing;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Argument checks shared by the sharing records. Not API. */
final class Checks {
  private Checks() {}

  static String nonBlank(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  static <T> List<T> list(List<T> values, String field) {
    Objects.requireNonNull(values, field);
    for (T value : values) {
      Objects.requireNonNull(value, field + " element");
    }
    return List.copyOf(values);
  }

  /** A sorted, unmodifiable copy, so that output built from it is deterministic. */
  static Map<String, String> sortedMap(Map<String, String> values, String field) {
    Objects.requireNonNull(values, field);
    TreeMap<String, String> copy = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new IllegalArgumentException(
                field + " must have non-blank keys and non-null values, had " + k + "=" + v);
          }
          copy.put(k, v);
        });
    return Collections.unmodifiableMap(copy);
  }
}
