package io.gpuautoscaler.api.scaling;

import static io.gpuautoscaler.api.scaling.Checks.nonBlank;
import static io.gpuautoscaler.api.scaling.Checks.positive;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link ScalingPolicy} wants done now: {@link ScaleUp}, {@link RemoveNodes} or {@link
 * Hold}. Every decision says why in words a person can act on.
 */
@Beta
public sealed interface ScalingDecision {

  /** Why, for people: what was seen and which rule fired. */
  String reason();

  /**
   * Add {@code count} nodes to a group.
   *
   * @param count nodes to add, at least 1
   */
  record ScaleUp(String groupId, int count, String reason) implements ScalingDecision {
    public ScaleUp {
      nonBlank(groupId, "groupId");
      positive(count, "count");
      nonBlank(reason, "reason");
    }
  }

  /**
   * Drain and delete these nodes of one group.
   *
   * @param nodeIds the nodes, distinct, at least one
   */
  record RemoveNodes(String groupId, List<String> nodeIds, String reason)
      implements ScalingDecision {
    public RemoveNodes {
      nonBlank(groupId, "groupId");
      nodeIds = List.copyOf(nodeIds);
      if (nodeIds.isEmpty()) {
        throw new IllegalArgumentException("nodeIds must not be empty for group " + groupId);
      }
      if (new LinkedHashSet<>(nodeIds).size() != nodeIds.size()) {
        throw new IllegalArgumentException("nodeIds must be distinct, were " + nodeIds);
      }
      nonBlank(reason, "reason");
    }
  }

  /**
   * Change nothing now.
   *
   * @param reviewAt when the policy wants to be asked again even if nothing else changes (a
   *     cool-down ending); empty when only a change should wake it. A caller may ask earlier.
   */
  record Hold(String reason, Optional<Instant> reviewAt) implements ScalingDecision {
    public Hold {
      nonBlank(reason, "reason");
      requireNonNull(reviewAt, "reviewAt");
    }

    /** A hold that waits for the next change. */
    public static Hold because(String reason) {
      return new Hold(reason, Optional.empty());
    }
  }
}
