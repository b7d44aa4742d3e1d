package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spending limit on the GPU cost of the namespaces a label selector picks, over a repeating
 * period, with alert thresholds and what happens to new workloads once it is spent.
 *
 * <pre>{@code
 * new CostBudget(
 *     "ml-research",
 *     new Scope(Map.of("team", "ml-research")),
 *     10_000,
 *     Period.parse("calendar-month"),
 *     List.of(new Threshold(80, List.of("team-slack")), new Threshold(100, List.of("oncall"))),
 *     Enforcement.THROTTLE,
 *     Duration.ofHours(4),
 *     new Throttle(20, true));
 * }</pre>
 *
 * @param name a unique, stable name; it keys the alerts sent for this budget
 * @param scope which namespaces' cost counts against the budget
 * @param amountUsd what the scope may spend in one period, in US dollars; positive and finite
 * @param period the repeating window the amount applies to
 * @param thresholds when to alert, in percent of the amount, each with its channels; sorted by
 *     percent, no two with the same percent; may be empty (enforcement without alerts)
 * @param enforcement what the budget does to new workloads once the amount is spent
 * @param gracePeriod how long after the amount is spent enforcement waits, so that people can act
 *     on the alert first; zero or positive
 * @param throttle the limits {@link Enforcement#THROTTLE} applies; ignored by the other modes
 */
@Beta
public record CostBudget(
    String name,
    Scope scope,
    double amountUsd,
    Period period,
    List<Threshold> thresholds,
    Enforcement enforcement,
    Duration gracePeriod,
    Throttle throttle) {

  public CostBudget {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("budget name must not be blank");
    }
    requireNonNull(scope, "scope");
    if (!(amountUsd > 0) || Double.isInfinite(amountUsd)) {
      throw new IllegalArgumentException(
          "budget " + name + ": amountUsd must be positive and finite, was " + amountUsd);
    }
    requireNonNull(period, "period");
    List<Threshold> sorted = new ArrayList<>(requireNonNull(thresholds, "thresholds"));
    sorted.forEach(t -> requireNonNull(t, "threshold"));
    sorted.sort((a, b) -> Double.compare(a.percent(), b.percent()));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).percent() == sorted.get(i - 1).percent()) {
        throw new IllegalArgumentException(
            "budget " + name + ": two thresholds at " + sorted.get(i).percent() + "%");
      }
    }
    thresholds = List.copyOf(sorted);
    requireNonNull(enforcement, "enforcement");
    requireNonNull(gracePeriod, "gracePeriod");
    if (gracePeriod.isNegative()) {
      throw new IllegalArgumentException(
          "budget " + name + ": gracePeriod must not be negative, was " + gracePeriod);
    }
    requireNonNull(throttle, "throttle");
  }

  /** A budget that only alerts: no enforcement, no grace period, no throttle limits. */
  public static CostBudget alertOnly(
      String name, Scope scope, double amountUsd, Period period, List<Threshold> thresholds) {
    return new CostBudget(
        name,
        scope,
        amountUsd,
        period,
        thresholds,
        Enforcement.ALERT,
        Duration.ZERO,
        Throttle.NONE);
  }

  /**
   * The namespaces whose cost counts: those whose labels include every entry of {@code
   * namespaceSelector} (Kubernetes {@code matchLabels} semantics). An empty selector selects every
   * namespace; the idle cost of unallocated GPUs, which has no namespace, never counts.
   *
   * @param namespaceSelector labels a namespace must carry, sorted by key
   */
  public record Scope(Map<String, String> namespaceSelector) {
    public Scope {
      requireNonNull(namespaceSelector, "namespaceSelector");
      namespaceSelector.forEach(
          (k, v) -> {
            if (k == null || k.isBlank() || v == null) {
              throw new IllegalArgumentException(
                  "namespaceSelector needs non-blank keys and non-null values: " + k);
            }
          });
      namespaceSelector = Collections.unmodifiableMap(new TreeMap<>(namespaceSelector));
    }

    /** Every namespace. */
    public static Scope allNamespaces() {
      return new Scope(Map.of());
    }

    /** Whether a namespace with {@code namespaceLabels} is in scope. Pure. */
    public boolean selects(Map<String, String> namespaceLabels) {
      requireNonNull(namespaceLabels, "namespaceLabels");
      for (Map.Entry<String, String> e : namespaceSelector.entrySet()) {
        if (!e.getValue().equals(namespaceLabels.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The window a budget's amount applies to, repeating without gaps: every instant falls in exactly
   * one window, so "one alert per threshold per period" has a precise meaning.
   */
  public sealed interface Period permits Every, CalendarMonth {
    /**
     * The window that contains {@code at}: start inclusive, end exclusive. Pure.
     *
     * @throws NullPointerException when {@code at} is null
     */
    Window windowAt(Instant at);

    /**
     * Reads {@code "30d"}, {@code "7d"}, {@code "12h"} (windows of that length from the Unix epoch,
     * UTC) or {@code "calendar-month"} (calendar months in UTC).
     *
     * @throws IllegalArgumentException naming the accepted forms when {@code text} is none of them
     */
    static Period parse(String text) {
      requireNonNull(text, "period");
      String t = text.trim().toLowerCase(Locale.ROOT);
      if (t.equals("calendar-month") || t.equals("month") || t.equals("monthly")) {
        return new CalendarMonth(ZoneId.of("UTC"));
      }
      Matcher m = Pattern.compile("([1-9][0-9]{0,5})([dh])").matcher(t);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return new Every(
            m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n), Instant.EPOCH);
      }
      throw new IllegalArgumentException(
          "period must be like '30d', '12h' or 'calendar-month', was '" + text + "'");
    }
  }

  /**
   * Back-to-back windows of a fixed {@code length}, the first starting at {@code anchor}.
   *
   * @param length the window length; at least one minute
   * @param anchor the start of one window (windows extend both ways from it)
   */
  public record Every(Duration length, Instant anchor) implements Period {
    public Every {
      requireNonNull(length, "length");
      requireNonNull(anchor, "anchor");
      if (length.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("period length must be at least 1m, was " + length);
      }
    }

    @Override
    public Window windowAt(Instant at) {
      requireNonNull(at, "at");
      long lengthMs = length.toMillis();
      long index = Math.floorDiv(at.toEpochMilli() - anchor.toEpochMilli(), lengthMs);
      Instant start = anchor.plusMillis(index * lengthMs);
      return new Window(start, start.plus(length));
    }
  }

  /**
   * Calendar months in {@code zone}: from midnight on the 1st to midnight on the 1st of the next.
   *
   * @param zone the time zone months are counted in
   */
  public record CalendarMonth(ZoneId zone) implements Period {
    public CalendarMonth {
      requireNonNull(zone, "zone");
    }

    @Override
    public Window windowAt(Instant at) {
      requireNonNull(at, "at");
      ZonedDateTime first = at.atZone(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
      return new Window(first.toInstant(), first.plusMonths(1).toInstant());
    }
  }

  /**
   * One period: {@code [start, end)}.
   *
   * @param start the first instant in the window
   * @param end the first instant after it; after {@code start}
   */
  public record Window(Instant start, Instant end) {
    public Window {
      requireNonNull(start, "start");
      requireNonNull(end, "end");
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("window end " + end + " must be after start " + start);
      }
    }

    /** The window's length. */
    public Duration length() {
      return Duration.between(start, end);
    }
  }

  /**
   * Alert when the spent amount reaches {@code percent} of the budget.
   *
   * @param percent in percent of the amount, in (0, 1000]; 100 means "the budget is spent"
   * @param channels the names of configured alert channels to notify, without duplicates; not empty
   */
  public record Threshold(double percent, List<String> channels) {
    public Threshold {
      if (!(percent > 0) || percent > 1000) {
        throw new IllegalArgumentException(
            "threshold percent must be in (0, 1000], was " + percent);
      }
      requireNonNull(channels, "channels");
      if (channels.isEmpty()) {
        throw new IllegalArgumentException("threshold " + percent + "% names no channel");
      }
      channels.forEach(
          c -> {
            if (c == null || c.isBlank()) {
              throw new IllegalArgumentException("threshold " + percent + "%: blank channel name");
            }
          });
      if (new TreeSet<>(channels).size() != channels.size()) {
        throw new IllegalArgumentException(
            "threshold " + percent + "% names a channel twice: " + channels);
      }
      channels = List.copyOf(channels);
    }
  }

  /** What a budget does to new workloads in its scope once its amount is spent. */
  public enum Enforcement {
    /** Alert only; every workload is admitted. */
    ALERT("alert"),
    /** Admit new workloads only within the {@link Throttle} limits. */
    THROTTLE("throttle"),
    /** Deny new workloads until the next period or a larger amount. */
    BLOCK("block");

    private final String id;

    Enforcement(String id) {
      this.id = id;
    }

    /** The lowercase id used in configuration: {@code alert}, {@code throttle}, {@code block}. */
    public String id() {
      return id;
    }

    /**
     * The mode whose {@link #id()} is {@code id}, ignoring case.
     *
     * @throws IllegalArgumentException naming the known ids when there is none
     */
    public static Enforcement fromId(String id) {
      String wanted = id.trim().toLowerCase(Locale.ROOT);
      for (Enforcement e : values()) {
        if (e.id.equals(wanted)) {
          return e;
        }
      }
      throw new IllegalArgumentException(
          "unknown enforcement '"
              + id
              + "'; known: "
              + Arrays.stream(values()).map(Enforcement::id).toList());
    }

    @Override
    public String toString() {
      return id;
    }
  }

  /**
   * The limits of {@link Enforcement#THROTTLE} once a budget is spent.
   *
   * @param maxSpotInstances the most workloads on spot capacity the scope may run; at or above it,
   *     new workloads are denied; at least 0
   * @param blockOnDemand whether new workloads are kept off on-demand (and reserved) capacity, that
   *     is admitted on spot capacity only
   */
  public record Throttle(int maxSpotInstances, boolean blockOnDemand) {
    /** No limit on spot workloads, on-demand allowed: throttling that changes nothing. */
    public static final Throttle NONE = new Throttle(Integer.MAX_VALUE, false);

    public Throttle {
      if (maxSpotInstances < 0) {
        throw new IllegalArgumentException(
            "maxSpotInstances must be >= 0, was " + maxSpotInstances);
      }
    }
  }
}
