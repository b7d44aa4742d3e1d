package io.gpuautoscaler.api.scaling;

import static io.gpuautoscaler.api.scaling.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * The answer to {@link NodeGroupProvider#deleteNodes}: {@link Accepted} or {@link Refused}. A
 * refusal leaves every node of the request as it was.
 */
@Beta
public sealed interface DeleteOutcome {

  /** The group asked about. */
  String groupId();

  /**
   * The nodes are going, and the group's target shrank by {@code terminating.size()}.
   *
   * @param terminating nodes this call started deleting, in request order
   * @param alreadyGone nodes of the request that were already terminating or gone: deleting twice
   *     is not an error
   */
  record Accepted(String groupId, List<String> terminating, List<String> alreadyGone)
      implements DeleteOutcome {
    public Accepted {
      nonBlank(groupId, "groupId");
      terminating = List.copyOf(terminating);
      alreadyGone = List.copyOf(alreadyGone);
    }
  }

  /**
   * Nothing was deleted.
   *
   * @param reason why, for machines
   * @param message why, for people
   */
  record Refused(String groupId, Reason reason, String message) implements DeleteOutcome {
    public Refused {
      nonBlank(groupId, "groupId");
      requireNonNull(reason, "reason");
      nonBlank(message, "message");
    }
  }

  /** Why a delete was refused. */
  enum Reason {
    /** The group would fall below its minimum size. */
    BELOW_MIN
  }
}
