package io.gpuautoscaler.core.pricing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.core.scaling.Cloud;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per node-hour keyed by (cloud, region, instance type, capacity type).
 *
 * <p>{@link #embedded()} is the table shipped in this module, made from the project's price
 * reference (autoscaling-and-cost.md §4): AWS us-east-1 and Azure eastus on-demand, GCP us-central1
 * on-demand and spot. A price the reference does not give is absent, never estimated: there is no
 * AWS or Azure spot price and no reserved price. {@link #read(Path)} reads a price file in the same
 * format, and {@link #overriddenBy} lets a user's file replace or add prices.
 *
 * <p>The format is CSV without quoting: {@code #} starts a comment line, blank lines are skipped,
 * the first other line is the header {@value #HEADER}, then one price per line. Immutable and
 * thread-safe.
 */
@Beta
public final class PriceTable {
  /** The header line of a price file. */
  public static final String HEADER =
      "cloud,region,instance_type,capacity_type,gpus,gpu_model,usd_per_hour,source,as_of";

  private static final String[] COLUMNS = HEADER.split(",");
  private static final String RESOURCE = "prices.csv";

  /** Loaded once: the resource never changes while the JVM runs. */
  private static final class Embedded {
    static final PriceTable TABLE = loadEmbedded();
  }

  private final Map<Key, Price> prices;

  private PriceTable(Map<Key, Price> prices) {
    this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
  }

  /**
   * What a price is for.
   *
   * @param cloud the cloud
   * @param region the cloud's region, e.g. {@code us-central1}
   * @param instanceType the machine type, e.g. {@code a2-highgpu-8g}
   * @param capacityType how the node is bought
   */
  public record Key(Cloud cloud, String region, String instanceType, CapacityType capacityType) {
    public Key {
      requireNonNull(cloud, "cloud");
      nonBlank(region, "region");
      nonBlank(instanceType, "instanceType");
      requireNonNull(capacityType, "capacityType");
    }
  }

  /**
   * One node's price and where it comes from.
   *
   * @param key what is priced
   * @param gpus GPUs per node, at least 1
   * @param gpuModel the GPU catalog's name of the node's GPUs, e.g. {@code A100-40GB}
   * @param usdPerHour US dollars per node-hour, finite and at least 0
   * @param source the id of the source the price was taken from
   * @param asOf the date the source was generated
   */
  public record Price(
      Key key, int gpus, String gpuModel, double usdPerHour, String source, LocalDate asOf) {
    public Price {
      requireNonNull(key, "key");
      if (gpus < 1) {
        throw new IllegalArgumentException("gpus must be >= 1, was " + gpus);
      }
      nonBlank(gpuModel, "gpuModel");
      if (!Double.isFinite(usdPerHour) || usdPerHour < 0) {
        throw new IllegalArgumentException("usdPerHour must be finite and >= 0, was " + usdPerHour);
      }
      nonBlank(source, "source");
      requireNonNull(asOf, "asOf");
    }
  }

  /** The table shipped with this module. */
  public static PriceTable embedded() {
    return Embedded.TABLE;
  }

  /** A table with no prices. */
  public static PriceTable empty() {
    return new PriceTable(Map.of());
  }

  /**
   * Reads a price file.
   *
   * @throws InputFormatException naming the file, line and column of malformed content, or a price
   *     given twice
   * @throws UncheckedIOException when the file cannot be read
   */
  public static PriceTable read(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read price file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a price table from {@code reader}.
   *
   * @param source the file name, for messages
   * @throws InputFormatException for malformed content
   */
  public static PriceTable read(BufferedReader reader, String source) throws IOException {
    Map<Key, Price> prices = new LinkedHashMap<>();
    Map<Key, Long> lines = new LinkedHashMap<>();
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
      Price price = parse(stripped, source, line);
      Long first = lines.putIfAbsent(price.key(), line);
      if (first != null) {
        throw new InputFormatException(
            source,
            line,
            "",
            "a second price for " + describe(price.key()) + " (first on line " + first + ")");
      }
      prices.put(price.key(), price);
    }
    if (!header) {
      throw new InputFormatException(source, 0, "", "no header; expected '" + HEADER + "'");
    }
    return new PriceTable(prices);
  }

  /**
   * This table with {@code other}'s prices added; where both price the same key, {@code other}'s
   * price wins.
   */
  public PriceTable overriddenBy(PriceTable other) {
    Map<Key, Price> merged = new LinkedHashMap<>(prices);
    merged.putAll(other.prices);
    return new PriceTable(merged);
  }

  /** The price for {@code key}, if the table has one. */
  public Optional<Price> find(Key key) {
    return Optional.ofNullable(prices.get(requireNonNull(key, "key")));
  }

  /** The price of one node of {@code instanceType} bought as {@code capacityType}, if known. */
  public Optional<Price> find(
      Cloud cloud, String region, String instanceType, CapacityType capacityType) {
    return find(new Key(cloud, region, instanceType, capacityType));
  }

  /** Every price, in file order (an overriding file's new keys after the others). */
  public List<Price> prices() {
    return List.copyOf(prices.values());
  }

  /** The number of prices. */
  public int size() {
    return prices.size();
  }

  /** The id a price file uses for {@code cloud}: {@code aws}, {@code gcp} or {@code azure}. */
  public static String cloudId(Cloud cloud) {
    return cloud.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The cloud whose {@linkplain #cloudId id} is {@code id}.
   *
   * @throws IllegalArgumentException naming the known ids when there is none
   */
  public static Cloud cloud(String id) {
    for (Cloud c : Cloud.values()) {
      if (cloudId(c).equals(id)) {
        return c;
      }
    }
    List<String> known = new ArrayList<>();
    for (Cloud c : Cloud.values()) {
      known.add(cloudId(c));
    }
    throw new IllegalArgumentException("unknown cloud '" + id + "'; known: " + known);
  }

  private static String describe(Key key) {
    return cloudId(key.cloud())
        + " "
        + key.region()
        + " "
        + key.instanceType()
        + " "
        + key.capacityType().id();
  }

  private static Price parse(String text, String source, long line) {
    if (text.indexOf('"') >= 0) {
      throw new InputFormatException(source, line, "", "quoted fields are not supported");
    }
    String[] f = text.split(",", -1);
    if (f.length != COLUMNS.length) {
      throw new InputFormatException(
          source, line, "", "expected " + COLUMNS.length + " fields, found " + f.length);
    }
    Cloud cloud;
    try {
      cloud = cloud(field(f, 0, source, line));
    } catch (IllegalArgumentException e) {
      throw new InputFormatException(source, line, COLUMNS[0], e.getMessage());
    }
    String region = field(f, 1, source, line);
    String instanceType = field(f, 2, source, line);
    CapacityType type;
    try {
      type = CapacityType.fromId(field(f, 3, source, line));
    } catch (IllegalArgumentException e) {
      throw new InputFormatException(source, line, COLUMNS[3], e.getMessage());
    }
    String rawGpus = field(f, 4, source, line);
    int gpus;
    try {
      gpus = Integer.parseInt(rawGpus);
    } catch (NumberFormatException e) {
      throw new InputFormatException(
          source, line, COLUMNS[4], "expected a whole number, found '" + rawGpus + "'");
    }
    if (gpus < 1) {
      throw new InputFormatException(source, line, COLUMNS[4], "must be >= 1, was " + gpus);
    }
    String model = field(f, 5, source, line);
    String rawUsd = field(f, 6, source, line);
    double usd;
    try {
      usd = Double.parseDouble(rawUsd);
    } catch (NumberFormatException e) {
      throw new InputFormatException(
          source, line, COLUMNS[6], "expected US dollars per hour, found '" + rawUsd + "'");
    }
    if (!Double.isFinite(usd) || usd < 0) {
      throw new InputFormatException(
          source, line, COLUMNS[6], "must be a finite amount >= 0, was '" + rawUsd + "'");
    }
    String from = field(f, 7, source, line);
    String rawDate = field(f, 8, source, line);
    LocalDate asOf;
    try {
      asOf = LocalDate.parse(rawDate);
    } catch (DateTimeParseException e) {
      throw new InputFormatException(
          source, line, COLUMNS[8], "expected a date such as 2026-07-30, found '" + rawDate + "'");
    }
    return new Price(new Key(cloud, region, instanceType, type), gpus, model, usd, from, asOf);
  }

  private static String field(String[] f, int column, String source, long line) {
    String value = f[column].strip();
    if (value.isEmpty()) {
      throw new InputFormatException(source, line, COLUMNS[column], "must not be empty");
    }
    return value;
  }

  private static PriceTable loadEmbedded() {
    InputStream in = PriceTable.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("the embedded price table " + RESOURCE + " is missing");
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return read(r, "embedded " + RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void nonBlank(String value, String field) {
    requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
