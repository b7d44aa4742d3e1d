package io.gpuautoscaler.api.model;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Optional;

/**
 * The outcome of one placement decision: {@link Placed} or {@link Unschedulable}. An unschedulable
 * workload is an expected outcome, not an error.
 */
@Beta
public sealed interface PlacementResult {

  /** The placement, when there is one. */
  default Optional<Placement> placement() {
    return this instanceof Placed placed ? Optional.of(placed.value()) : Optional.empty();
  }

  /** The workload fits; {@code value} says where. */
  record Placed(Placement value) implements PlacementResult {
    public Placed {
      requireNonNull(value, "value");
    }
  }

  /** The workload fits nowhere right now; {@code rejection} says why. */
  record Unschedulable(String workloadName, Rejection rejection) implements PlacementResult {
    public Unschedulable {
      Checks.nonBlank(workloadName, "workloadName");
      requireNonNull(rejection, "rejection");
    }
  }
}
