package io.gpuautoscaler.core.sharing.mig;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import java.util.Locale;

/**
 * How the NVIDIA device plugin advertises MIG devices ({@code migStrategy}, ClusterPolicy {@code
 * spec.mig.strategy}).
 */
@Beta
public enum MigStrategy {
  /**
   * One resource per profile, {@code nvidia.com/mig-<profile>}; GPUs of a node may be partitioned
   * differently.
   */
  MIXED,
  /**
   * Every GPU of a node is split into identical instances of one profile, advertised as {@code
   * nvidia.com/gpu}; GFD sets {@code nvidia.com/gpu.product} to {@code <product>-MIG-<profile>}.
   */
  SINGLE;

  /** The lowercase name used in settings and by the device plugin. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code mixed} or {@code single}, ignoring case.
   *
   * @throws ConfigurationException naming the known values otherwise
   */
  public static MigStrategy fromLabel(String label) {
    for (MigStrategy s : values()) {
      if (s.label().equalsIgnoreCase(label.trim())) {
        return s;
      }
    }
    throw new ConfigurationException(
        "Unknown MIG strategy '" + label + "'; known: mixed, single (none disables MIG)");
  }
}
