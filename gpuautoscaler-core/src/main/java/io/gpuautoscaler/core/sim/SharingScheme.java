package io.gpuautoscaler.core.sim;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Locale;

/** How {@link SharingReplay} gives GPU pods their GPUs. */
@Beta
public enum SharingScheme {
  /**
   * Every GPU pod takes whole GPUs: a fractional request is rounded up to one GPU, as a plain
   * {@code nvidia.com/gpu: 1} request is.
   */
  EXCLUSIVE,
  /**
   * A {@link io.gpuautoscaler.api.sharing.SharingSelector} decides per pod and GPU model:
   * exclusive, a MIG profile, an MPS client or a time-slice replica, sized by the planners' rules.
   */
  AUTO;

  /** The lowercase name used on the command line, e.g. {@code "auto"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The scheme whose {@link #label()} is {@code label}, ignoring case.
   *
   * @throws IllegalArgumentException naming the known labels when there is none
   */
  public static SharingScheme fromLabel(String label) {
    requireNonNull(label, "label");
    for (SharingScheme s : values()) {
      if (s.label().equalsIgnoreCase(label.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown sharing scheme '" + label + "'; expected exclusive or auto");
  }
}
