package io.gpuautoscaler.api.sharing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How one physical GPU is shared between workloads. Each mode other than {@link #EXCLUSIVE} has a
 * {@link SharingPlanner} provider whose name is the mode's {@link #label()}.
 */
@Beta
public enum SharingMode {
  /** One workload owns the whole GPU ({@code nvidia.com/gpu}). */
  EXCLUSIVE("exclusive"),
  /** Multi-Instance GPU: hardware partitions with their own memory and SMs. */
  MIG("mig"),
  /** CUDA Multi-Process Service: concurrent clients with thread-percentage and memory limits. */
  MPS("mps"),
  /** CUDA time-slicing: replicas of a GPU that take turns; no memory or fault isolation. */
  TIME_SLICING("time-slicing");

  private final String label;

  SharingMode(String label) {
    this.label = label;
  }

  /** The kebab-case name used in configuration, files and provider names, e.g. {@code "mps"}. */
  public String label() {
    return label;
  }

  /**
   * The mode whose {@link #label()} is {@code label}, ignoring case.
   *
   * @throws IllegalArgumentException listing the known labels when there is none
   */
  public static SharingMode fromLabel(String label) {
    requireNonNull(label, "label");
    for (SharingMode mode : values()) {
      if (mode.label.equalsIgnoreCase(label.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "Unknown sharing mode '"
            + label
            + "'; known: "
            + Arrays.stream(values()).map(SharingMode::label).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return label;
  }
}
