package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Locale;

/**
 * One dimension cost is grouped or filtered by: a field of {@link CostRecord} such as the
 * namespace, or the value of one label. Written as {@code namespace}, {@code team}, {@code
 * label:<key>}, … ({@link #toString()} and {@link #parse} are inverse).
 *
 * @param dimension which field
 * @param labelKey the label's key for {@link Dimension#LABEL}; empty otherwise
 */
@Beta
public record CostQueryKey(Dimension dimension, String labelKey) {

  /** The fields cost can be grouped by. A record without a value for one groups under "". */
  public enum Dimension {
    KIND("kind"),
    NAMESPACE("namespace"),
    TEAM("team"),
    EXPERIMENT("experiment"),
    LABEL("label"),
    NODE("node"),
    NODE_GROUP("node-group"),
    GPU_MODEL("gpu-model"),
    CAPACITY_TYPE("capacity-type"),
    SHARING_MODE("sharing-mode");

    private final String id;

    Dimension(String id) {
      this.id = id;
    }

    /** The dimension's id in queries and configuration, e.g. {@code gpu-model}. */
    public String id() {
      return id;
    }
  }

  public static final CostQueryKey KIND = of(Dimension.KIND);
  public static final CostQueryKey NAMESPACE = of(Dimension.NAMESPACE);
  public static final CostQueryKey TEAM = of(Dimension.TEAM);
  public static final CostQueryKey EXPERIMENT = of(Dimension.EXPERIMENT);
  public static final CostQueryKey NODE = of(Dimension.NODE);
  public static final CostQueryKey NODE_GROUP = of(Dimension.NODE_GROUP);
  public static final CostQueryKey GPU_MODEL = of(Dimension.GPU_MODEL);
  public static final CostQueryKey CAPACITY_TYPE = of(Dimension.CAPACITY_TYPE);
  public static final CostQueryKey SHARING_MODE = of(Dimension.SHARING_MODE);

  public CostQueryKey {
    requireNonNull(dimension, "dimension");
    requireNonNull(labelKey, "labelKey");
    if (dimension == Dimension.LABEL && labelKey.isBlank()) {
      throw new IllegalArgumentException("a label key needs the label's name, as in label:team");
    }
    if (dimension != Dimension.LABEL && !labelKey.isEmpty()) {
      throw new IllegalArgumentException(dimension.id() + " takes no label key: " + labelKey);
    }
  }

  /** The key of a field other than a label. */
  private static CostQueryKey of(Dimension dimension) {
    return new CostQueryKey(dimension, "");
  }

  /** The key of label {@code key}. */
  public static CostQueryKey label(String key) {
    return new CostQueryKey(Dimension.LABEL, key);
  }

  /**
   * Reads {@code namespace}, {@code label:app}, … (case-insensitive except for the label key).
   *
   * @throws IllegalArgumentException naming the keys that exist, when {@code text} is none of them
   */
  public static CostQueryKey parse(String text) {
    requireNonNull(text, "text");
    String trimmed = text.trim();
    int colon = trimmed.indexOf(':');
    String head = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
    for (Dimension d : Dimension.values()) {
      if (d.id().equals(head)) {
        if (d == Dimension.LABEL) {
          if (colon < 0) {
            throw new IllegalArgumentException("'label' needs a key, as in label:team");
          }
          return label(trimmed.substring(colon + 1));
        }
        if (colon >= 0) {
          throw new IllegalArgumentException(head + " takes no ':' part: " + text);
        }
        return of(d);
      }
    }
    throw new IllegalArgumentException(
        "unknown cost key '"
            + text
            + "'; known: kind, namespace, team, experiment, label:<key>, node, node-group,"
            + " gpu-model, capacity-type, sharing-mode");
  }

  /** {@code namespace}, {@code label:app}, …: what {@link #parse} reads. */
  @Override
  public String toString() {
    return dimension == Dimension.LABEL ? "label:" + labelKey : dimension.id();
  }
}
