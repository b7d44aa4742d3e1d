package io.gpuautoscaler.core.catalog;

import io.gpuautoscaler.api.Beta;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a MIG-capable model is cut: its memory and compute slices, its GI profiles, and the PCI ids
 * mig-parted's {@code device-filter} uses to select it.
 *
 * @param memorySlices memory slices per GPU: 8 on A100/H100/H200/B200, 4 on A30
 * @param computeSlices compute slices per GPU: 7 on A100/H100/H200/B200, 4 on A30
 * @param pciIds device-filter values, {@code 0x<device><vendor>} such as {@code 0x20B010DE}
 * @param profiles the GI profiles, in catalog order (smallest first)
 */
@Beta
public record MigGeometry(
    int memorySlices, int computeSlices, List<String> pciIds, List<MigProfile> profiles) {
  public MigGeometry {
    if (memorySlices < 1 || memorySlices > 30 || computeSlices < 1) {
      throw new IllegalArgumentException(
          "slices must be 1..30 memory and >= 1 compute, were "
              + memorySlices
              + "/"
              + computeSlices);
    }
    pciIds = List.copyOf(pciIds);
    profiles = List.copyOf(profiles);
    if (profiles.isEmpty()) {
      throw new IllegalArgumentException("a MIG geometry needs at least one profile");
    }
  }

  /** The profile called {@code name} (exact, case-insensitive), if this model has one. */
  public Optional<MigProfile> profile(String name) {
    for (MigProfile profile : profiles) {
      if (profile.name().equalsIgnoreCase(name.trim())) {
        return Optional.of(profile);
      }
    }
    return Optional.empty();
  }

  /**
   * The profile called {@code name}.
   *
   * @throws UnknownGpuException listing this model's profile names when there is none
   */
  public MigProfile requireProfile(String name) {
    return profile(name)
        .orElseThrow(
            () ->
                new UnknownGpuException(
                    UnknownGpuException.Kind.PROFILE,
                    name,
                    profiles.get(0).model(),
                    profileNames()));
  }

  /** The profile names, in catalog order. */
  public List<String> profileNames() {
    return profiles.stream().map(MigProfile::name).collect(Collectors.toUnmodifiableList());
  }
}
