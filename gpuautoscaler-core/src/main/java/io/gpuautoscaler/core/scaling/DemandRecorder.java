package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.core.forecast.DemandSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hourly demand per key (team) from observations at irregular instants, for {@link
 * PredictivePolicy}. A level (GPUs demanded) holds from one observation to the next, so an hour's
 * value is the time-weighted mean over the part of the hour that observations cover; a count
 * (arrivals) adds up within its hour. An hour no observation covers is missing ({@link
 * Double#NaN}). Observations must come in time order; an earlier one is ignored. Not thread-safe.
 */
final class DemandRecorder {
  static final long HOUR_MS = Duration.ofHours(1).toMillis();

  private final boolean level;
  private final DemandSeries.Measure measure;
  private long originMs = Long.MIN_VALUE;
  private int closed;
  private int knownHours;
  private long lastMs = Long.MIN_VALUE;
  private boolean currentKnown;
  private Map<String, Double> current = Map.of();
  private final Map<String, double[]> history = new TreeMap<>();
  private final Map<String, Double> open = new HashMap<>();
  private long covered;

  /**
   * @param level true for a level held between observations (GPUs), false for counts (arrivals)
   */
  DemandRecorder(boolean level) {
    this.level = level;
    this.measure = level ? DemandSeries.Measure.GPUS : DemandSeries.Measure.ARRIVALS;
  }

  /**
   * Starts from past hourly series, before any observation. Later observations continue after the
   * seeded hours; the hours between are missing.
   */
  void seed(Iterable<DemandSeries> series) {
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (DemandSeries s : series) {
      if (!s.step().equals(Duration.ofHours(1))) {
        throw new IllegalArgumentException("seed series must be hourly, " + s + " is not");
      }
      start = Math.min(start, s.start().toEpochMilli());
      end = Math.max(end, s.end().toEpochMilli());
    }
    if (start == Long.MAX_VALUE) {
      return;
    }
    originMs = start;
    closed = (int) ((end - start) / HOUR_MS);
    boolean[] known = new boolean[closed];
    for (DemandSeries s : series) {
      double[] v = new double[capacity(closed)];
      Arrays.fill(v, Double.NaN);
      int offset = (int) ((s.start().toEpochMilli() - start) / HOUR_MS);
      for (int i = 0; i < s.size(); i++) {
        v[offset + i] = s.value(i);
        known[offset + i] |= !s.isMissing(i);
      }
      history.merge(s.key(), v, DemandRecorder::sum);
    }
    for (boolean k : known) {
      knownHours += k ? 1 : 0;
    }
    lastMs = end;
    currentKnown = false;
  }

  private static double[] sum(double[] a, double[] b) {
    double[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = Double.isNaN(a[i]) ? b[i] : Double.isNaN(b[i]) ? a[i] : a[i] + b[i];
    }
    return out;
  }

  /**
   * Records the values seen at {@code now}: for a level, what holds from now until the next
   * observation; for counts, what happened since the last one.
   */
  void observe(Instant now, Map<String, Double> values) {
    long t = now.toEpochMilli();
    if (originMs == Long.MIN_VALUE) {
      originMs = Math.floorDiv(t, HOUR_MS) * HOUR_MS;
      lastMs = t;
    }
    if (t < lastMs) {
      return;
    }
    advance(t);
    if (level) {
      current = Map.copyOf(values);
      currentKnown = true;
    } else {
      covered = Math.max(covered, 1); // counts make the hour known
      values.forEach((k, v) -> open.merge(k, v, Double::sum));
    }
  }

  private void advance(long t) {
    for (long end = openEndMs(); t >= end; end = openEndMs()) {
      accrue(end);
      close();
    }
    accrue(t);
  }

  private void accrue(long until) {
    if (until > lastMs) {
      if (level && currentKnown) {
        long dt = until - lastMs;
        covered += dt;
        current.forEach((k, v) -> open.merge(k, v * dt, Double::sum));
      }
      lastMs = until;
    }
  }

  private void close() {
    for (String k : open.keySet()) {
      history.computeIfAbsent(k, x -> new double[capacity(closed + 1)]);
    }
    for (Map.Entry<String, double[]> e : history.entrySet()) {
      double[] v = e.getValue();
      if (v.length <= closed) {
        v = Arrays.copyOf(v, capacity(closed + 1));
        e.setValue(v);
      }
      double x = open.getOrDefault(e.getKey(), 0.0);
      v[closed] = covered == 0 ? Double.NaN : level ? x / covered : x;
    }
    if (covered > 0) {
      knownHours++;
    }
    closed++;
    open.clear();
    covered = 0;
  }

  private static int capacity(int n) {
    return Math.max(64, Integer.highestOneBit(Math.max(1, n)) * 2);
  }

  private long openEndMs() {
    return originMs + (closed + 1L) * HOUR_MS;
  }

  /** Hours closed so far (the length of every {@link #series}). */
  int closedHours() {
    return closed;
  }

  /** Closed hours with data. */
  int knownHours() {
    return knownHours;
  }

  /** The start of the hour after the last closed one: the open hour. */
  Instant openStart() {
    return Instant.ofEpochMilli(originMs + closed * HOUR_MS);
  }

  /** Whether anything was seeded or observed. */
  boolean started() {
    return originMs != Long.MIN_VALUE;
  }

  /** The keys seen, sorted. */
  Iterable<String> keys() {
    return history.keySet();
  }

  /** The closed hours of {@code key}; hours before the key was first seen are 0. */
  DemandSeries series(String key) {
    double[] v = history.get(key);
    double[] out = v == null ? new double[closed] : Arrays.copyOf(v, closed);
    return DemandSeries.hourly(key, measure, Instant.ofEpochMilli(originMs), out);
  }
}
