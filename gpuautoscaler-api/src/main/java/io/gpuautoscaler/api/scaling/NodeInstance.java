package io.gpuautoscaler.api.scaling;

import static io.gpuautoscaler.api.scaling.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Instant;

/**
 * One node of a group as its provider knows it, including nodes not yet registered with the cluster
 * (cluster-autoscaler's {@code Instance}).
 *
 * @param id the node's unique id, also its Kubernetes node name
 * @param groupId the group it belongs to
 * @param state where it is in its life
 * @param launchedAt when it was asked for; billing starts here
 */
@Beta
public record NodeInstance(String id, String groupId, NodeState state, Instant launchedAt) {
  public NodeInstance {
    nonBlank(id, "id");
    nonBlank(groupId, "groupId");
    requireNonNull(state, "state");
    requireNonNull(launchedAt, "launchedAt");
  }
}
