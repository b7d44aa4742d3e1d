package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of {@link CostStore#aggregate}: the sums over the records of one group.
 *
 * @param bucketStart the start of the row's time bucket, when the query asked for buckets
 * @param group the query's group keys, in its order, each with this row's value ("" for none)
 * @param costUsd total cost
 * @param gpuHours total GPU-hours ({@link CostRecord#gpuHours()})
 * @param seconds total seconds held, summed over records
 * @param records how many records were summed, at least 1
 */
@Beta
public record CostQueryRow(
    Optional<Instant> bucketStart,
    Map<CostQueryKey, String> group,
    double costUsd,
    double gpuHours,
    double seconds,
    long records) {

  public CostQueryRow {
    requireNonNull(bucketStart, "bucketStart");
    requireNonNull(group, "group");
    group.forEach(
        (k, v) -> {
          requireNonNull(k, "group key");
          requireNonNull(v, "group value of " + k);
        });
    group = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(group));
    if (records < 1) {
      throw new IllegalArgumentException("a row sums at least one record, was " + records);
    }
  }

  /** This row's value of {@code key}. */
  public String value(CostQueryKey key) {
    String v = group.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "the row is not grouped by " + key + ": " + group.keySet());
    }
    return v;
  }

  /** The group values in key order, for compact printing and comparisons. */
  public List<String> values() {
    return List.copyOf(group.values());
  }
}
