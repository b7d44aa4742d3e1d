package io.gpuautoscaler.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The seeds of a simulation, written as comma-separated seeds and inclusive ranges: {@code 42-51},
 * {@code 42,44,50-51}. Seeds are non-negative because {@code -} is the range sign. The order given
 * is kept; a seed given twice is an error, since it would silently weigh one run double in the
 * means.
 *
 * @param seeds the seeds, in the order given, without duplicates
 */
record SeedSpec(List<Long> seeds) {
  /** Enough for any experiment, small enough that a typo like {@code 1-100000000} fails fast. */
  static final int MAX_SEEDS = 10_000;

  private static final Pattern PART = Pattern.compile("(\\d{1,18})(?:-(\\d{1,18}))?");

  SeedSpec {
    seeds = List.copyOf(seeds);
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("no seeds");
    }
  }

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming the part at fault
   */
  static SeedSpec parse(String spec) {
    if (spec.isBlank()) {
      throw new IllegalArgumentException("no seeds given; expected e.g. 42-51 or 42,44,50-51");
    }
    Set<Long> seeds = new LinkedHashSet<>();
    for (String raw : spec.split(",", -1)) {
      String part = raw.trim();
      Matcher m = PART.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "bad part '"
                + part
                + "' in '"
                + spec
                + "': expected a seed (a non-negative integer) or a range such as 42-51");
      }
      long from = Long.parseLong(m.group(1));
      long to = m.group(2) == null ? from : Long.parseLong(m.group(2));
      if (to < from) {
        throw new IllegalArgumentException(
            "bad part '" + part + "' in '" + spec + "': the range runs backwards");
      }
      if (to - from >= MAX_SEEDS || seeds.size() + (to - from) >= MAX_SEEDS) {
        throw new IllegalArgumentException(
            "bad part '" + part + "' in '" + spec + "': more than " + MAX_SEEDS + " seeds");
      }
      for (long seed = from; seed <= to; seed++) {
        if (!seeds.add(seed)) {
          throw new IllegalArgumentException(
              "bad part '" + part + "' in '" + spec + "': seed " + seed + " is given twice");
        }
      }
    }
    return new SeedSpec(new ArrayList<>(seeds));
  }

  /** The seeds written back compactly, runs of consecutive seeds as ranges: {@code 42-51}. */
  static String format(List<Long> seeds) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < seeds.size()) {
      int j = i;
      while (j + 1 < seeds.size() && seeds.get(j + 1) == seeds.get(j) + 1) {
        j++;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(seeds.get(i));
      if (j > i) {
        sb.append('-').append(seeds.get(j));
      }
      i = j + 1;
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return format(seeds);
  }

  /** Lets picocli report a bad spec as a usage error that names the bad part. */
  static final class Converter implements ITypeConverter<SeedSpec> {
    @Override
    public SeedSpec convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
