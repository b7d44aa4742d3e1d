package io.gpuautoscaler.core.forecast;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.core.forecast.DemandSeries.Measure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Helios (SenseTime, SC '21) per-minute, per-team ("VC") occupancy series, files named
 * {@code <vc>.cluster_sequence_vc[...].csv}, into hourly {@link Measure#GPUS} demand series per VC
 * and in total.
 *
 * <ul>
 *   <li>Columns are found by their header name. Used: {@code time} ({@code yyyy-MM-dd HH:mm:ss}, no
 *       zone stated; read as UTC clock labels, which keeps the hour of the week), {@code
 *       running_gpu_num}, {@code pending_gpu_num} and {@code total_job_num}. Demand is {@code
 *       running_gpu_num + pending_gpu_num}: GPUs held plus GPUs asked for by queued jobs.
 *   <li>Rows must come one minute apart. A row may carry more values than the header names: the
 *       extra values are unnamed, unused, and counted in the notes, never silently dropped. A row
 *       with another number of values than the first row fails.
 *   <li>Outages: a minute at which every VC read (two or more) has no job at all, running or
 *       pending, is a logging outage (the Helios files go to 0 together, e.g. all of 2020-05-10),
 *       not idle demand: it is left out of the hourly means, and an hour with only such minutes is
 *       missing ({@link Double#NaN}).
 *   <li>Arrivals cannot be derived: the files are occupancy snapshots, not job lists.
 * </ul>
 *
 * A malformed row fails with an {@link InputFormatException}: {@code file:line: column 'x':
 * problem}. Stateless.
 */
@Beta
public final class HeliosSequenceReader {
  /** The part of a file name that marks a VC sequence file. */
  public static final String FILE_MARKER = ".cluster_sequence_vc";

  static final List<String> USED_COLUMNS =
      List.of("time", "running_gpu_num", "pending_gpu_num", "total_job_num");

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final long MINUTE_MS = 60_000;
  private static final long HOUR_MS = 3_600_000;

  private HeliosSequenceReader() {}

  /** One VC's minutes: demand and job count per minute from {@code startMinute}. */
  record Sequence(
      String source, String vc, long startMinute, int[] demand, int[] jobs, List<String> notes) {}

  /**
   * Reads every {@code *.cluster_sequence_vc*.csv} file of {@code dir}, sorted by name.
   *
   * @throws InputFormatException for malformed content, or no such file
   * @throws UncheckedIOException when a file cannot be read
   */
  public static DemandData readDirectory(Path dir) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + FILE_MARKER + "*.csv")) {
      ds.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new InputFormatException(
          dir.toString(), 0, "", "no file named <vc>" + FILE_MARKER + "*.csv in the directory");
    }
    files.sort(null);
    return read(dir.toString(), files);
  }

  /** Reads the given VC files; {@code source} names them in messages. */
  public static DemandData read(String source, List<Path> files) {
    List<Sequence> sequences = new ArrayList<>();
    for (Path f : files) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        sequences.add(read(r, f.toString(), vcOf(f)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    return hourly(source, sequences);
  }

  static String vcOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Reads one VC file. */
  static Sequence read(BufferedReader reader, String source, String vc) throws IOException {
    String header = reader.readLine();
    if (header == null) {
      throw new InputFormatException(source, 0, "", "the file is empty; expected a header");
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    String[] names = header.strip().split(",", -1);
    int named = names.length;
    // A trailing comma names an empty column: count it as unnamed, not as a column called "".
    while (named > 0 && names[named - 1].isBlank()) {
      named--;
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < named; i++) {
      String n = names[i].strip();
      if (n.isEmpty()) {
        throw new InputFormatException(source, 1, "", "header column " + (i + 1) + " has no name");
      }
      if (index.put(n, i) != null) {
        throw new InputFormatException(source, 1, n, "named twice in the header");
      }
    }
    for (String c : USED_COLUMNS) {
      if (!index.containsKey(c)) {
        throw new InputFormatException(
            source, 1, c, "missing from the header '" + header.strip() + "'");
      }
    }
    int time = index.get("time");
    int running = index.get("running_gpu_num");
    int pending = index.get("pending_gpu_num");
    int jobs = index.get("total_job_num");
    int width = -1;
    long line = 1;
    long start = 0;
    int n = 0;
    int[] demand = new int[1024];
    int[] jobCount = new int[1024];
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (text.isBlank()) {
        throw new InputFormatException(source, line, "", "blank line");
      }
      String[] f = text.split(",", -1);
      if (width < 0) {
        if (f.length < named) {
          throw new InputFormatException(
              source,
              line,
              "",
              "the header names " + named + " columns, but the row has " + f.length + " values");
        }
        width = f.length;
      } else if (f.length != width) {
        throw new InputFormatException(
            source, line, "", "expected " + width + " values as on line 2, found " + f.length);
      }
      long minute = minute(f[time], source, line);
      if (n == 0) {
        start = minute;
      } else if (minute != start + n) {
        throw new InputFormatException(
            source,
            line,
            "time",
            "expected "
                + format(start + n)
                + " (one minute after the previous row), found '"
                + f[time].strip()
                + "'");
      }
      if (n == demand.length) {
        demand = Arrays.copyOf(demand, n * 2);
        jobCount = Arrays.copyOf(jobCount, n * 2);
      }
      demand[n] =
          count(f[running], source, line, "running_gpu_num")
              + count(f[pending], source, line, "pending_gpu_num");
      jobCount[n] = count(f[jobs], source, line, "total_job_num");
      n++;
    }
    if (n == 0) {
      throw new InputFormatException(source, 0, "", "no rows after the header");
    }
    List<String> notes = new ArrayList<>();
    if (width > named) {
      notes.add(
          source
              + ": the header names "
              + named
              + " columns but every row carries "
              + width
              + " values; the last "
              + (width - named)
              + " are unnamed and unused");
    }
    return new Sequence(
        source, vc, start, Arrays.copyOf(demand, n), Arrays.copyOf(jobCount, n), notes);
  }

  /** Per-VC and total hourly means, outage minutes left out. */
  static DemandData hourly(String source, List<Sequence> sequences) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("no VC sequence to read in " + source);
    }
    Sequence first = sequences.get(0);
    for (Sequence s : sequences) {
      if (s.startMinute() != first.startMinute() || s.demand().length != first.demand().length) {
        throw new InputFormatException(
            s.source(),
            0,
            "",
            "covers "
                + format(s.startMinute())
                + " + "
                + s.demand().length
                + " minutes, but "
                + first.source()
                + " covers "
                + format(first.startMinute())
                + " + "
                + first.demand().length
                + " minutes; every VC file must cover the same minutes");
      }
    }
    int minutes = first.demand().length;
    boolean[] outage = new boolean[minutes];
    int outageMinutes = 0;
    if (sequences.size() >= 2) {
      for (int m = 0; m < minutes; m++) {
        boolean none = true;
        for (Sequence s : sequences) {
          if (s.jobs()[m] != 0) {
            none = false;
            break;
          }
        }
        outage[m] = none;
        if (none) {
          outageMinutes++;
        }
      }
    }
    long startMs = first.startMinute() * MINUTE_MS;
    long fromMs = Math.floorDiv(startMs, HOUR_MS) * HOUR_MS;
    long endMs = startMs + minutes * MINUTE_MS;
    int hours = (int) ((endMs - fromMs + HOUR_MS - 1) / HOUR_MS);
    Instant from = Instant.ofEpochMilli(fromMs);
    List<DemandSeries> perVc = new ArrayList<>();
    double[][] sums = new double[sequences.size() + 1][hours];
    int[] counted = new int[hours];
    int partialHours = 0;
    for (int m = 0; m < minutes; m++) {
      if (outage[m]) {
        continue;
      }
      int h = (int) ((startMs + m * MINUTE_MS - fromMs) / HOUR_MS);
      counted[h]++;
      for (int v = 0; v < sequences.size(); v++) {
        int d = sequences.get(v).demand()[m];
        sums[v][h] += d;
        sums[sequences.size()][h] += d;
      }
    }
    int missingHours = 0;
    for (int h = 0; h < hours; h++) {
      if (counted[h] == 0) {
        missingHours++;
      } else if (counted[h] < 60) {
        partialHours++;
      }
    }
    for (int v = 0; v <= sequences.size(); v++) {
      double[] mean = new double[hours];
      for (int h = 0; h < hours; h++) {
        mean[h] = counted[h] == 0 ? Double.NaN : sums[v][h] / counted[h];
      }
      String key = v == sequences.size() ? DemandSeries.TOTAL : sequences.get(v).vc();
      perVc.add(new DemandSeries(key, Measure.GPUS, from, Duration.ofHours(1), mean));
    }
    List<DemandSeries> series = new ArrayList<>();
    series.add(perVc.get(perVc.size() - 1));
    List<DemandSeries> vcs = new ArrayList<>(perVc.subList(0, perVc.size() - 1));
    vcs.sort((a, b) -> a.key().compareTo(b.key()));
    series.addAll(vcs);
    List<String> notes = new ArrayList<>();
    notes.add(
        sequences.size()
            + " VCs, "
            + format(first.startMinute())
            + " + "
            + minutes
            + " minutes (clock labels read as UTC)");
    notes.add(
        "gpus: hourly mean of running_gpu_num + pending_gpu_num; total sums the VCs read;"
            + " columns used: "
            + String.join(", ", USED_COLUMNS)
            + " (total_job_num for outages only)");
    if (sequences.size() >= 2) {
      notes.add(
          outageMinutes
              + " minutes with no job in any VC are outages, left out of the means; "
              + missingHours
              + " hours are missing, "
              + partialHours
              + " hours are means over fewer than 60 minutes");
    } else {
      notes.add("one VC only: outages cannot be told from an idle VC and are kept as demand 0");
    }
    notes.add("arrivals: not derivable from these files (occupancy per minute, not job lists)");
    for (Sequence s : sequences) {
      notes.addAll(s.notes());
    }
    return new DemandData(source, series, notes);
  }

  private static long minute(String raw, String source, long line) {
    String v = raw.strip();
    try {
      long ms = LocalDateTime.parse(v, TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
      if (ms % MINUTE_MS != 0) {
        throw new InputFormatException(
            source, line, "time", "must fall on a whole minute, was '" + v + "'");
      }
      return ms / MINUTE_MS;
    } catch (DateTimeParseException e) {
      throw new InputFormatException(
          source, line, "time", "expected a time such as 2020-05-01 00:00:00, found '" + v + "'");
    }
  }

  private static int count(String raw, String source, long line, String column) {
    String v = raw.strip();
    int value;
    try {
      value = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new InputFormatException(
          source, line, column, "expected a whole number, found '" + v + "'");
    }
    if (value < 0) {
      throw new InputFormatException(source, line, column, "must be >= 0, was " + value);
    }
    return value;
  }

  private static String format(long minute) {
    return LocalDateTime.ofEpochSecond(minute * 60, 0, ZoneOffset.UTC).format(TIME);
  }
}
