package io.gpuautoscaler.api.sharing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much a workload's latency matters. Sharing a GPU trades latency for utilization: MIG keeps
 * latency predictable (its own SMs, memory and memory bandwidth), MPS caps each client's SMs but
 * shares memory bandwidth, and time-slicing makes every client wait for the others' time slices.
 */
@Beta
public enum LatencyClass {
  /** A tight tail-latency objective (user-facing serving): hardware isolation or a whole GPU. */
  CRITICAL,
  /** Latency matters but some jitter is acceptable (most online serving). */
  SENSITIVE,
  /** Throughput is what counts (batch, training, notebooks). */
  TOLERANT;

  /** The lowercase name used in configuration, e.g. {@code "sensitive"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The class whose {@link #label()} is {@code label}, ignoring case.
   *
   * @throws IllegalArgumentException listing the known labels when there is none
   */
  public static LatencyClass fromLabel(String label) {
    requireNonNull(label, "label");
    for (LatencyClass c : values()) {
      if (c.label().equalsIgnoreCase(label.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "Unknown latency class '"
            + label
            + "'; known: "
            + Arrays.stream(values()).map(LatencyClass::label).collect(Collectors.joining(", ")));
  }
}
