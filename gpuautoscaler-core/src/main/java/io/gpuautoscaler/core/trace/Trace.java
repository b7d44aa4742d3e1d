package io.gpuautoscaler.core.trace;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import java.util.List;

/**
 * A cluster and a workload to replay on it.
 *
 * @param description where it came from, for reports (file names, or "synthetic ...")
 * @param nodes the nodes, in file order
 * @param pods the pods, in file order
 */
@Beta
public record Trace(String description, List<GpuNode> nodes, List<TracePod> pods) {
  public Trace {
    requireNonNull(description, "description");
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
  }

  /** The pods' workloads, in file order. */
  public List<Workload> workloads() {
    return pods.stream().map(TracePod::workload).toList();
  }
}
