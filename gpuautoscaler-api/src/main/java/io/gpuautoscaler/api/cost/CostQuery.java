package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to read from a {@link CostStore}: records whose {@code intervalStart} lies in {@code [from,
 * to)}, that have every value in {@code filters}, summed per distinct value of the {@code groupBy}
 * keys and, when {@code bucket} is set, per time bucket (in UTC).
 *
 * @param from the start of the range, inclusive
 * @param to the end of the range, exclusive; after {@code from}
 * @param filters key → the value a record must have (use "" for "has none"); copied
 * @param groupBy the keys to group by, in the order rows carry them; no key twice; copied
 * @param bucket the time bucket to group by, if any
 */
@Beta
public record CostQuery(
    Instant from,
    Instant to,
    Map<CostQueryKey, String> filters,
    List<CostQueryKey> groupBy,
    Optional<TimeBucket> bucket) {

  /** Calendar buckets in UTC. */
  public enum TimeBucket {
    HOUR,
    DAY,
    MONTH
  }

  public CostQuery {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "query range must end after it starts: " + from + ", " + to);
    }
    requireNonNull(filters, "filters");
    filters.forEach(
        (k, v) -> {
          requireNonNull(k, "filter key");
          requireNonNull(v, "filter value of " + k);
        });
    filters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    groupBy = List.copyOf(groupBy);
    if (new LinkedHashSet<>(groupBy).size() != groupBy.size()) {
      throw new IllegalArgumentException("a group key appears twice: " + groupBy);
    }
    requireNonNull(bucket, "bucket");
  }

  /** Everything in {@code [from, to)}, ungrouped: one total. */
  public static CostQuery between(Instant from, Instant to) {
    return new CostQuery(from, to, Map.of(), List.of(), Optional.empty());
  }

  /** This query, also grouped by {@code keys} (after the keys it has). */
  public CostQuery groupBy(CostQueryKey... keys) {
    List<CostQueryKey> all = new java.util.ArrayList<>(groupBy);
    all.addAll(List.of(keys));
    return new CostQuery(from, to, filters, all, bucket);
  }

  /** This query, keeping only records whose {@code key} is {@code value}. */
  public CostQuery where(CostQueryKey key, String value) {
    Map<CostQueryKey, String> all = new LinkedHashMap<>(filters);
    all.put(key, value);
    return new CostQuery(from, to, all, groupBy, bucket);
  }

  /** This query, grouped by {@code timeBucket} too. */
  public CostQuery per(TimeBucket timeBucket) {
    return new CostQuery(from, to, filters, groupBy, Optional.of(timeBucket));
  }
}
