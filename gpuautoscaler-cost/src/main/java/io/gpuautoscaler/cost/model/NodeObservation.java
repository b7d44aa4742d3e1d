package io.gpuautoscaler.cost.model;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A node and the workloads on it, unchanged over {@code [from, to)}: one step of a sequence of
 * cluster observations. A workload arriving or leaving starts a new observation.
 *
 * @param node the node; its labels give the instance type, region and cloud a price is found by
 *     (see {@link io.gpuautoscaler.api.cost.PriceQuery#of})
 * @param capacityType how the node is bought
 * @param nodeGroup its node group, when known
 * @param from the start, inclusive
 * @param to the end, exclusive; not before {@code from}
 * @param workloads the workloads on the node, each uid once
 */
@Beta
public record NodeObservation(
    GpuNode node,
    CapacityType capacityType,
    Optional<String> nodeGroup,
    Instant from,
    Instant to,
    List<WorkloadObservation> workloads) {

  public NodeObservation {
    requireNonNull(node, "node");
    requireNonNull(capacityType, "capacityType");
    requireNonNull(nodeGroup, "nodeGroup");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "observation of " + node.name() + " ends at " + to + ", before it starts at " + from);
    }
    workloads = List.copyOf(workloads);
    Set<String> uids = new HashSet<>();
    for (WorkloadObservation w : workloads) {
      if (!uids.add(w.uid())) {
        throw new IllegalArgumentException(
            "workload " + w.uid() + " is listed twice on node " + node.name());
      }
      if (w.workload().requestsGpu() && node.gpuCount() == 0) {
        throw new IllegalArgumentException(
            "workload " + w.uid() + " holds GPUs on node " + node.name() + ", which has none");
      }
    }
  }
}
