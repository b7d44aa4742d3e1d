package io.gpuautoscaler.api.spi;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configuration handed to a provider's {@code create}: string keys and values, read through
 * typed getters that fail with the key's name and the bad value. Immutable and thread-safe.
 *
 * <p>A provider should call {@link #requireOnly} with the keys it understands, so that a misspelled
 * key fails loudly instead of being ignored.
 */
@Beta
public final class Settings {
  private static final Settings EMPTY = new Settings(new TreeMap<>());

  private final TreeMap<String, String> values;

  private Settings(TreeMap<String, String> values) {
    this.values = values;
  }

  /** No settings: every provider's defaults. */
  public static Settings empty() {
    return EMPTY;
  }

  /** Settings with the given entries, copied. */
  public static Settings of(Map<String, String> values) {
    requireNonNull(values, "values");
    TreeMap<String, String> copy = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new IllegalArgumentException("settings need non-blank keys and values: " + k);
          }
          copy.put(k, v);
        });
    return new Settings(copy);
  }

  /** A copy of these settings with {@code key} set to {@code value}. */
  public Settings with(String key, String value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    if (key.isBlank()) {
      throw new IllegalArgumentException("settings need non-blank keys");
    }
    TreeMap<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new Settings(copy);
  }

  /** All entries, sorted by key. */
  public Map<String, String> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  /** The raw value of {@code key}, if set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * The value of {@code key} as a long, or {@code defaultValue} when it is not set.
   *
   * @throws ConfigurationException when the value is set but is not an integer
   */
  public long getLong(String key, long defaultValue) {
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "setting '" + key + "' must be an integer, was '" + raw + "'", e);
    }
  }

  /**
   * The value of {@code key} as an int, or {@code defaultValue} when it is not set.
   *
   * @throws ConfigurationException when the value is set but is not an int
   */
  public int getInt(String key, int defaultValue) {
    long value = getLong(key, defaultValue);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new ConfigurationException(
          "setting '" + key + "' is out of the int range: " + values.get(key));
    }
    return (int) value;
  }

  /**
   * The value of {@code key} as a finite double, or {@code defaultValue} when it is not set.
   *
   * @throws ConfigurationException when the value is set but is not a finite number
   */
  public double getDouble(String key, double defaultValue) {
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    try {
      double value = Double.parseDouble(raw.trim());
      if (!Double.isFinite(value)) {
        throw new NumberFormatException("not finite");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "setting '" + key + "' must be a finite number, was '" + raw + "'", e);
    }
  }

  /**
   * The value of {@code key} as a boolean ({@code true} or {@code false}), or {@code defaultValue}
   * when it is not set.
   *
   * @throws ConfigurationException when the value is set but is neither
   */
  public boolean getBoolean(String key, boolean defaultValue) {
    String raw = values.get(key);
    if (raw == null) {
      return defaultValue;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new ConfigurationException(
              "setting '" + key + "' must be true or false, was '" + raw + "'");
    };
  }

  /**
   * Fails when a key other than {@code known} is set.
   *
   * @param owner who reads these settings, for the message (e.g. {@code "packing strategy fgd"})
   * @throws ConfigurationException naming the unknown keys and the known ones
   */
  public Settings requireOnly(String owner, String... known) {
    Set<String> allowed = new TreeSet<>(Arrays.asList(known));
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          owner
              + " does not understand setting(s) "
              + unknown
              + "; it knows "
              + (allowed.isEmpty() ? "none" : allowed.toString()));
    }
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Settings other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Settings" + values;
  }
}
