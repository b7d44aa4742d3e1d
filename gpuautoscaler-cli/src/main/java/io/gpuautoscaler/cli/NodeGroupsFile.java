package io.gpuautoscaler.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.core.pricing.PriceTable;
import io.gpuautoscaler.core.scaling.Cloud;
import io.gpuautoscaler.core.scaling.SimulatedGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node-groups file of {@code simulate --jobs} (YAML), and the default set shipped as {@value
 * #DEFAULT_RESOURCE}. The format is documented in {@code docs/simulate-jobs.md}:
 *
 * <pre>
 * nodeGroups:
 *   - id: a2-highgpu-8g-spot
 *     cloud: gcp
 *     ...
 * </pre>
 *
 * <p>Read with Jackson's streaming parser rather than data binding, so that every error names the
 * file, the line and the field. Unknown and repeated fields are errors, required fields must be
 * present, and only the fields documented as optional have defaults.
 */
final class NodeGroupsFile {
  /** The default set, equal to {@code examples/node-groups.yaml}. */
  static final String DEFAULT_RESOURCE = "default-node-groups.yaml";

  private static final String ROOT_FIELD = "nodeGroups";
  private static final Set<String> REQUIRED =
      Set.of(
          "id",
          "cloud",
          "region",
          "zone",
          "instanceType",
          "gpuModel",
          "gpusPerNode",
          "cpusPerNode",
          "memoryGiBPerNode",
          "capacityType",
          "min",
          "max",
          "provisioningDelay");
  private static final Set<String> OPTIONAL =
      Set.of("initial", "pricePerHour", "interruptionsPerHour", "capacityLimit");

  private NodeGroupsFile() {}

  /**
   * A node group as the file gives it, ready to simulate.
   *
   * @param simulated the group and its simulated cloud
   * @param region the cloud region, which with the instance and capacity type keys its price
   * @param priceSource {@code "node-groups file"} when the file gives the price, else the price
   *     table's source id and date
   */
  record Spec(SimulatedGroup simulated, String region, String priceSource) {
    Spec {
      requireNonNull(simulated, "simulated");
      requireNonNull(region, "region");
      requireNonNull(priceSource, "priceSource");
    }

    NodeGroup group() {
      return simulated.group();
    }
  }

  /** The groups of {@code file}, priced from {@code prices} where the file gives no price. */
  static List<Spec> read(Path file, PriceTable prices) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString(), prices);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read node-groups file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The documented default set, priced from {@code prices}. */
  static List<Spec> defaults(PriceTable prices) {
    InputStream in = NodeGroupsFile.class.getResourceAsStream(DEFAULT_RESOURCE);
    if (in == null) {
      throw new IllegalStateException(
          "the default node groups " + DEFAULT_RESOURCE + " are missing");
    }
    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return read(r, "default node groups (" + DEFAULT_RESOURCE + ")", prices);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads groups from {@code reader}.
   *
   * @param source the file name, for messages
   * @throws InputFormatException naming the file, line and field of anything wrong
   */
  static List<Spec> read(Reader reader, String source, PriceTable prices) throws IOException {
    try (JsonParser p = new YAMLFactory().createParser(reader)) {
      return new Parser(p, source, prices).file();
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InputFormatException(
          source, Math.max(0, line), "", "not valid YAML: " + e.getOriginalMessage());
    }
  }

  /** A scalar value and the line it is on. */
  private record Value(JsonToken token, String text, long line) {}

  private static final class Parser {
    private final JsonParser p;
    private final String source;
    private final PriceTable prices;

    Parser(JsonParser p, String source, PriceTable prices) {
      this.p = p;
      this.source = source;
      this.prices = prices;
    }

    List<Spec> file() throws IOException {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw error(0, "the file is empty; expected '" + ROOT_FIELD + ":' and a list of groups");
      }
      if (t != JsonToken.START_OBJECT) {
        throw error(line(), "expected '" + ROOT_FIELD + ":' and a list of groups");
      }
      List<Spec> groups = null;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        long at = line();
        if (!name.equals(ROOT_FIELD)) {
          throw error(at, "unknown field '" + name + "'; expected '" + ROOT_FIELD + "'");
        }
        if (groups != null) {
          throw error(at, "field '" + ROOT_FIELD + "' is given twice");
        }
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw error(line(), "field '" + ROOT_FIELD + "': expected a list of groups");
        }
        groups = groups();
      }
      if (groups == null) {
        throw error(line(), "missing field '" + ROOT_FIELD + "'");
      }
      if (groups.isEmpty()) {
        throw error(line(), "field '" + ROOT_FIELD + "': the list has no group");
      }
      return groups;
    }

    private List<Spec> groups() throws IOException {
      List<Spec> groups = new ArrayList<>();
      Map<String, Long> ids = new HashMap<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.START_OBJECT) {
          throw error(
              line(), "each entry of '" + ROOT_FIELD + "' must be a group (field: value lines)");
        }
        long start = line();
        Spec spec = group(start);
        Long first = ids.putIfAbsent(spec.group().id(), start);
        if (first != null) {
          throw error(
              start,
              "field 'id': a second group '"
                  + spec.group().id()
                  + "' (first on line "
                  + first
                  + ")");
        }
        groups.add(spec);
      }
      return groups;
    }

    private Spec group(long start) throws IOException {
      Map<String, Value> fields = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        long at = line();
        if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
          throw error(
              at,
              "unknown field '"
                  + name
                  + "'; known: "
                  + new java.util.TreeSet<>(union(REQUIRED, OPTIONAL)));
        }
        if (fields.containsKey(name)) {
          throw error(at, "field '" + name + "' is given twice in one group");
        }
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          throw error(at, "field '" + name + "': expected a single value, not a list or map");
        }
        if (v == JsonToken.VALUE_NULL) {
          throw error(at, "field '" + name + "': has no value");
        }
        fields.put(name, new Value(v, p.getText(), at));
      }
      return build(fields, start);
    }

    private Spec build(Map<String, Value> f, long start) {
      String id = text(f, "id", start);
      String where = "group '" + id + "' (line " + start + ")";
      for (String name : new java.util.TreeSet<>(REQUIRED)) {
        if (!f.containsKey(name)) {
          throw error(start, where + ": missing required field '" + name + "'");
        }
      }
      Cloud cloud;
      try {
        cloud = PriceTable.cloud(text(f, "cloud", start));
      } catch (IllegalArgumentException e) {
        throw fieldError(f, "cloud", e.getMessage());
      }
      String region = text(f, "region", start);
      String zone = text(f, "zone", start);
      String instanceType = text(f, "instanceType", start);
      String gpuModel = text(f, "gpuModel", start);
      int gpus = (int) whole(f, "gpusPerNode", 1);
      double cpus = number(f, "cpusPerNode");
      double memoryGib = number(f, "memoryGiBPerNode");
      CapacityType type;
      try {
        type = CapacityType.fromId(text(f, "capacityType", start));
      } catch (IllegalArgumentException e) {
        throw fieldError(f, "capacityType", e.getMessage());
      }
      int min = (int) whole(f, "min", 0);
      int max = (int) whole(f, "max", 0);
      if (max < min) {
        throw fieldError(f, "max", "must be >= min " + min + ", was " + max);
      }
      int initial = f.containsKey("initial") ? (int) whole(f, "initial", 0) : min;
      if (initial < min || initial > max) {
        throw fieldError(
            f, "initial", "must be in min..max = " + min + ".." + max + ", was " + initial);
      }
      Duration delay;
      try {
        delay = DurationSpec.parse(text(f, "provisioningDelay", start));
      } catch (IllegalArgumentException e) {
        throw fieldError(f, "provisioningDelay", e.getMessage());
      }
      double interruptions = 0;
      if (type.interruptible()) {
        if (!f.containsKey("interruptionsPerHour")) {
          throw error(
              start,
              where
                  + ": missing field 'interruptionsPerHour', required for "
                  + type.id()
                  + " groups");
        }
        interruptions = number(f, "interruptionsPerHour");
      } else if (f.containsKey("interruptionsPerHour") && number(f, "interruptionsPerHour") != 0) {
        throw fieldError(
            f,
            "interruptionsPerHour",
            "must be 0 or absent: the cloud does not interrupt " + type.id() + " nodes");
      }
      int capacityLimit =
          f.containsKey("capacityLimit") ? (int) whole(f, "capacityLimit", 0) : Integer.MAX_VALUE;
      if (capacityLimit < initial) {
        throw fieldError(
            f, "capacityLimit", "must be >= initial " + initial + ", was " + capacityLimit);
      }
      double price;
      String priceSource;
      if (f.containsKey("pricePerHour")) {
        price = number(f, "pricePerHour");
        priceSource = "node-groups file";
      } else {
        Optional<PriceTable.Price> found = prices.find(cloud, region, instanceType, type);
        if (found.isEmpty()) {
          throw error(
              start,
              where
                  + ": field 'pricePerHour' is absent and the price table has no price for "
                  + PriceTable.cloudId(cloud)
                  + " "
                  + region
                  + " "
                  + instanceType
                  + " "
                  + type.id()
                  + "; give pricePerHour, or a price file with --prices");
        }
        price = found.get().usdPerHour();
        priceSource = found.get().source() + " (as of " + found.get().asOf() + ")";
      }
      NodeGroup group;
      SimulatedGroup simulated;
      try {
        group =
            new NodeGroup(
                id,
                instanceType,
                gpuModel,
                gpus,
                Math.round(cpus * 1000),
                Math.round(memoryGib * 1024),
                type,
                zone,
                min,
                max,
                initial,
                price);
        simulated =
            new SimulatedGroup(group, cloud, delay, Duration.ZERO, interruptions, capacityLimit);
      } catch (IllegalArgumentException e) {
        throw error(start, where + ": " + e.getMessage());
      }
      return new Spec(simulated, region, priceSource);
    }

    private String text(Map<String, Value> f, String name, long start) {
      Value v = f.get(name);
      if (v == null) {
        throw error(start, "missing required field '" + name + "'");
      }
      if (v.text().isBlank()) {
        throw error(v.line(), "field '" + name + "': must not be empty");
      }
      return v.text().strip();
    }

    private double number(Map<String, Value> f, String name) {
      Value v = f.get(name);
      double d;
      if (v.token() == JsonToken.VALUE_NUMBER_INT || v.token() == JsonToken.VALUE_NUMBER_FLOAT) {
        d = Double.parseDouble(v.text());
      } else {
        throw fieldError(f, name, "expected a number, found '" + v.text() + "'");
      }
      if (!Double.isFinite(d) || d < 0) {
        throw fieldError(f, name, "must be a finite number >= 0, was " + v.text());
      }
      return d;
    }

    private long whole(Map<String, Value> f, String name, long least) {
      Value v = f.get(name);
      if (v.token() != JsonToken.VALUE_NUMBER_INT) {
        throw fieldError(f, name, "expected a whole number, found '" + v.text() + "'");
      }
      long n;
      try {
        n = Long.parseLong(v.text().replace("_", ""));
      } catch (NumberFormatException e) {
        throw fieldError(f, name, "expected a whole number, found '" + v.text() + "'");
      }
      if (n < least || n > 1_000_000) {
        throw fieldError(f, name, "must be in " + least + "..1000000, was " + n);
      }
      return n;
    }

    private InputFormatException fieldError(Map<String, Value> f, String name, String problem) {
      return error(f.get(name).line(), "field '" + name + "': " + problem);
    }

    private long line() {
      return p.currentTokenLocation().getLineNr();
    }

    private InputFormatException error(long line, String problem) {
      return new InputFormatException(source, Math.max(0, line), "", problem);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
