package io.gpuautoscaler.api.scaling;

import static io.gpuautoscaler.api.scaling.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Instant;

/**
 * Something a {@link NodeGroupProvider} observed that its caller must react to, in the order it
 * happened. Each event carries when it happened on the provider's clock.
 */
@Beta
public sealed interface ProviderEvent {

  /** When it happened. */
  Instant at();

  /** The group it concerns. */
  String groupId();

  /** A provisioning node is running and schedulable. */
  record NodeReady(String nodeId, String groupId, Instant at) implements ProviderEvent {
    public NodeReady {
      nonBlank(nodeId, "nodeId");
      nonBlank(groupId, "groupId");
      requireNonNull(at, "at");
    }
  }

  /**
   * The cloud will reclaim a node (a spot interruption): work on it must be drained before {@code
   * deadline}, when the node goes. The lead time is the cloud's notice period: 2 minutes on AWS, 30
   * seconds on GCP and Azure.
   */
  record InterruptionNotice(String nodeId, String groupId, Instant at, Instant deadline)
      implements ProviderEvent {
    public InterruptionNotice {
      nonBlank(nodeId, "nodeId");
      nonBlank(groupId, "groupId");
      requireNonNull(at, "at");
      requireNonNull(deadline, "deadline");
      if (deadline.isBefore(at)) {
        throw new IllegalArgumentException(
            "deadline " + deadline + " is before the notice " + at + " for node " + nodeId);
      }
    }
  }

  /**
   * The cloud could not start all the nodes asked for (an ICE). The group's target was lowered by
   * {@code shortBy}, so that the caller can try another group.
   *
   * @param requested nodes asked for in the launch that fell short
   * @param shortBy nodes that could not be started, 1..requested
   */
  record InsufficientCapacity(String groupId, Instant at, int requested, int shortBy)
      implements ProviderEvent {
    public InsufficientCapacity {
      nonBlank(groupId, "groupId");
      requireNonNull(at, "at");
      if (shortBy < 1 || shortBy > requested) {
        throw new IllegalArgumentException(
            "shortBy must be in 1.." + requested + " for group " + groupId + ", was " + shortBy);
      }
    }
  }

  /** A node is gone and no longer billed. */
  record NodeTerminated(String nodeId, String groupId, Instant at, Cause cause)
      implements ProviderEvent {
    public NodeTerminated {
      nonBlank(nodeId, "nodeId");
      nonBlank(groupId, "groupId");
      requireNonNull(at, "at");
      requireNonNull(cause, "cause");
    }
  }

  /** Why a node went. */
  enum Cause {
    /** The caller deleted it, or cancelled it while provisioning. */
    DELETED,
    /** The cloud reclaimed it after an {@link InterruptionNotice}. */
    INTERRUPTED
  }
}
