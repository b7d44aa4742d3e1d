package io.gpuautoscaler.api.scaling;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.OptionalInt;

/**
 * What no {@link ScalingPolicy} may exceed, on top of each group's own {@link NodeGroup#maxSize()}.
 * The GPU caps are those of a budget throttle: they bound the GPUs asked for (target sizes) by
 * capacity type.
 *
 * @param maxSpotGpus the most spot GPUs across all groups; empty for no cap
 * @param maxOnDemandGpus the most on-demand GPUs across all groups; empty for no cap
 * @param disruption how fast voluntary scale-down may remove nodes
 */
@Beta
public record ScalingLimits(
    OptionalInt maxSpotGpus, OptionalInt maxOnDemandGpus, DisruptionBudget disruption) {
  public ScalingLimits {
    requireNonNull(maxSpotGpus, "maxSpotGpus");
    requireNonNull(maxOnDemandGpus, "maxOnDemandGpus");
    requireNonNull(disruption, "disruption");
    if (maxSpotGpus.isPresent() && maxSpotGpus.getAsInt() < 0) {
      throw new IllegalArgumentException("maxSpotGpus must be >= 0, was " + maxSpotGpus);
    }
    if (maxOnDemandGpus.isPresent() && maxOnDemandGpus.getAsInt() < 0) {
      throw new IllegalArgumentException("maxOnDemandGpus must be >= 0, was " + maxOnDemandGpus);
    }
  }

  /** No caps beyond the groups' own, and an unlimited disruption budget. */
  public static ScalingLimits none() {
    return new ScalingLimits(
        OptionalInt.empty(), OptionalInt.empty(), DisruptionBudget.unlimited());
  }

  /** The GPU cap of a capacity type; empty for reserved capacity, which is never capped here. */
  public OptionalInt gpuCap(CapacityType type) {
    return switch (type) {
      case SPOT -> maxSpotGpus;
      case ON_DEMAND -> maxOnDemandGpus;
      case RESERVED -> OptionalInt.empty();
    };
  }
}
