package io.gpuautoscaler.api.scaling;

import io.gpuautoscaler.api.Beta;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a node is bought, with Karpenter's three values ({@code karpenter.sh/capacity-type}). The
 * declaration order is the launch preference of Karpenter's AWS provider: capacity already paid for
 * first, then the cheap interruptible kind, then on-demand.
 */
@Beta
public enum CapacityType {
  /** Capacity paid for in advance (a reservation or commitment); using it costs nothing extra. */
  RESERVED("reserved"),
  /** Spare capacity at a discount that the cloud may reclaim after a short notice. */
  SPOT("spot"),
  /** Pay-as-you-go capacity, never reclaimed by the cloud. */
  ON_DEMAND("on-demand");

  private final String id;

  CapacityType(String id) {
    this.id = id;
  }

  /** The lowercase id used in configuration and labels: {@code spot}, {@code on-demand}, ... */
  public String id() {
    return id;
  }

  /** Whether the cloud may interrupt nodes of this type. */
  public boolean interruptible() {
    return this == SPOT;
  }

  /**
   * The capacity type whose {@link #id()} is {@code id}, ignoring case.
   *
   * @throws IllegalArgumentException naming the known ids when there is none
   */
  public static CapacityType fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (CapacityType type : values()) {
      if (type.id.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown capacity type '"
            + id
            + "'; known: "
            + Arrays.stream(values()).map(CapacityType::id).toList());
  }

  @Override
  public String toString() {
    return id;
  }
}
