package io.gpuautoscaler.cost.store;

import io.gpuautoscaler.api.cost.CostQueryKey;
import io.gpuautoscaler.api.cost.CostRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The dimensions of a cost record: everything but the workload and the time. Many records share
 * one, so it is stored once and records point at it by {@link #id()}. Absent optional values are
 * "".
 */
record Dims(
    String kind,
    String namespace,
    String team,
    String experiment,
    String node,
    String nodeGroup,
    String gpuModel,
    String capacityType,
    String sharingMode,
    SortedMap<String, String> labels) {

  Dims {
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  static Dims of(CostRecord r) {
    return new Dims(
        r.kind().name(),
        r.namespace(),
        r.team().orElse(""),
        r.experimentId().orElse(""),
        r.node(),
        r.nodeGroup().orElse(""),
        r.gpuModel(),
        r.capacityType().name(),
        r.sharingMode().name(),
        new TreeMap<>(r.labels()));
  }

  /**
   * An unambiguous text of every field: each value is prefixed by its length, so no value can
   * imitate a separator.
   */
  String canonical() {
    StringBuilder b = new StringBuilder(128);
    for (String v :
        new String[] {
          kind, namespace, team, experiment, node, nodeGroup, gpuModel, capacityType, sharingMode
        }) {
      b.append(v.length()).append(':').append(v);
    }
    b.append('{');
    for (Map.Entry<String, String> e : labels.entrySet()) {
      b.append(e.getKey().length()).append(':').append(e.getKey());
      b.append(e.getValue().length()).append(':').append(e.getValue());
    }
    return b.append('}').toString();
  }

  /**
   * The first 8 bytes of the SHA-256 of {@link #canonical()}: the same in every process, so writers
   * need no round trip to agree on ids. The store checks the canonical text of an id it has not
   * seen before, so a collision fails loudly instead of merging two groups.
   */
  long id() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The SQL expression of a non-label key over the dims table aliased {@code d}. */
  static String column(CostQueryKey key) {
    return switch (key.dimension()) {
      case KIND -> "d.kind";
      case NAMESPACE -> "d.namespace";
      case TEAM -> "d.team";
      case EXPERIMENT -> "d.experiment";
      case NODE -> "d.node";
      case NODE_GROUP -> "d.node_group";
      case GPU_MODEL -> "d.gpu_model";
      case CAPACITY_TYPE -> "d.capacity_type";
      case SHARING_MODE -> "d.sharing_mode";
      case LABEL -> throw new IllegalArgumentException("labels are joined, not columns: " + key);
    };
  }
}
