package io.gpuautoscaler.api.scaling;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.ClusterView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Everything a {@link ScalingPolicy} decides from, at one instant.
 *
 * <p>{@code cluster} is a live view, valid only during the {@link ScalingPolicy#decide} call that
 * receives it: read it, copy it if needed, never keep or change it. It holds the ready nodes only,
 * named by their {@link NodeStatus#nodeId()}, with the workloads running on them.
 *
 * @param now the instant of the snapshot, on the caller's clock
 * @param groups every node group with its target size, sorted by id
 * @param nodes every node not yet gone, of every group, sorted by id
 * @param cluster the ready nodes and what runs on them
 * @param pending workloads waiting for capacity, oldest first
 * @param metrics measured GPU activity, when a metrics source exists
 * @param limits caps and the disruption budget the decision must respect
 * @param disruptionsInFlight nodes being drained or deleted by a voluntary scale-down now
 * @param disruptionsInWindow voluntary removals started within the disruption budget's window
 */
@Beta
public record ScalingSnapshot(
    Instant now,
    List<NodeGroup> groups,
    List<NodeStatus> nodes,
    ClusterView cluster,
    List<PendingWorkload> pending,
    Optional<GpuMetrics> metrics,
    ScalingLimits limits,
    int disruptionsInFlight,
    int disruptionsInWindow) {

  public ScalingSnapshot {
    requireNonNull(now, "now");
    groups = List.copyOf(groups);
    nodes = List.copyOf(nodes);
    requireNonNull(cluster, "cluster");
    pending = List.copyOf(pending);
    requireNonNull(metrics, "metrics");
    requireNonNull(limits, "limits");
    Checks.nonNegative(disruptionsInFlight, "disruptionsInFlight");
    Checks.nonNegative(disruptionsInWindow, "disruptionsInWindow");
    Set<String> ids = new HashSet<>();
    for (NodeGroup g : groups) {
      if (!ids.add(g.id())) {
        throw new IllegalArgumentException("two groups have id " + g.id());
      }
    }
    for (NodeStatus n : nodes) {
      if (!ids.contains(n.groupId())) {
        throw new IllegalArgumentException(
            "node " + n.nodeId() + " names unknown group " + n.groupId());
      }
    }
  }

  /**
   * The group called {@code id}.
   *
   * @throws IllegalArgumentException if there is none
   */
  public NodeGroup group(String id) {
    for (NodeGroup g : groups) {
      if (g.id().equals(id)) {
        return g;
      }
    }
    throw new IllegalArgumentException("no node group " + id + " in the snapshot");
  }

  /** The nodes of one group, sorted by id; empty when it has none. */
  public List<NodeStatus> nodesOf(String groupId) {
    List<NodeStatus> list = new ArrayList<>();
    for (NodeStatus n : nodes) {
      if (n.groupId().equals(groupId)) {
        list.add(n);
      }
    }
    return list;
  }

  /** GPUs asked for (target sizes times GPUs per node) per capacity type. */
  public Map<CapacityType, Integer> targetGpusByCapacityType() {
    Map<CapacityType, Integer> gpus = new HashMap<>();
    for (NodeGroup g : groups) {
      gpus.merge(g.capacityType(), g.targetSize() * g.gpusPerNode(), Integer::sum);
    }
    return gpus;
  }

  /**
   * The most nodes a scale-up of group {@code groupId} may add now: what its maximum size and its
   * capacity type's GPU cap leave. 0 when either is reached.
   *
   * @throws IllegalArgumentException if there is no such group
   */
  public int scaleUpHeadroom(String groupId) {
    NodeGroup g = group(groupId);
    int headroom = g.maxSize() - g.targetSize();
    OptionalInt cap = limits.gpuCap(g.capacityType());
    if (cap.isPresent()) {
      int used = targetGpusByCapacityType().getOrDefault(g.capacityType(), 0);
      headroom = Math.min(headroom, Math.max(0, cap.getAsInt() - used) / g.gpusPerNode());
    }
    return Math.max(0, headroom);
  }

  /** How many nodes a voluntary scale-down may remove now, by the disruption budget. */
  public int allowedDisruptions() {
    return limits.disruption().allowedNow(disruptionsInFlight, disruptionsInWindow);
  }
}
