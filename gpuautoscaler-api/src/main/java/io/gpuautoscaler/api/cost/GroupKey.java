package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One dimension cost is grouped by: a record field ({@code namespace}, {@code node}, ...), a label
 * ({@code label:team}), or a UTC time bucket ({@code hour}, {@code day}, {@code month}). Keys are
 * combined at will: {@code namespace,label:team,day}.
 *
 * @param dimension what is grouped by
 * @param labelKey the label's key for {@link Dimension#LABEL}; empty for every other dimension
 */
@Beta
public record GroupKey(Dimension dimension, String labelKey) {

  /** The value of a group whose records lack the key (a label the workload does not carry). */
  public static final String UNALLOCATED = "__unallocated__";

  /**
   * The workload label that carries its {@link io.gpuautoscaler.api.sharing.WorkloadKind}, which
   * {@link Dimension#WORKLOAD_KIND} groups by.
   */
  public static final String WORKLOAD_KIND_LABEL = "gpuautoscaler.io/workload-kind";

  /** What a {@link GroupKey} groups by; {@link #id()} is its name in a group-by list. */
  public enum Dimension {
    NAMESPACE("namespace"),
    TEAM("team"),
    EXPERIMENT("experiment"),
    LABEL("label"),
    NODE("node"),
    NODE_GROUP("node-group"),
    GPU_MODEL("gpu-model"),
    WORKLOAD_KIND("workload-kind"),
    CAPACITY_TYPE("capacity-type"),
    SHARING_MODE("sharing-mode"),
    WORKLOAD("workload"),
    HOUR("hour"),
    DAY("day"),
    MONTH("month");

    private final String id;

    Dimension(String id) {
      this.id = id;
    }

    /** The name used in a group-by list, e.g. {@code gpu-model}. */
    public String id() {
      return id;
    }
  }

  public GroupKey {
    requireNonNull(dimension, "dimension");
    requireNonNull(labelKey, "labelKey");
    if (dimension == Dimension.LABEL && labelKey.isBlank()) {
      throw new IllegalArgumentException("a label group key needs a label key, as in label:team");
    }
    if (dimension != Dimension.LABEL && !labelKey.isEmpty()) {
      throw new IllegalArgumentException(
          "only label group keys take a label key; " + dimension.id() + " got '" + labelKey + "'");
    }
  }

  /** Groups by {@code dimension}, which must not be {@link Dimension#LABEL}. */
  public static GroupKey of(Dimension dimension) {
    return new GroupKey(dimension, "");
  }

  /** Groups by the value of the label {@code key}. */
  public static GroupKey label(String key) {
    return new GroupKey(Dimension.LABEL, key);
  }

  /**
   * Parses one key: a dimension id such as {@code namespace} or {@code gpu-model}, or {@code
   * label:<key>}.
   *
   * @throws IllegalArgumentException naming the known keys when {@code text} is none of them
   */
  public static GroupKey parse(String text) {
    requireNonNull(text, "text");
    String t = text.strip();
    if (t.startsWith("label:")) {
      return label(t.substring("label:".length()).strip());
    }
    for (Dimension d : Dimension.values()) {
      if (d != Dimension.LABEL && d.id.equals(t.toLowerCase(Locale.ROOT))) {
        return of(d);
      }
    }
    throw new IllegalArgumentException(
        "unknown group key '"
            + text
            + "'; known: "
            + Arrays.stream(Dimension.values())
                .map(d -> d == Dimension.LABEL ? "label:<key>" : d.id())
                .collect(Collectors.joining(", ")));
  }

  /**
   * Parses a comma-separated list such as {@code namespace,label:team}.
   *
   * @throws IllegalArgumentException for an unknown key, an empty list or a key given twice
   */
  public static List<GroupKey> parseList(String text) {
    requireNonNull(text, "text");
    List<GroupKey> keys = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      GroupKey key = parse(part);
      if (keys.contains(key)) {
        throw new IllegalArgumentException("group key '" + key.id() + "' is given twice");
      }
      keys.add(key);
    }
    return List.copyOf(keys);
  }

  /** The key as a group-by list writes it: {@code namespace}, {@code label:team}. */
  public String id() {
    return dimension == Dimension.LABEL ? "label:" + labelKey : dimension.id();
  }

  /** Whether this key is a time bucket rather than a property of the workload. */
  public boolean isTime() {
    return dimension == Dimension.HOUR
        || dimension == Dimension.DAY
        || dimension == Dimension.MONTH;
  }

  /**
   * This key's value for {@code record}: {@link #UNALLOCATED} where the record has none, and for a
   * time key the UTC start of the hour, day or month holding the record's interval (ISO-8601).
   */
  public String valueOf(CostRecord record) {
    requireNonNull(record, "record");
    return switch (dimension) {
      case NAMESPACE -> orUnallocated(record.namespace());
      case TEAM -> record.team().orElse(UNALLOCATED);
      case EXPERIMENT -> record.experimentId().orElse(UNALLOCATED);
      case LABEL -> record.labels().getOrDefault(labelKey, UNALLOCATED);
      case NODE -> record.node();
      case NODE_GROUP -> record.nodeGroup().orElse(UNALLOCATED);
      case GPU_MODEL -> record.gpuModel();
      case WORKLOAD_KIND -> record.labels().getOrDefault(WORKLOAD_KIND_LABEL, UNALLOCATED);
      case CAPACITY_TYPE -> record.capacityType().id();
      case SHARING_MODE -> record.sharingMode().label();
      case WORKLOAD -> record.workloadUid();
      case HOUR -> truncate(record.intervalStart(), ChronoUnit.HOURS);
      case DAY -> truncate(record.intervalStart(), ChronoUnit.DAYS);
      case MONTH ->
          record
              .intervalStart()
              .atZone(ZoneOffset.UTC)
              .withDayOfMonth(1)
              .truncatedTo(ChronoUnit.DAYS)
              .toInstant()
              .toString();
    };
  }

  private static String truncate(Instant t, ChronoUnit unit) {
    return ZonedDateTime.ofInstant(t, ZoneOffset.UTC).truncatedTo(unit).toInstant().toString();
  }

  private static String orUnallocated(String value) {
    return value.isEmpty() ? UNALLOCATED : value;
  }

  @Override
  public String toString() {
    return id();
  }
}
