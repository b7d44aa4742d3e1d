package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.PendingWorkload;
import io.gpuautoscaler.api.scaling.ScalingLimits;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.core.cluster.ClusterState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** Hand-made snapshots for policy tests: groups, ready nodes with GPUs in use, pending work. */
final class PolicyFixtures {
  static final Instant T0 = Instant.parse("2017-10-02T00:00:00Z");

  private final List<NodeGroup> groups = new ArrayList<>();
  private final List<NodeStatus> nodes = new ArrayList<>();
  private final List<GpuNode> ready = new ArrayList<>();
  private final List<int[]> busy = new ArrayList<>();
  private final List<PendingWorkload> pending = new ArrayList<>();
  private ScalingLimits limits = ScalingLimits.none();

  static NodeGroup group(
      String id, CapacityType type, int gpus, double price, int min, int max, int target) {
    return new NodeGroup(
        id, "t-" + gpus, "A100", gpus, 96_000, 680_000, type, "z", min, max, target, price);
  }

  PolicyFixtures group(NodeGroup g) {
    groups.add(g);
    return this;
  }

  /**
   * A ready node of {@code groupId} with {@code usedGpus} GPUs held by {@code workloads} workloads.
   */
  PolicyFixtures readyNode(String id, String groupId, int usedGpus, boolean evictable) {
    NodeGroup g = groups.stream().filter(x -> x.id().equals(groupId)).findFirst().orElseThrow();
    ready.add(g.template(id));
    busy.add(new int[] {ready.size() - 1, usedGpus, evictable ? 1 : 0});
    nodes.add(
        new NodeStatus(
            id,
            groupId,
            NodeState.READY,
            T0,
            g.gpusPerNode(),
            usedGpus * 1000L,
            usedGpus > 0 ? 1 : 0,
            usedGpus > 0 && evictable ? 1 : 0));
    return this;
  }

  PolicyFixtures provisioningNode(String id, String groupId) {
    nodes.add(new NodeStatus(id, groupId, NodeState.PROVISIONING, T0, 8, 0, 0, 0));
    return this;
  }

  PolicyFixtures pending(String name, int gpus, boolean interruptible) {
    pending.add(
        new PendingWorkload(
            Workload.builder(name).wholeGpus(gpus).build(), T0, interruptible, name));
    return this;
  }

  PolicyFixtures limits(ScalingLimits l) {
    limits = l;
    return this;
  }

  ScalingSnapshot at(Instant now) {
    ClusterState state = ClusterState.of(ready);
    for (int[] b : busy) {
      if (b[1] > 0) {
        GpuNode n = ready.get(b[0]);
        Workload w = Workload.builder("job-on-" + n.name()).wholeGpus(b[1]).build();
        state.apply(
            w, new Placement(w.name(), n.name(), IntStream.range(0, b[1]).boxed().toList(), 1000));
      }
    }
    List<NodeStatus> sorted = new ArrayList<>(nodes);
    sorted.sort((a, b) -> a.nodeId().compareTo(b.nodeId()));
    return new ScalingSnapshot(now, groups, sorted, state, pending, Optional.empty(), limits, 0, 0);
  }
}
