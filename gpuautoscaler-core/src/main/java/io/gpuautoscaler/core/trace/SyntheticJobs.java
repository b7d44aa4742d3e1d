package io.gpuautoscaler.core.trace;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A synthetic batch-job workload with the shape of the Philly traces, for runs without a trace file
 * and for benchmarks: {@code jobs} jobs submitted over {@code days} days by {@code teams} teams,
 * every draw from a {@link SplittableRandom} seeded by the caller.
 *
 * <p>Where each shape comes from (summary statistics of the Philly Pollux table, {@code
 * philly.pollux-vc.before-2017-11-13.csv}: 62,194 jobs from 2017-09-04 to 2017-11-12, 13 virtual
 * clusters; only these numbers are used, no data is copied):
 *
 * <ul>
 *   <li><b>GPUs per job</b>: the table's mix, with its rare widths folded into the nearest common
 *       one: 1 GPU 93.87 %, 2 GPUs 1.89 %, 4 GPUs 2.29 %, 8 GPUs 1.72 %, 16 GPUs 0.17 % (the
 *       table's 12 and 16), 32 GPUs 0.05 % (its 24 and 32). Jobs wider than a node run as gangs.
 *   <li><b>Durations</b>: lognormal per width, with the table's median and mean duration of that
 *       width: 1 GPU 1,339 s and 8,254 s; 2 GPUs 19 s and 44,000 s (the table's 2-GPU jobs are
 *       mostly very short, with a long tail); 4 GPUs 17,674 s and 85,190 s; 8 GPUs 35,347 s and
 *       159,694 s; 16 and 32 GPUs 51,170 s and 126,142 s. The spread of the log follows from the
 *       two, {@code σ = sqrt(2 ln(mean / median))}, so the work (GPU-hours) per job matches the
 *       table's; fitting the log's standard deviation instead (2.8 to 3.0 for 4 GPUs and wider)
 *       would triple the mean of the wide jobs, whose log durations are skewed by many short failed
 *       runs. Drawn durations are clamped to 1 s .. 4,628,226 s (the table's shortest and longest
 *       job, 53.6 days).
 *   <li><b>Teams</b>: sizes fall off as {@code 1 / rank^1.5}: with 13 teams the largest submits 45
 *       % of the jobs; in the table the largest virtual cluster submitted 50 % and the next three
 *       12-15 % each.
 *   <li><b>Arrival rhythm</b>: jobs arrive by a rate that follows the hour of the day and the day
 *       of the week, per team: {@code (1 + 0.5 cos(2π (hour - peak) / 24)) × (0.6 on Saturday and
 *       Sunday)}. The table's hourly submissions range from 0.5× to 2.2× the mean (amplitude about
 *       0.5 once smoothed over three hours), and its weekend days receive 0.62× a weekday's
 *       submissions. Each team's daily peak hour is drawn uniformly, as teams sit in different time
 *       zones and keep different hours; a team with no spread would make the whole cluster peak at
 *       once, which the table does not show.
 * </ul>
 *
 * <p>The first day is {@link #START}, a Monday (the Pollux table starts on Monday 2017-09-04). Jobs
 * do not checkpoint unless {@code checkpointInterval} is given (the trace does not say).
 *
 * <p>The text form, {@code key=value} pairs separated by commas, every key optional:
 *
 * <pre>
 * jobs=100000,days=60,seed=1,teams=10,checkpoint-minutes=30
 * </pre>
 *
 * with defaults {@value #DEFAULT_JOBS} jobs, {@value #DEFAULT_DAYS} days, seed 0, {@value
 * #DEFAULT_TEAMS} teams and no checkpoints.
 *
 * @param jobs number of jobs, at least 1
 * @param days days over which they are submitted, 1 to 3,650
 * @param seed seed of every random draw
 * @param teams number of teams, 1 to 1,000
 * @param checkpointInterval how often every job saves its progress, when it does
 */
@Beta
public record SyntheticJobs(
    int jobs, int days, long seed, int teams, Optional<Duration> checkpointInterval) {

  /** Monday 2017-09-04 00:00 UTC, the first day of every synthetic workload. */
  public static final Instant START = Instant.parse("2017-09-04T00:00:00Z");

  /** Jobs when the spec does not say. */
  public static final int DEFAULT_JOBS = 100_000;

  /** Days when the spec does not say. */
  public static final int DEFAULT_DAYS = 60;

  /** Teams when the spec does not say. */
  public static final int DEFAULT_TEAMS = 10;

  private static final int[] WIDTHS = {1, 2, 4, 8, 16, 32};

  /**
   * Pollux's share of each width, in hundredths of a percent (see the class comment); they add up
   * to 9,999 after rounding, and the last width takes the remaining draw.
   */
  private static final int[] WIDTH_SHARES = {9387, 189, 229, 172, 17, 5};

  private static final double[] MEDIAN_SECONDS = {1339, 19, 17674, 35347, 51170, 51170};
  private static final double[] MEAN_SECONDS = {8254, 44000, 85190, 159694, 126142, 126142};
  private static final double[] LOG_SIGMA = new double[MEDIAN_SECONDS.length];

  static {
    for (int w = 0; w < LOG_SIGMA.length; w++) {
      // A lognormal's mean is median * exp(sigma^2 / 2).
      LOG_SIGMA[w] = StrictMath.sqrt(2 * StrictMath.log(MEAN_SECONDS[w] / MEDIAN_SECONDS[w]));
    }
  }

  private static final double MIN_SECONDS = 1;
  private static final double MAX_SECONDS = 4_628_226;

  private static final double DIURNAL_AMPLITUDE = 0.5;
  private static final double WEEKEND_FACTOR = 0.6;
  private static final double TEAM_SIZE_EXPONENT = 1.5;

  private static final List<String> KEYS =
      List.of("jobs", "days", "seed", "teams", "checkpoint-minutes");

  public SyntheticJobs {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be >= 1, was " + jobs);
    }
    if (days < 1 || days > 3650) {
      throw new IllegalArgumentException("days must be in 1..3650, was " + days);
    }
    if (teams < 1 || teams > 1000) {
      throw new IllegalArgumentException("teams must be in 1..1000, was " + teams);
    }
    requireNonNull(checkpointInterval, "checkpointInterval");
    checkpointInterval.ifPresent(
        c -> {
          if (c.isNegative() || c.isZero()) {
            throw new IllegalArgumentException("checkpointInterval must be positive, was " + c);
          }
        });
  }

  /** {@code jobs} jobs over {@code days} days, {@value #DEFAULT_TEAMS} teams, no checkpoints. */
  public static SyntheticJobs of(int jobs, int days, long seed) {
    return new SyntheticJobs(jobs, days, seed, DEFAULT_TEAMS, Optional.empty());
  }

  /**
   * Reads the text form, e.g. {@code jobs=100000,days=60,seed=1,teams=10}; an empty text gives the
   * defaults.
   *
   * @throws ConfigurationException naming the bad key or value
   */
  public static SyntheticJobs parse(String text) {
    requireNonNull(text, "text");
    Map<String, String> values = new LinkedHashMap<>();
    if (!text.isBlank()) {
      for (String pair : text.split(",", -1)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new ConfigurationException(
              "synthetic jobs spec entry '" + pair + "' is not key=value (in '" + text + "')");
        }
        String key = pair.substring(0, eq).trim();
        if (!KEYS.contains(key)) {
          throw new ConfigurationException(
              "synthetic jobs spec has unknown key '"
                  + key
                  + "' (in '"
                  + text
                  + "'); known: "
                  + String.join(", ", KEYS));
        }
        if (values.put(key, pair.substring(eq + 1).trim()) != null) {
          throw new ConfigurationException("synthetic jobs spec sets '" + key + "' twice");
        }
      }
    }
    long jobs = number(values, "jobs", DEFAULT_JOBS, 1, Integer.MAX_VALUE);
    long days = number(values, "days", DEFAULT_DAYS, 1, 3650);
    long seed = number(values, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
    long teams = number(values, "teams", DEFAULT_TEAMS, 1, 1000);
    Optional<Duration> checkpoint =
        values.containsKey("checkpoint-minutes")
            ? Optional.of(
                Duration.ofMinutes(
                    number(values, "checkpoint-minutes", 0, 1, Duration.ofDays(365).toMinutes())))
            : Optional.empty();
    return new SyntheticJobs((int) jobs, (int) days, seed, (int) teams, checkpoint);
  }

  private static long number(
      Map<String, String> values, String key, long fallback, long min, long max) {
    String text = values.get(key);
    if (text == null) {
      return fallback;
    }
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          "synthetic jobs spec: " + key + "='" + text + "' is not a whole number", e);
    }
    if (v < min || v > max) {
      throw new ConfigurationException(
          "synthetic jobs spec: " + key + "=" + v + " is out of range " + min + ".." + max);
    }
    return v;
  }

  /** The text form, which {@link #parse} reads back to an equal spec. */
  public String spec() {
    return String.format(Locale.ROOT, "jobs=%d,days=%d,seed=%d,teams=%d", jobs, days, seed, teams)
        + checkpointInterval.map(c -> ",checkpoint-minutes=" + c.toMinutes()).orElse("");
  }

  /** The jobs, as a trace named by {@link #spec()}. */
  public JobTrace trace() {
    return new JobTrace(
        "synthetic:" + spec(),
        generate(),
        List.of(
            "synthetic jobs with the Philly Pollux table's GPU mix, durations and weekly rhythm"
                + " (SyntheticJobs)"));
  }

  /**
   * The jobs, sorted by submit time (ties by draw order), with ids {@code job-0000001} upwards in
   * that order and teams {@code team-01} upwards. The same spec gives the same jobs.
   */
  public List<Job> generate() {
    SplittableRandom random = new SplittableRandom(seed);
    double[] teamWeight = new double[teams];
    double[] teamPeakHour = new double[teams];
    double total = 0;
    for (int t = 0; t < teams; t++) {
      teamWeight[t] = 1 / StrictMath.pow(t + 1, TEAM_SIZE_EXPONENT);
      total += teamWeight[t];
      teamPeakHour[t] = 24 * random.nextDouble();
    }
    double[] teamCumulative = new double[teams];
    double acc = 0;
    for (int t = 0; t < teams; t++) {
      acc += teamWeight[t] / total;
      teamCumulative[t] = acc;
    }
    long spanMillis = Duration.ofDays(days).toMillis();
    double maxRate = 1 + DIURNAL_AMPLITUDE;
    long[] at = new long[jobs];
    int[] team = new int[jobs];
    int[] width = new int[jobs];
    long[] durationMillis = new long[jobs];
    for (int i = 0; i < jobs; i++) {
      int t = pick(teamCumulative, random.nextDouble());
      long offset;
      // Thinning: a uniform instant is kept with probability rate / maxRate.
      do {
        offset = (long) (random.nextDouble() * spanMillis);
      } while (random.nextDouble() * maxRate > rate(offset, teamPeakHour[t]));
      int w = widthClass(random.nextInt(10_000));
      double seconds = MEDIAN_SECONDS[w] * StrictMath.exp(LOG_SIGMA[w] * gaussian(random));
      at[i] = offset;
      team[i] = t;
      width[i] = WIDTHS[w];
      durationMillis[i] = Math.round(Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, seconds)) * 1000);
    }
    Integer[] order = new Integer[jobs];
    for (int i = 0; i < jobs; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, (a, b) -> at[a] != at[b] ? Long.compare(at[a], at[b]) : Integer.compare(a, b));
    String idFormat = "job-%0" + Math.max(7, String.valueOf(jobs).length()) + "d";
    String teamFormat = "team-%0" + Math.max(2, String.valueOf(teams).length()) + "d";
    String[] teamNames = new String[teams];
    for (int t = 0; t < teams; t++) {
      teamNames[t] = String.format(Locale.ROOT, teamFormat, t + 1);
    }
    List<Job> list = new ArrayList<>(jobs);
    for (int k = 0; k < jobs; k++) {
      int i = order[k];
      list.add(
          new Job(
              String.format(Locale.ROOT, idFormat, k + 1),
              START.plusMillis(at[i]),
              Duration.ofMillis(durationMillis[i]),
              width[i],
              Optional.of(teamNames[team[i]]),
              checkpointInterval));
    }
    return List.copyOf(list);
  }

  /**
   * The arrival rate relative to the mean weekday rate, at {@code offset} ms after {@link #START}.
   */
  static double rate(long offsetMillis, double peakHour) {
    double hours = offsetMillis / 3_600_000.0;
    double hourOfDay = hours % 24;
    int dayOfWeek = (int) ((hours / 24) % 7); // 0 is Monday
    double diurnal =
        1 + DIURNAL_AMPLITUDE * StrictMath.cos(2 * Math.PI * (hourOfDay - peakHour) / 24);
    return dayOfWeek >= 5 ? diurnal * WEEKEND_FACTOR : diurnal;
  }

  private static int pick(double[] cumulative, double u) {
    for (int t = 0; t < cumulative.length - 1; t++) {
      if (u < cumulative[t]) {
        return t;
      }
    }
    return cumulative.length - 1;
  }

  private static int widthClass(int draw) {
    int acc = 0;
    for (int w = 0; w < WIDTH_SHARES.length - 1; w++) {
      acc += WIDTH_SHARES[w];
      if (draw < acc) {
        return w;
      }
    }
    return WIDTH_SHARES.length - 1;
  }

  /**
   * A standard normal draw by Box-Muller, written out rather than {@code nextGaussian()} so that
   * the jobs a seed gives do not depend on the JDK's choice of algorithm (and with {@code
   * StrictMath} throughout, not on the platform's).
   */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble(); // in (0, 1]: log(u) is finite
    double v = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
  }
}
