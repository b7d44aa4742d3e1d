package io.gpuautoscaler.core.trace;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.InputFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the two published job tables of Microsoft's Philly GPU cluster trace (2017):
 *
 * <ul>
 *   <li>{@code pollux}: the Pollux artifact's {@code philly.csv}, header {@code
 *       timestamp,duration,num_gpus,gpu_time,cluster}. {@code timestamp} is the submit time ({@code
 *       yyyy-MM-dd HH:mm:ss}), {@code duration} the seconds the job held GPUs, {@code gpu_time}
 *       must equal {@code duration × num_gpus}, and {@code cluster} is the team (virtual cluster).
 *       A job's id is {@code pollux-<line>}, as the file has none.
 *   <li>{@code rfold}: RFold's {@code philly_trace.csv}, header {@code #job id,arrival time
 *       (sec),topology,shape,size,duration (sec)}. {@code arrival} counts seconds from the first
 *       submission, {@value #RFOLD_ANCHOR}; {@code shape} lists the GPUs per node of the job's
 *       first attempt ({@code 8+8}) and must add up to {@code size}, the GPUs. It names no team.
 * </ul>
 *
 * <p>The trace clock has no time zone; it is read as UTC. Seconds may carry a fraction (RFold has
 * float noise such as {@code 2059891.0000000002}); they are kept to the millisecond. Every row
 * becomes a job: a malformed row fails with an {@link InputFormatException} naming the file, the
 * line and the column, and nothing is skipped or clamped. Jobs are returned sorted by submit time
 * (the Pollux file is not), and {@link JobTrace#notes()} counts what a reader of results should
 * know. Stateless and thread-safe.
 */
@Beta
public final class PhillyTraceReader {
  /** The submit time of RFold's first job, to which its arrival seconds are added. */
  public static final String RFOLD_ANCHOR = "2017-08-14T23:27:00Z";

  /** The Pollux table's header. */
  public static final String POLLUX_HEADER = "timestamp,duration,num_gpus,gpu_time,cluster";

  /** The RFold table's header. */
  public static final String RFOLD_HEADER =
      "#job id,arrival time (sec),topology,shape,size,duration (sec)";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final String[] POLLUX_COLUMNS = POLLUX_HEADER.split(",");
  private static final String[] RFOLD_COLUMNS = RFOLD_HEADER.split(",");

  private PhillyTraceReader() {}

  /**
   * Reads either table, told apart by its header.
   *
   * @throws InputFormatException for malformed content, or a header that is neither table's
   * @throws UncheckedIOException when the file cannot be read
   */
  public static JobTrace read(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read job trace " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads either table from {@code reader}.
   *
   * @param source the file name, for messages
   * @throws InputFormatException for malformed content
   */
  public static JobTrace read(BufferedReader reader, String source) throws IOException {
    String header = reader.readLine();
    if (header == null) {
      throw new InputFormatException(source, 0, "", "the file is empty; expected a header");
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    String trimmed = header.strip();
    if (trimmed.equals(POLLUX_HEADER)) {
      return readPollux(reader, source);
    }
    if (trimmed.equals(RFOLD_HEADER)) {
      return readRfold(reader, source);
    }
    throw new InputFormatException(
        source,
        1,
        "",
        "unknown header '"
            + trimmed
            + "'; expected the Pollux header '"
            + POLLUX_HEADER
            + "' or the RFold header '"
            + RFOLD_HEADER
            + "'");
  }

  private static JobTrace readPollux(BufferedReader reader, String source) throws IOException {
    Rows rows = new Rows(reader, source, POLLUX_COLUMNS);
    List<Job> jobs = new ArrayList<>();
    Counts counts = new Counts();
    for (String[] f = rows.next(); f != null; f = rows.next()) {
      Instant submit = rows.timestamp(f, 0);
      long durationMillis = rows.seconds(f, 1);
      int gpus = rows.positiveInt(f, 2);
      long gpuTimeMillis = rows.seconds(f, 3);
      // Both columns are rounded to the millisecond; allow that rounding per GPU.
      if (Math.abs(gpuTimeMillis - durationMillis * gpus) > gpus) {
        throw rows.error(
            3,
            "must equal duration × num_gpus = "
                + durationMillis / 1000.0 * gpus
                + ", was "
                + f[3].strip());
      }
      String team = rows.text(f, 4);
      Job job =
          new Job(
              "pollux-" + rows.line(),
              submit,
              Duration.ofMillis(durationMillis),
              gpus,
              Optional.of(team),
              Optional.empty());
      counts.add(job, !jobs.isEmpty() && submit.isBefore(jobs.get(jobs.size() - 1).submitTime()));
      jobs.add(job);
    }
    return finish(source, jobs, counts, List.of());
  }

  private static JobTrace readRfold(BufferedReader reader, String source) throws IOException {
    Rows rows = new Rows(reader, source, RFOLD_COLUMNS);
    Instant anchor = Instant.parse(RFOLD_ANCHOR);
    List<Job> jobs = new ArrayList<>();
    Counts counts = new Counts();
    Set<Long> ids = new HashSet<>();
    int multiPartShapes = 0;
    int fractionalDurations = 0;
    for (String[] f = rows.next(); f != null; f = rows.next()) {
      long id = rows.nonNegativeLong(f, 0);
      if (!ids.add(id)) {
        throw rows.error(0, "duplicate job id " + id);
      }
      long arrivalMillis = rows.seconds(f, 1);
      rows.text(f, 2);
      String shape = rows.text(f, 3);
      int size = rows.positiveInt(f, 4);
      int sum = 0;
      String[] parts = shape.split("\\+", -1);
      for (String part : parts) {
        try {
          int gpus = Integer.parseInt(part.strip());
          if (gpus < 1) {
            throw new NumberFormatException();
          }
          sum += gpus;
        } catch (NumberFormatException e) {
          throw rows.error(
              3, "expected GPUs per node joined by '+', such as 8+8, found '" + shape + "'");
        }
      }
      if (sum != size) {
        throw rows.error(3, "adds up to " + sum + " GPUs, but size is " + size);
      }
      if (parts.length > 1) {
        multiPartShapes++;
      }
      long durationMillis = rows.seconds(f, 5);
      if (durationMillis % 1000 != 0 || f[5].strip().matches(".*\\.\\d*[1-9].*")) {
        fractionalDurations++;
      }
      Job job =
          new Job(
              "rfold-" + id,
              anchor.plusMillis(arrivalMillis),
              Duration.ofMillis(durationMillis),
              size,
              Optional.empty(),
              Optional.empty());
      counts.add(
          job,
          !jobs.isEmpty() && job.submitTime().isBefore(jobs.get(jobs.size() - 1).submitTime()));
      jobs.add(job);
    }
    List<String> extra = new ArrayList<>();
    if (multiPartShapes > 0) {
      extra.add(
          multiPartShapes
              + " jobs ran their first attempt split over several nodes (shape such as 8+8); the"
              + " shape is checked against size and otherwise unused: placement is the"
              + " simulator's");
    }
    if (fractionalDurations > 0) {
      extra.add(
          fractionalDurations
              + " durations carry a fraction of a second (float noise such as 2059891.0000000002);"
              + " kept to the millisecond");
    }
    extra.add("no team column: every job is unattributed");
    return finish(source, jobs, counts, extra);
  }

  private static JobTrace finish(String source, List<Job> jobs, Counts counts, List<String> extra) {
    List<String> notes = new ArrayList<>();
    if (counts.outOfOrder > 0) {
      notes.add(
          counts.outOfOrder
              + " rows are submitted earlier than the row before them; jobs are sorted by submit"
              + " time (ties in file order)");
      jobs.sort(Comparator.comparing(Job::submitTime));
    }
    if (counts.zeroDuration > 0) {
      notes.add(
          counts.zeroDuration
              + " jobs have duration 0; kept: they wait for GPUs like any job, then end at once");
    }
    if (counts.overEight > 0) {
      notes.add(
          counts.overEight + " jobs ask for more than 8 GPUs and run as gangs over several nodes");
    }
    notes.addAll(extra);
    return new JobTrace(source, jobs, notes);
  }

  private static final class Counts {
    int outOfOrder;
    int zeroDuration;
    int overEight;

    void add(Job job, boolean outOfOrder) {
      if (outOfOrder) {
        this.outOfOrder++;
      }
      if (job.duration().isZero()) {
        zeroDuration++;
      }
      if (job.gpus() > 8) {
        overEight++;
      }
    }
  }

  /** Comma-separated rows without quoting, of a fixed width, after a header already read. */
  private static final class Rows {
    private final BufferedReader reader;
    private final String source;
    private final String[] columns;
    private long line = 1;

    Rows(BufferedReader reader, String source, String[] columns) {
      this.reader = reader;
      this.source = source;
      this.columns = columns;
    }

    long line() {
      return line;
    }

    String[] next() throws IOException {
      String text = reader.readLine();
      if (text == null) {
        return null;
      }
      line++;
      if (text.isBlank()) {
        throw error(-1, "blank line");
      }
      if (text.indexOf('"') >= 0) {
        throw error(-1, "quoted fields are not supported in this format");
      }
      String[] fields = text.split(",", -1);
      if (fields.length != columns.length) {
        throw error(-1, "expected " + columns.length + " fields, found " + fields.length);
      }
      return fields;
    }

    String text(String[] f, int column) {
      String value = f[column].strip();
      if (value.isEmpty()) {
        throw error(column, "must not be empty");
      }
      return value;
    }

    Instant timestamp(String[] f, int column) {
      String raw = text(f, column);
      try {
        return LocalDateTime.parse(raw, TIMESTAMP).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw error(column, "expected a time such as 2017-10-09 07:01:55, found '" + raw + "'");
      }
    }

    /** Seconds, with an optional fraction, at least 0, as milliseconds. */
    long seconds(String[] f, int column) {
      String raw = text(f, column);
      double value;
      try {
        value = Double.parseDouble(raw);
      } catch (NumberFormatException e) {
        throw error(column, "expected a number of seconds, found '" + raw + "'");
      }
      if (!Double.isFinite(value) || value < 0 || value > 1e12) {
        throw error(column, "must be a number of seconds in 0..1e12, was '" + raw + "'");
      }
      return Math.round(value * 1000);
    }

    int positiveInt(String[] f, int column) {
      long value = nonNegativeLong(f, column);
      if (value < 1 || value > 1_000_000) {
        throw error(column, "must be in 1..1000000, was " + value);
      }
      return (int) value;
    }

    long nonNegativeLong(String[] f, int column) {
      String raw = text(f, column);
      long value;
      try {
        value = Long.parseLong(raw);
      } catch (NumberFormatException e) {
        throw error(column, "expected a whole number, found '" + raw + "'");
      }
      if (value < 0) {
        throw error(column, "must be >= 0, was " + value);
      }
      return value;
    }

    InputFormatException error(int column, String problem) {
      return new InputFormatException(source, line, column < 0 ? "" : columns[column], problem);
    }
  }
}
