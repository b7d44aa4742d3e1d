package io.gpuautoscaler.cost.attribution;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.cost.CostAttribution.IdleSharing;
import io.gpuautoscaler.api.cost.GroupKey;
import java.util.List;

/**
 * Cost grouped by a list of keys.
 *
 * <p>{@link #totalUsd()} is the sum of every group's {@link Group#totalUsd()}; with idle cost
 * unshared, the idle groups are among them. With idle cost shared back, {@link #idleUsd()} is what
 * could not be shared (idle cost of intervals in which no workload paid anything) and is added on
 * its own.
 *
 * @param keys the keys, in the order each group's values follow
 * @param idleSharing how idle cost was treated
 * @param groups the groups, sorted: workload groups by their values, then idle groups
 * @param idleUsd idle cost not in a workload group: the idle groups' sum when unshared, the
 *     remainder that had no one to share it with when shared back
 * @param totalUsd everything: workload cost plus idle cost
 */
@Beta
public record AttributionReport(
    List<GroupKey> keys,
    IdleSharing idleSharing,
    List<Group> groups,
    double idleUsd,
    double totalUsd) {

  /**
   * One group.
   *
   * @param values its value for each key, in key order ({@link GroupKey#UNALLOCATED} where a record
   *     lacks one; {@link #IDLE} for a workload key of an idle group)
   * @param idle whether this group holds idle cost rather than workloads' cost
   * @param costUsd the cost of its records
   * @param sharedIdleUsd the idle cost shared back to it; 0 unless idle is shared
   * @param gpuHours the GPU-hours of its records
   */
  public record Group(
      List<String> values, boolean idle, double costUsd, double sharedIdleUsd, double gpuHours) {
    public Group {
      values = List.copyOf(values);
    }

    /** Its own cost plus the idle cost shared back to it. */
    public double totalUsd() {
      return costUsd + sharedIdleUsd;
    }
  }

  /** The value an idle group has for a key that only workloads have (namespace, team, ...). */
  public static final String IDLE = "__idle__";

  public AttributionReport {
    keys = List.copyOf(keys);
    requireNonNull(idleSharing, "idleSharing");
    groups = List.copyOf(groups);
  }
}
