package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.OptionalInt;

/**
 * One MIG GPU instance that exists (or, in a plan, is to exist) on a GPU.
 *
 * @param profile the GI profile name as {@code nvidia-smi mig -lgip} prints it, e.g. {@code
 *     "3g.40gb"} or {@code "1g.10gb+me"}; meaningful only together with the GPU's model, since
 *     {@code 1g.10gb} is a different profile on an A100-40GB than on an H100-80GB
 * @param start the first memory slice the instance occupies ({@code nvidia-smi mig -lgi}'s
 *     placement start), when known; a planner chooses one when it is empty
 * @param inUse whether a workload uses the instance; a planner never moves or deletes an instance
 *     in use
 */
@Beta
public record MigInstance(String profile, OptionalInt start, boolean inUse) {
  public MigInstance {
    nonBlank(profile, "profile");
    requireNonNull(start, "start");
    if (start.isPresent() && start.getAsInt() < 0) {
      throw new IllegalArgumentException("start must be >= 0, was " + start.getAsInt());
    }
  }

  /** An instance at a known placement. */
  public static MigInstance at(String profile, int start, boolean inUse) {
    return new MigInstance(profile, OptionalInt.of(start), inUse);
  }

  /** An instance whose placement is not known. */
  public static MigInstance unplaced(String profile, boolean inUse) {
    return new MigInstance(profile, OptionalInt.empty(), inUse);
  }
}
