package io.gpuautoscaler.api.sharing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a GPU workload does, as far as sharing a GPU with others is concerned. A {@link
 * SharingSelector} reads it: training is hurt most by sharing, interactive work (notebooks, mostly
 * idle) least.
 */
@Beta
public enum WorkloadKind {
  /** Model training: long, throughput-bound, keeps the GPU busy. */
  TRAINING,
  /** Model serving: steady or bursty requests, often far below a GPU's capacity. */
  INFERENCE,
  /** Offline jobs (batch inference, data processing): throughput-bound, can wait. */
  BATCH,
  /** Notebooks and development sessions: idle most of the time, in short bursts. */
  INTERACTIVE;

  /** The lowercase name used in configuration, e.g. {@code "inference"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind whose {@link #label()} is {@code label}, ignoring case.
   *
   * @throws IllegalArgumentException listing the known labels when there is none
   */
  public static WorkloadKind fromLabel(String label) {
    requireNonNull(label, "label");
    for (WorkloadKind kind : values()) {
      if (kind.label().equalsIgnoreCase(label.trim())) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "Unknown workload kind '"
            + label
            + "'; known: "
            + Arrays.stream(values()).map(WorkloadKind::label).collect(Collectors.joining(", ")));
  }
}
