package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;

/**
 * A request a plan could not place: an expected outcome, not an error.
 *
 * @param requestId the {@link SharingRequest#id()}
 * @param reason why, for machines
 * @param message why, for people, with the amounts and names involved
 */
@Beta
public record Unplaced(String requestId, Reason reason, String message) {
  public Unplaced {
    nonBlank(requestId, "requestId");
    requireNonNull(reason, "reason");
    nonBlank(message, "message");
  }

  /** Why a request could not be placed. */
  public enum Reason {
    /** No GPU of an allowed model, or none that supports this planner's sharing mode. */
    NO_COMPATIBLE_GPU,
    /** The explicit profile does not exist on any allowed GPU's model. */
    UNKNOWN_PROFILE,
    /** Larger than anything one GPU of an allowed model can give, even when idle. */
    TOO_LARGE,
    /** Would fit an idle GPU of an allowed model, but the GPUs are used or claimed by others. */
    NO_CAPACITY
  }
}
