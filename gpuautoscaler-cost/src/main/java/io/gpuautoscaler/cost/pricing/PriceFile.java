package io.gpuautoscaler.cost.pricing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.cost.Price;
import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's price file: prices for cloud instance types that the embedded table lacks or gets wrong,
 * and prices for on-premises nodes by GPU model or by node label.
 *
 * <p>YAML (see {@link #readYaml}) or CSV without quoting. In CSV, {@code #} starts a comment line,
 * blank lines are skipped, the first other line is the header {@value #HEADER}, then one row per
 * line:
 *
 * <ul>
 *   <li>{@code match}: {@code instance-type}, {@code gpu-model} or {@code node-label};
 *   <li>{@code value}: the instance type, the GPU model, or {@code key=value} of a node label;
 *   <li>{@code region}, {@code capacity_type}: what the row applies to, or {@code *} for any;
 *   <li>{@code usd_per_hour} and {@code unit}: the price per {@code node} hour or per {@code gpu}
 *       hour (multiplied by the node's GPUs);
 *   <li>{@code source}: where the number comes from (may be empty: the file and line then stand for
 *       it); {@code as_of}: its date, {@code yyyy-MM-dd}.
 * </ul>
 *
 * <p>Among the rows that match a node, the more specific kind wins (node label, then instance type,
 * then GPU model), then the row naming the region and capacity type over one with {@code *}, then
 * the earlier row. Two rows with the same match, value, region and capacity type are an error.
 * Immutable and thread-safe.
 */
@Beta
public final class PriceFile {
  /** The header line of a user's price file. */
  public static final String HEADER =
      "match,value,region,capacity_type,usd_per_hour,unit,source,as_of";

  private static final String[] COLUMNS = HEADER.split(",");
  private static final String ANY = "*";

  /** What a row is matched by, most specific first. */
  public enum Match {
    NODE_LABEL("node-label"),
    INSTANCE_TYPE("instance-type"),
    GPU_MODEL("gpu-model");

    private final String id;

    Match(String id) {
      this.id = id;
    }

    /** The id a price file uses. */
    public String id() {
      return id;
    }
  }

  /**
   * One row.
   *
   * @param match what it is matched by
   * @param value the instance type, GPU model or {@code key=value} label
   * @param region the region, empty for any
   * @param capacityType the capacity type, empty for any
   * @param usdPerHour the price per unit-hour
   * @param perGpu whether the price is per GPU-hour rather than per node-hour
   * @param source where the number comes from
   * @param asOf its date
   * @param where the file and line, for {@link Price#matchedBy()}
   */
  public record Row(
      Match match,
      String value,
      Optional<String> region,
      Optional<CapacityType> capacityType,
      double usdPerHour,
      boolean perGpu,
      String source,
      LocalDate asOf,
      String where) {
    public Row {
      requireNonNull(match, "match");
      requireNonNull(value, "value");
      requireNonNull(region, "region");
      requireNonNull(capacityType, "capacityType");
      if (!Double.isFinite(usdPerHour) || usdPerHour < 0) {
        throw new IllegalArgumentException("usdPerHour must be finite and >= 0, was " + usdPerHour);
      }
      requireNonNull(source, "source");
      requireNonNull(asOf, "asOf");
      requireNonNull(where, "where");
    }

    boolean matches(PriceQuery q) {
      if (region.isPresent() && !region.equals(q.region())) {
        return false;
      }
      if (capacityType.isPresent() && capacityType.get() != q.capacityType()) {
        return false;
      }
      return switch (match) {
        case INSTANCE_TYPE -> q.instanceType().filter(value::equals).isPresent();
        case GPU_MODEL -> q.gpuModel().equals(value);
        case NODE_LABEL -> {
          int eq = value.indexOf('=');
          yield value.substring(eq + 1).equals(q.labels().get(value.substring(0, eq)));
        }
      };
    }

    int specificity() {
      return (region.isPresent() ? 2 : 0) + (capacityType.isPresent() ? 1 : 0);
    }

    Price price(PriceQuery q) {
      double node = perGpu ? usdPerHour * q.gpuCount() : usdPerHour;
      return new Price(
          node, q.gpuCount(), source, asOf, match.id() + " " + value + " (" + where + ")");
    }
  }

  private final List<Row> rows;

  private PriceFile(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /**
   * Reads a price file: YAML (see {@link #readYaml}) when its name ends in {@code .yaml} or {@code
   * .yml}, CSV otherwise.
   *
   * @throws InputFormatException naming the file, line and column of malformed content or a row
   *     given twice
   * @throws UncheckedIOException when the file cannot be read
   */
  public static PriceFile read(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return yaml ? readYaml(r, file.toString()) : read(r, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read price file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a price file from {@code reader}.
   *
   * @param source the file name, for messages
   * @throws InputFormatException for malformed content
   */
  public static PriceFile read(BufferedReader reader, String source) throws IOException {
    List<Row> rows = new ArrayList<>();
    Map<List<Object>, Long> firstLine = new HashMap<>();
    boolean header = false;
    long line = 0;
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      line++;
      if (line == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      String stripped = text.strip();
      if (stripped.isEmpty() || stripped.startsWith("#")) {
        continue;
      }
      if (!header) {
        if (!stripped.equals(HEADER)) {
          throw new InputFormatException(
              source, line, "", "expected the header '" + HEADER + "', found '" + stripped + "'");
        }
        header = true;
        continue;
      }
      add(rows, firstLine, parse(stripped, source, line), source, line);
    }
    if (!header) {
      throw new InputFormatException(source, 0, "", "no header; expected '" + HEADER + "'");
    }
    return new PriceFile(rows);
  }

  private static void add(
      List<Row> rows, Map<List<Object>, Long> firstLine, Row row, String source, long line) {
    Long first =
        firstLine.putIfAbsent(
            List.of(row.match(), row.value(), row.region(), row.capacityType()), line);
    if (first != null) {
      throw new InputFormatException(
          source,
          line,
          "",
          "a second price for "
              + row.match().id()
              + " "
              + row.value()
              + " in the same region and capacity type (first on line "
              + first
              + ")");
    }
    rows.add(row);
  }

  /**
   * Reads a YAML price file: a mapping whose key {@code prices} holds a list of mappings with the
   * CSV's columns as keys; {@code region} and {@code capacity_type} default to any, {@code source}
   * to the file and line.
   *
   * <pre>{@code
   * prices:
   *   - match: node-label
   *     value: rack=b7
   *     usd_per_hour: 16.00
   *     unit: node
   *     as_of: 2026-10-01
   * }</pre>
   *
   * @param source the file name, for messages
   * @throws InputFormatException for malformed content, naming the line and key at fault
   */
  public static PriceFile readYaml(Reader reader, String source) throws IOException {
    List<Row> rows = new ArrayList<>();
    Map<List<Object>, Long> firstLine = new HashMap<>();
    try (JsonParser p = YAML.createParser(reader)) {
      expect(p, p.nextToken(), JsonToken.START_OBJECT, source, "a mapping with the key 'prices'");
      boolean seen = false;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        if (!p.currentName().equals("prices")) {
          throw new InputFormatException(
              source, line(p), p.currentName(), "unknown key; a price file has only 'prices'");
        }
        seen = true;
        expect(p, p.nextToken(), JsonToken.START_ARRAY, source, "a list of prices");
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
          expect(p, item, JsonToken.START_OBJECT, source, "a price: a mapping of its fields");
          long itemLine = line(p);
          String[] values = new String[COLUMNS.length];
          long[] lines = new long[COLUMNS.length];
          java.util.Arrays.fill(lines, itemLine);
          for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
            String key = p.currentName();
            int column = java.util.Arrays.asList(COLUMNS).indexOf(key);
            if (column < 0) {
              throw new InputFormatException(
                  source, line(p), key, "unknown key; known: " + String.join(", ", COLUMNS));
            }
            JsonToken v = p.nextToken();
            if (!v.isScalarValue()) {
              throw new InputFormatException(source, line(p), key, "expected a single value");
            }
            values[column] = v == JsonToken.VALUE_NULL ? "" : p.getText().strip();
            lines[column] = line(p);
          }
          for (int c : new int[] {2, 3}) {
            if (values[c] == null) {
              values[c] = ANY;
            }
          }
          Fields fields =
              new Fields() {
                @Override
                public String get(int column) {
                  return values[column] == null ? "" : values[column];
                }

                @Override
                public long line(int column) {
                  return lines[column];
                }
              };
          add(rows, firstLine, row(fields, source, itemLine), source, itemLine);
        }
      }
      if (!seen) {
        throw new InputFormatException(source, 0, "prices", "no 'prices' list");
      }
    } catch (JsonProcessingException e) {
      throw new InputFormatException(
          source,
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "",
          "not valid YAML: " + e.getOriginalMessage());
    }
    return new PriceFile(rows);
  }

  private static final YAMLFactory YAML = new YAMLFactory();

  private static long line(JsonParser p) {
    return Math.max(0, p.currentTokenLocation().getLineNr());
  }

  private static void expect(
      JsonParser p, JsonToken actual, JsonToken wanted, String source, String what) {
    if (actual != wanted) {
      throw new InputFormatException(source, line(p), "", "expected " + what);
    }
  }

  /** The rows, in file order. */
  public List<Row> rows() {
    return rows;
  }

  /**
   * The price of the best matching row among those matched by one of {@code matches}, if any. See
   * the class comment for which row wins.
   */
  public Optional<Price> find(PriceQuery query, Match... matches) {
    requireNonNull(query, "query");
    for (Match m : matches) {
      Row best = null;
      for (Row row : rows) {
        if (row.match() == m
            && row.matches(query)
            && (best == null || row.specificity() > best.specificity())) {
          best = row;
        }
      }
      if (best != null) {
        return Optional.of(best.price(query));
      }
    }
    return Optional.empty();
  }

  /** One row's raw fields, by column, with the line each is on. */
  private interface Fields {
    /** The stripped value, empty when absent. */
    String get(int column);

    long line(int column);
  }

  private static Row parse(String text, String source, long line) {
    if (text.indexOf('"') >= 0) {
      throw new InputFormatException(source, line, "", "quoted fields are not supported");
    }
    String[] f = text.split(",", -1);
    if (f.length != COLUMNS.length) {
      throw new InputFormatException(
          source, line, "", "expected " + COLUMNS.length + " fields, found " + f.length);
    }
    return row(
        new Fields() {
          @Override
          public String get(int column) {
            return f[column].strip();
          }

          @Override
          public long line(int column) {
            return line;
          }
        },
        source,
        line);
  }

  private static Row row(Fields f, String source, long rowLine) {
    String rawMatch = required(f, 0, source);
    Match match = null;
    for (Match m : Match.values()) {
      if (m.id().equals(rawMatch)) {
        match = m;
      }
    }
    if (match == null) {
      throw new InputFormatException(
          source,
          f.line(0),
          COLUMNS[0],
          "expected instance-type, gpu-model or node-label, found '" + rawMatch + "'");
    }
    String value = required(f, 1, source);
    if (match == Match.NODE_LABEL) {
      int eq = value.indexOf('=');
      if (eq <= 0 || eq == value.length() - 1) {
        throw new InputFormatException(
            source,
            f.line(1),
            COLUMNS[1],
            "expected a node label as key=value, found '" + value + "'");
      }
    }
    String rawRegion = required(f, 2, source);
    Optional<String> region = rawRegion.equals(ANY) ? Optional.empty() : Optional.of(rawRegion);
    String rawType = required(f, 3, source);
    Optional<CapacityType> type;
    try {
      type = rawType.equals(ANY) ? Optional.empty() : Optional.of(CapacityType.fromId(rawType));
    } catch (IllegalArgumentException e) {
      throw new InputFormatException(source, f.line(3), COLUMNS[3], e.getMessage() + " or *");
    }
    String rawUsd = required(f, 4, source);
    double usd;
    try {
      usd = Double.parseDouble(rawUsd);
    } catch (NumberFormatException e) {
      throw new InputFormatException(
          source, f.line(4), COLUMNS[4], "expected US dollars per hour, found '" + rawUsd + "'");
    }
    if (!Double.isFinite(usd) || usd < 0) {
      throw new InputFormatException(
          source, f.line(4), COLUMNS[4], "must be a finite amount >= 0, was '" + rawUsd + "'");
    }
    String unit = required(f, 5, source);
    if (!unit.equals("node") && !unit.equals("gpu")) {
      throw new InputFormatException(
          source,
          f.line(5),
          COLUMNS[5],
          "expected node or gpu (per hour of which), found '" + unit + "'");
    }
    String where = source + ":" + rowLine;
    String from = f.get(6).isEmpty() ? where : f.get(6);
    String rawDate = required(f, 7, source);
    LocalDate asOf;
    try {
      asOf = LocalDate.parse(rawDate);
    } catch (DateTimeParseException e) {
      throw new InputFormatException(
          source,
          f.line(7),
          COLUMNS[7],
          "expected a date such as 2026-07-30, found '" + rawDate + "'");
    }
    return new Row(match, value, region, type, usd, unit.equals("gpu"), from, asOf, where);
  }

  private static String required(Fields f, int column, String source) {
    String value = f.get(column);
    if (value.isEmpty()) {
      throw new InputFormatException(source, f.line(column), COLUMNS[column], "must not be empty");
    }
    return value;
  }
}
