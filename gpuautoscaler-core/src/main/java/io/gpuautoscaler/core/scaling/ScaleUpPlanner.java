package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.PendingWorkload;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.packing.FirstFitStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The scale-up simulation both built-in policies share: which pending work is not already covered
 * by nodes on their way, and what adding nodes to one group would place, found by packing the
 * pending work onto empty copies of the group's {@linkplain NodeGroup#template node template} with
 * the project's packing engine (first-fit, as cluster-autoscaler's binpacking estimator does).
 * Multi-node jobs place all their workloads or none.
 */
final class ScaleUpPlanner {
  private final PackingStrategy packing = new FirstFitStrategy();

  /** A scale-up option: {@code nodes} new nodes of {@code group} would hold these gangs. */
  record Option(NodeGroup group, int nodes, int workloads, long gpusPlaced, int gangs) {
    double idleFraction() {
      return 1 - gpusPlaced / (double) ((long) nodes * group.gpusPerNode());
    }

    double pricePerPlacedGpuHour() {
      return nodes * group.pricePerHourUsd() / gpusPlaced;
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%d new %s nodes hold %d pending workloads (%d GPUs, %.0f%% of the new GPUs idle) at"
              + " $%.2f/h each, $%.2f per placed GPU-hour",
          nodes,
          group.instanceType() + " " + group.capacityType(),
          workloads,
          gpusPlaced,
          100 * idleFraction(),
          group.pricePerHourUsd(),
          pricePerPlacedGpuHour());
    }
  }

  /** The pending workloads grouped into gangs, oldest first. */
  static List<List<PendingWorkload>> gangs(List<PendingWorkload> pending) {
    Map<String, List<PendingWorkload>> byGang = new LinkedHashMap<>();
    for (PendingWorkload p : pending) {
      byGang.computeIfAbsent(p.gangId(), k -> new ArrayList<>()).add(p);
    }
    return new ArrayList<>(byGang.values());
  }

  /** Whether every workload of a gang may run on {@code group}'s nodes. */
  static boolean eligible(List<PendingWorkload> gang, NodeGroup group) {
    for (PendingWorkload p : gang) {
      Workload w = p.workload();
      if (group.capacityType() == CapacityType.SPOT && !p.interruptible()) {
        return false;
      }
      if (w.gpuCount() > group.gpusPerNode()
          || !w.allowsModel(group.gpuModel())
          || w.cpuMilli() > group.cpuMilliPerNode()
          || w.memoryMib() > group.memoryMibPerNode()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The gangs that would not fit on the nodes still provisioning, in order. A gang counts as
   * covered when it fits on the provisioning nodes of one group it is eligible for.
   */
  List<List<PendingWorkload>> notCoveredByProvisioning(
      ScalingSnapshot snapshot, List<List<PendingWorkload>> gangs) {
    Map<String, List<GpuNode>> upcoming = new LinkedHashMap<>();
    for (NodeStatus n : snapshot.nodes()) {
      if (n.state() == NodeState.PROVISIONING) {
        upcoming
            .computeIfAbsent(n.groupId(), k -> new ArrayList<>())
            .add(snapshot.group(n.groupId()).template(n.nodeId()));
      }
    }
    if (upcoming.isEmpty()) {
      return gangs;
    }
    Map<NodeGroup, ClusterState> states = new LinkedHashMap<>();
    upcoming.forEach((id, nodes) -> states.put(snapshot.group(id), ClusterState.of(nodes)));
    List<List<PendingWorkload>> left = new ArrayList<>();
    for (List<PendingWorkload> gang : gangs) {
      boolean covered = false;
      for (Map.Entry<NodeGroup, ClusterState> e : states.entrySet()) {
        if (eligible(gang, e.getKey()) && place(e.getValue(), gang)) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        left.add(gang);
      }
    }
    return left;
  }

  /**
   * What up to {@code maxNodes} new nodes of {@code group} would hold of {@code gangs}; empty when
   * they would hold nothing.
   */
  Optional<Option> simulate(NodeGroup group, int maxNodes, List<List<PendingWorkload>> gangs) {
    if (maxNodes < 1) {
      return Optional.empty();
    }
    int members = 0;
    for (List<PendingWorkload> gang : gangs) {
      if (eligible(gang, group)) {
        members += gang.size();
      }
    }
    int size = Math.min(maxNodes, members);
    if (size == 0) {
      return Optional.empty();
    }
    List<GpuNode> templates = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      templates.add(group.template(String.format("%s-new-%05d", group.id(), i)));
    }
    ClusterState state = ClusterState.of(templates);
    int workloads = 0;
    long gpus = 0;
    int placedGangs = 0;
    for (List<PendingWorkload> gang : gangs) {
      if (eligible(gang, group) && place(state, gang)) {
        placedGangs++;
        for (PendingWorkload p : gang) {
          workloads++;
          gpus += p.workload().gpuCount();
        }
      }
    }
    int used = 0;
    for (int i = 0; i < size; i++) {
      if (state.gpuWorkloads(i) > 0 || !state.workloadsOn(i).isEmpty()) {
        used++;
      }
    }
    return used == 0
        ? Optional.empty()
        : Optional.of(new Option(group, used, workloads, gpus, placedGangs));
  }

  /** Places a whole gang, or none of it. */
  private boolean place(ClusterState state, List<PendingWorkload> gang) {
    List<String> placed = new ArrayList<>(gang.size());
    for (PendingWorkload p : gang) {
      PlacementResult result = packing.place(state, p.workload());
      if (result instanceof PlacementResult.Placed ok) {
        state.apply(p.workload(), ok.value());
        placed.add(p.workload().name());
      } else {
        for (String name : placed) {
          state.release(name);
        }
        return false;
      }
    }
    return true;
  }

  /** Options for every group {@code candidate} accepts that has headroom, unordered. */
  List<Option> options(
      ScalingSnapshot snapshot, List<List<PendingWorkload>> gangs, Predicate<NodeGroup> candidate) {
    List<Option> options = new ArrayList<>();
    for (NodeGroup g : snapshot.groups()) {
      if (candidate.test(g)) {
        simulate(g, snapshot.scaleUpHeadroom(g.id()), gangs).ifPresent(options::add);
      }
    }
    return options;
  }

  static long gpus(List<List<PendingWorkload>> gangs) {
    long gpus = 0;
    for (List<PendingWorkload> gang : gangs) {
      for (PendingWorkload p : gang) {
        gpus += p.workload().gpuCount();
      }
    }
    return gpus;
  }

  static int workloads(List<List<PendingWorkload>> gangs) {
    int n = 0;
    for (List<PendingWorkload> gang : gangs) {
      n += gang.size();
    }
    return n;
  }
}
