package io.gpuautoscaler.cost.attribution;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.cost.CostAttribution;
import io.gpuautoscaler.api.cost.CostAttribution.IdleSharing;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.GroupKey;
import io.gpuautoscaler.api.cost.GroupKey.Dimension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Groups cost records by any combination of {@link GroupKey}s: namespace, team, a label, node, GPU
 * model, workload kind, capacity type, time bucket (hour, day, month), ...
 *
 * <p>Idle cost is either left on its own (idle groups, whose node-level keys such as node, GPU
 * model, capacity type and time keep their values and whose workload keys read {@link
 * AttributionReport#IDLE}), or shared back: the idle cost of each interval goes to the workload
 * records of that interval in proportion to their cost, cluster-wide (OpenCost's {@code
 * shareIdle=true} with weighted sharing). Either way nothing is lost: the report's total is the
 * records' total. Stateless and thread-safe; the result does not depend on the records' order
 * beyond floating-point rounding.
 */
@Beta
public final class CostAttributor {

  /** Keys whose value an idle record really has; every other key reads {@code __idle__}. */
  private static final Set<Dimension> NODE_LEVEL =
      EnumSet.of(
          Dimension.NODE,
          Dimension.NODE_GROUP,
          Dimension.GPU_MODEL,
          Dimension.CAPACITY_TYPE,
          Dimension.HOUR,
          Dimension.DAY,
          Dimension.MONTH);

  private CostAttributor() {}

  /** Groups {@code records} as {@code spec} says: by its keys, with its idle sharing. */
  public static AttributionReport attribute(List<CostRecord> records, CostAttribution spec) {
    requireNonNull(spec, "spec");
    return attribute(records, spec.trackBy(), spec.idleSharing());
  }

  /**
   * Groups {@code records} by {@code keys}.
   *
   * @param keys at least one, none twice
   * @throws IllegalArgumentException for an empty key list or a key given twice
   */
  public static AttributionReport attribute(
      List<CostRecord> records, List<GroupKey> keys, IdleSharing idleSharing) {
    requireNonNull(records, "records");
    requireNonNull(idleSharing, "idleSharing");
    keys = List.copyOf(keys);
    if (keys.isEmpty() || Set.copyOf(keys).size() != keys.size()) {
      throw new IllegalArgumentException("group keys must be one or more, none twice: " + keys);
    }
    Map<Instant, double[]> byInterval = new HashMap<>(); // [workload cost, idle cost]
    for (CostRecord r : records) {
      double[] sums = byInterval.computeIfAbsent(r.intervalStart(), t -> new double[2]);
      sums[r.kind() == CostRecord.Kind.IDLE ? 1 : 0] += r.costUsd();
    }
    Map<List<String>, double[]> workloadGroups = new TreeMap<>(VALUES); // [cost, shared, gpu-h]
    Map<List<String>, double[]> idleGroups = new TreeMap<>(VALUES);
    double unsharedIdle = 0;
    for (CostRecord r : records) {
      if (r.kind() == CostRecord.Kind.IDLE) {
        if (idleSharing == IdleSharing.UNSHARED) {
          double[] g = idleGroups.computeIfAbsent(values(keys, r, true), v -> new double[3]);
          g[0] += r.costUsd();
          g[2] += r.gpuHours();
          unsharedIdle += r.costUsd();
        }
        continue;
      }
      double[] g = workloadGroups.computeIfAbsent(values(keys, r, false), v -> new double[3]);
      g[0] += r.costUsd();
      g[2] += r.gpuHours();
      if (idleSharing == IdleSharing.PROPORTIONAL) {
        double[] sums = byInterval.get(r.intervalStart());
        if (sums[0] > 0) {
          g[1] += sums[1] * r.costUsd() / sums[0];
        }
      }
    }
    if (idleSharing == IdleSharing.PROPORTIONAL) {
      // Idle of an interval in which no workload paid anything has no one to go to.
      for (double[] sums : byInterval.values()) {
        if (sums[0] == 0) {
          unsharedIdle += sums[1];
        }
      }
    }
    List<AttributionReport.Group> groups = new ArrayList<>();
    double total = 0;
    for (Map.Entry<List<String>, double[]> e : workloadGroups.entrySet()) {
      double[] g = e.getValue();
      groups.add(new AttributionReport.Group(e.getKey(), false, g[0], g[1], g[2]));
      total += g[0] + g[1];
    }
    for (Map.Entry<List<String>, double[]> e : idleGroups.entrySet()) {
      double[] g = e.getValue();
      groups.add(new AttributionReport.Group(e.getKey(), true, g[0], 0, g[2]));
    }
    total += unsharedIdle;
    return new AttributionReport(keys, idleSharing, groups, unsharedIdle, total);
  }

  private static List<String> values(List<GroupKey> keys, CostRecord r, boolean idle) {
    List<String> values = new ArrayList<>(keys.size());
    for (GroupKey k : keys) {
      values.add(
          idle && !NODE_LEVEL.contains(k.dimension()) ? AttributionReport.IDLE : k.valueOf(r));
    }
    return values;
  }

  private static final Comparator<List<String>> VALUES =
      (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
          int c = a.get(i).compareTo(b.get(i));
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };
}
