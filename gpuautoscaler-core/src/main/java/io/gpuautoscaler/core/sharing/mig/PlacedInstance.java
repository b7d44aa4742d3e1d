package io.gpuautoscaler.core.sharing.mig;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.core.catalog.MigProfile;

/**
 * A GPU instance at a placement: memory slices {@code [start, start + profile.memorySlices())}.
 *
 * @param profile the GI profile
 * @param start the first memory slice; one of the profile's allowed starts
 */
@Beta
public record PlacedInstance(MigProfile profile, int start) {
  public PlacedInstance {
    requireNonNull(profile, "profile");
    if (!profile.allowsStart(start)) {
      throw new IllegalArgumentException(
          profile.name()
              + " cannot start at memory slice "
              + start
              + " on "
              + profile.model()
              + "; allowed starts: "
              + profile.starts());
    }
  }

  /** One past the last memory slice it occupies. */
  public int end() {
    return start + profile.memorySlices();
  }

  /** The occupied memory slices as a bit mask. */
  int mask() {
    return ((1 << profile.memorySlices()) - 1) << start;
  }

  /** {@code profile:start}, e.g. {@code 3g.20gb@4}. */
  @Override
  public String toString() {
    return profile.name() + "@" + start;
  }
}
