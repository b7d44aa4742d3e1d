package io.gpuautoscaler.api.scaling;

import static io.gpuautoscaler.api.scaling.Checks.nonBlank;
import static io.gpuautoscaler.api.scaling.Checks.nonNegative;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Instant;

/**
 * One node as a policy sees it: its life state and how much of its GPU capacity is requested.
 *
 * @param nodeId the node's id, also its name in {@link ScalingSnapshot#cluster()} when it is ready
 * @param groupId the group it belongs to
 * @param state where it is in its life
 * @param launchedAt when it was asked for
 * @param gpuCount its GPUs
 * @param gpuMilliRequested GPU share requested by the workloads on it, 0..gpuCount*1000
 * @param workloads workloads running on it
 * @param evictableWorkloads of those, the ones a voluntary scale-down may move (they checkpoint)
 */
@Beta
public record NodeStatus(
    String nodeId,
    String groupId,
    NodeState state,
    Instant launchedAt,
    int gpuCount,
    long gpuMilliRequested,
    int workloads,
    int evictableWorkloads) {
  public NodeStatus {
    nonBlank(nodeId, "nodeId");
    nonBlank(groupId, "groupId");
    requireNonNull(state, "state");
    requireNonNull(launchedAt, "launchedAt");
    nonNegative(gpuCount, "gpuCount");
    if (gpuMilliRequested < 0 || gpuMilliRequested > gpuCount * 1000L) {
      throw new IllegalArgumentException(
          "gpuMilliRequested must be in 0.."
              + gpuCount * 1000L
              + " for node "
              + nodeId
              + ", was "
              + gpuMilliRequested);
    }
    nonNegative(workloads, "workloads");
    if (evictableWorkloads < 0 || evictableWorkloads > workloads) {
      throw new IllegalArgumentException(
          "evictableWorkloads must be in 0.." + workloads + ", was " + evictableWorkloads);
    }
  }

  /** Requested share of the node's GPUs, 0..1; 0 for a node without GPUs. */
  public double gpuAllocation() {
    return gpuCount == 0 ? 0 : gpuMilliRequested / (gpuCount * 1000.0);
  }
}
