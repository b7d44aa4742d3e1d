package io.gpuautoscaler.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration as written on the command line and in files: a whole number and s, m or h. */
final class DurationSpec {
  private static final Pattern SPEC = Pattern.compile("(\\d{1,9})([smh])");

  private DurationSpec() {}

  /**
   * Parses {@code 90s}, {@code 30m}, {@code 2h}.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  static Duration parse(String text) {
    Matcher m = SPEC.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a whole number and a unit s, m or h, such as 300s, 30m or 2h; found '"
              + text
              + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** The shortest spelling {@link #parse} reads back: {@code 30m}, {@code 90s}, {@code 2h}. */
  static String format(Duration d) {
    long s = d.getSeconds();
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
