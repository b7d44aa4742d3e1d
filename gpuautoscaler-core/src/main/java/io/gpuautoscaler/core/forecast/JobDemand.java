package io.gpuautoscaler.core.forecast;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.core.forecast.DemandSeries.Measure;
import io.gpuautoscaler.core.trace.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hourly demand series from a job trace, per team and in total.
 *
 * <p>GPUs: each job holds its GPUs from its submission for its duration, as if capacity were always
 * there; the series is the time-weighted mean over each hour. That is the demand an autoscaler must
 * serve (GPUs in use plus GPUs waiting), not what a given cluster ran. Arrivals: jobs submitted
 * within the hour. Jobs without a team count in the total and under {@link #NO_TEAM}. Stateless.
 */
@Beta
public final class JobDemand {
  /** The key of jobs that name no team. */
  public static final String NO_TEAM = "(no team)";

  private static final Duration HOUR = Duration.ofHours(1);

  private JobDemand() {}

  /**
   * Both measures for {@code jobs} over the hours from the first submission's hour to the last
   * submission's hour (inclusive): GPUs of jobs still running after that are outside the window, as
   * the trace holds no later submissions to go with them.
   *
   * @throws IllegalArgumentException if {@code jobs} is empty
   */
  public static DemandData of(String source, List<Job> jobs) {
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("no jobs in " + source);
    }
    Instant first = jobs.get(0).submitTime();
    Instant last = first;
    for (Job j : jobs) {
      if (j.submitTime().isBefore(first)) {
        first = j.submitTime();
      }
      if (j.submitTime().isAfter(last)) {
        last = j.submitTime();
      }
    }
    Instant from = floorHour(first);
    Instant to = floorHour(last).plus(HOUR);
    List<DemandSeries> series = new ArrayList<>();
    series.addAll(gpus(jobs, from, to).values());
    series.addAll(arrivals(jobs, from, to).values());
    series.sort(
        (a, b) -> {
          int m = a.measure().compareTo(b.measure());
          if (m != 0) {
            return m;
          }
          boolean at = a.key().equals(DemandSeries.TOTAL);
          boolean bt = b.key().equals(DemandSeries.TOTAL);
          return at != bt ? (at ? -1 : 1) : a.key().compareTo(b.key());
        });
    long teams = jobs.stream().filter(j -> j.team().isPresent()).count();
    List<String> notes = new ArrayList<>();
    notes.add(
        "gpus: each job holds its GPUs from submission for its duration (the demand to serve,"
            + " running or waiting); hourly time-weighted mean, "
            + from
            + " to "
            + to);
    notes.add("arrivals: jobs submitted per hour");
    if (teams < jobs.size()) {
      notes.add((jobs.size() - teams) + " jobs name no team and are keyed " + NO_TEAM);
    }
    return new DemandData(source, series, notes);
  }

  /**
   * GPUs in use per hour in {@code [from, to)}, time-weighted mean, keyed by team and {@link
   * DemandSeries#TOTAL}.
   *
   * @param from start of the first hour, on an hour boundary
   * @param to end of the last hour, on an hour boundary, after {@code from}
   */
  public static Map<String, DemandSeries> gpus(List<Job> jobs, Instant from, Instant to) {
    int hours = hours(from, to);
    Map<String, double[]> gpuSeconds = new TreeMap<>();
    double[] total = new double[hours];
    gpuSeconds.put(DemandSeries.TOTAL, total);
    long fromMs = from.toEpochMilli();
    long toMs = to.toEpochMilli();
    for (Job j : jobs) {
      double[] team = gpuSeconds.computeIfAbsent(key(j), k -> new double[hours]);
      long s = Math.max(j.submitTime().toEpochMilli(), fromMs);
      long e = Math.min(j.submitTime().toEpochMilli() + j.duration().toMillis(), toMs);
      while (s < e) {
        int h = (int) ((s - fromMs) / HOUR.toMillis());
        long hourEnd = fromMs + (h + 1) * HOUR.toMillis();
        long until = Math.min(e, hourEnd);
        double gs = j.gpus() * ((until - s) / 1000.0);
        team[h] += gs;
        total[h] += gs;
        s = until;
      }
    }
    Map<String, DemandSeries> out = new TreeMap<>();
    gpuSeconds.forEach(
        (k, v) -> {
          double[] mean = new double[hours];
          for (int h = 0; h < hours; h++) {
            mean[h] = v[h] / 3600.0;
          }
          out.put(k, DemandSeries.hourly(k, Measure.GPUS, from, mean));
        });
    return out;
  }

  /**
   * Jobs submitted per hour in {@code [from, to)}, keyed by team and {@link DemandSeries#TOTAL}.
   */
  public static Map<String, DemandSeries> arrivals(List<Job> jobs, Instant from, Instant to) {
    int hours = hours(from, to);
    Map<String, double[]> counts = new TreeMap<>();
    double[] total = new double[hours];
    counts.put(DemandSeries.TOTAL, total);
    for (Job j : jobs) {
      double[] team = counts.computeIfAbsent(key(j), k -> new double[hours]);
      if (!j.submitTime().isBefore(from) && j.submitTime().isBefore(to)) {
        int h = (int) Duration.between(from, j.submitTime()).toHours();
        team[h]++;
        total[h]++;
      }
    }
    Map<String, DemandSeries> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, DemandSeries.hourly(k, Measure.ARRIVALS, from, v)));
    return out;
  }

  private static String key(Job j) {
    return j.team().orElse(NO_TEAM);
  }

  private static int hours(Instant from, Instant to) {
    if (from.toEpochMilli() % HOUR.toMillis() != 0 || to.toEpochMilli() % HOUR.toMillis() != 0) {
      throw new IllegalArgumentException(
          "from and to must lie on hour boundaries, were " + from + " and " + to);
    }
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to must be after from, were " + from + " and " + to);
    }
    return (int) Duration.between(from, to).toHours();
  }

  static Instant floorHour(Instant t) {
    long ms = t.toEpochMilli();
    return Instant.ofEpochMilli(Math.floorDiv(ms, HOUR.toMillis()) * HOUR.toMillis());
  }
}
