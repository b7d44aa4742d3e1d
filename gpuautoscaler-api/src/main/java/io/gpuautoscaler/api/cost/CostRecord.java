package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.sharing.SharingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one workload's GPUs cost within one interval (a time bucket, 1 minute by default), accurate
 * to the second inside it; or, for {@link Kind#IDLE}, what a node's unallocated GPUs cost.
 *
 * <p>The key is ({@code workloadUid}, {@code intervalStart}): a store keeps one record per key, so
 * writing the same interval twice never counts it twice.
 *
 * @param kind a workload's cost, or the idle cost of a node's unallocated GPUs
 * @param workloadUid a stable unique id of the workload (a pod's uid); for idle records {@code
 *     idle/<node>}
 * @param workloadName the workload's name; the node's name for idle records
 * @param namespace the workload's namespace; empty for idle records
 * @param labels the workload's labels, sorted by key
 * @param team the team, when known (a label the attribution spec names)
 * @param experimentId the experiment id, when known
 * @param node the node it ran on
 * @param nodeGroup the node group of that node, when known
 * @param gpuModel the node's GPU model
 * @param capacityType the node's capacity type
 * @param sharingMode how the workload shared its GPUs; {@link SharingMode#EXCLUSIVE} for whole GPUs
 *     and for idle records
 * @param intervalStart the start of the interval, aligned to {@code interval}
 * @param interval the interval's length, positive
 * @param seconds the seconds within the interval the workload held its GPUs, in [0, interval]
 * @param gpuMilli the GPU share it held, in thousandths of a GPU (2,500 = two and a half GPUs)
 * @param costUsd what those GPU-seconds cost, at least 0
 */
@Beta
public record CostRecord(
    Kind kind,
    String workloadUid,
    String workloadName,
    String namespace,
    Map<String, String> labels,
    Optional<String> team,
    Optional<String> experimentId,
    String node,
    Optional<String> nodeGroup,
    String gpuModel,
    CapacityType capacityType,
    SharingMode sharingMode,
    Instant intervalStart,
    Duration interval,
    double seconds,
    long gpuMilli,
    double costUsd) {

  /** A workload's cost, or the cost of GPUs nobody requested. */
  public enum Kind {
    WORKLOAD,
    IDLE
  }

  public CostRecord {
    requireNonNull(kind, "kind");
    requireNonNull(workloadUid, "workloadUid");
    if (workloadUid.isBlank()) {
      throw new IllegalArgumentException("workloadUid must not be blank");
    }
    requireNonNull(workloadName, "workloadName");
    requireNonNull(namespace, "namespace");
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    requireNonNull(team, "team");
    requireNonNull(experimentId, "experimentId");
    requireNonNull(node, "node");
    requireNonNull(nodeGroup, "nodeGroup");
    requireNonNull(gpuModel, "gpuModel");
    requireNonNull(capacityType, "capacityType");
    requireNonNull(sharingMode, "sharingMode");
    requireNonNull(intervalStart, "intervalStart");
    requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "interval must be positive for " + workloadUid + ", was " + interval);
    }
    if (!(seconds >= 0) || seconds > interval.toMillis() / 1000.0) {
      throw new IllegalArgumentException(
          "seconds must be in [0, "
              + interval.toSeconds()
              + "] for "
              + workloadUid
              + ", was "
              + seconds);
    }
    if (gpuMilli < 0) {
      throw new IllegalArgumentException(
          "gpuMilli must be >= 0 for " + workloadUid + ", was " + gpuMilli);
    }
    if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
      throw new IllegalArgumentException(
          "costUsd must be finite and >= 0 for " + workloadUid + ", was " + costUsd);
    }
  }

  /** GPU-hours held within the interval: {@code gpuMilli / 1000 × seconds / 3600}. */
  public double gpuHours() {
    return gpuMilli / 1000.0 * seconds / 3600;
  }
}
