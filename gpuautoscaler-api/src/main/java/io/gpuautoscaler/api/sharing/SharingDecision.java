package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Optional;

/**
 * How one workload should get its GPU, and why: what an admission webhook applies to the pod.
 *
 * @param mode whole GPUs ({@link SharingMode#EXCLUSIVE}) or the way one GPU is shared
 * @param migProfile the MIG profile, e.g. {@code "2g.20gb"}; present exactly when {@code mode} is
 *     {@link SharingMode#MIG}
 * @param gpuModel the GPU model the decision holds for, when it holds for one model only (always
 *     for MIG, whose profile names mean different slices on different models); empty when any of
 *     the workload's allowed models will do
 * @param gpuCount GPUs the workload gets: at least 1, and exactly 1 unless {@code mode} is
 *     exclusive
 * @param shareMilli the share of each GPU's compute the workload gets, 1..1000: 1000 for whole
 *     GPUs, the MIG instance's compute slices over the GPU's for MIG, and the workload's own need
 *     for MPS and time-slicing (whose replicas the planners size)
 * @param reason why, for people: the rule that decided and the numbers it compared
 */
@Beta
public record SharingDecision(
    SharingMode mode,
    Optional<String> migProfile,
    Optional<String> gpuModel,
    int gpuCount,
    int shareMilli,
    String reason) {
  public SharingDecision {
    requireNonNull(mode, "mode");
    requireNonNull(migProfile, "migProfile");
    requireNonNull(gpuModel, "gpuModel");
    migProfile.ifPresent(p -> nonBlank(p, "migProfile"));
    gpuModel.ifPresent(m -> nonBlank(m, "gpuModel"));
    nonBlank(reason, "reason");
    if ((mode == SharingMode.MIG) != migProfile.isPresent()) {
      throw new IllegalArgumentException(
          "migProfile must be present exactly when mode is mig; mode " + mode + ", " + migProfile);
    }
    if (mode == SharingMode.MIG && gpuModel.isEmpty()) {
      throw new IllegalArgumentException("a mig decision must name its gpuModel");
    }
    if (gpuCount < 1 || (mode != SharingMode.EXCLUSIVE && gpuCount != 1)) {
      throw new IllegalArgumentException(
          "gpuCount must be >= 1, and 1 unless exclusive; was " + gpuCount + " for " + mode);
    }
    if (shareMilli < 1 || shareMilli > 1000) {
      throw new IllegalArgumentException("shareMilli must be in 1..1000, was " + shareMilli);
    }
    if (mode == SharingMode.EXCLUSIVE && shareMilli != 1000) {
      throw new IllegalArgumentException(
          "an exclusive decision gives whole GPUs (shareMilli 1000), was " + shareMilli);
    }
  }

  /** Whole GPUs, for {@code reason}. */
  public static SharingDecision exclusive(int gpuCount, String reason) {
    return new SharingDecision(
        SharingMode.EXCLUSIVE, Optional.empty(), Optional.empty(), gpuCount, 1000, reason);
  }

  /** Whether the workload shares its GPU. */
  public boolean shared() {
    return mode != SharingMode.EXCLUSIVE;
  }
}
