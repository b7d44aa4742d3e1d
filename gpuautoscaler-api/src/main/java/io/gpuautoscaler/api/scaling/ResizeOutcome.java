package io.gpuautoscaler.api.scaling;

import static io.gpuautoscaler.api.scaling.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;

/**
 * The answer to {@link NodeGroupProvider#setTargetSize}: {@link Accepted} or {@link Refused}. A
 * refusal is an expected outcome, not an exception; the group is then unchanged.
 */
@Beta
public sealed interface ResizeOutcome {

  /** The group asked about. */
  String groupId();

  /**
   * The group's target was set to {@code target}. Nodes may still be starting. When the cloud
   * cannot supply them all, the provider lowers the target again and says so with a {@link
   * ProviderEvent.InsufficientCapacity} event, so {@link NodeGroupProvider#nodeGroups()} may
   * already show less.
   *
   * @param previous the target before the call
   * @param target the target as set by the call
   */
  record Accepted(String groupId, int previous, int target) implements ResizeOutcome {
    public Accepted {
      nonBlank(groupId, "groupId");
    }
  }

  /**
   * The group was left as it was.
   *
   * @param requested the target that was asked for
   * @param reason why, for machines
   * @param message why, for people, with the group's bounds
   */
  record Refused(String groupId, int requested, Reason reason, String message)
      implements ResizeOutcome {
    public Refused {
      nonBlank(groupId, "groupId");
      requireNonNull(reason, "reason");
      nonBlank(message, "message");
    }
  }

  /** Why a resize was refused. */
  enum Reason {
    /** The target would exceed the group's maximum size. */
    ABOVE_MAX,
    /** The target would fall below the group's minimum size. */
    BELOW_MIN,
    /**
     * Shrinking would need running nodes to go. A target only cancels nodes that are still
     * provisioning (cluster-autoscaler's {@code DecreaseTargetSize}); running nodes leave through
     * {@link NodeGroupProvider#deleteNodes}, which names them.
     */
    WOULD_DELETE_RUNNING_NODES
  }
}
