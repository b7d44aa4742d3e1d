package io.gpuautoscaler.api.scaling;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Workload;
import java.time.Instant;

/**
 * A workload waiting for capacity.
 *
 * @param workload what it asks for
 * @param pendingSince when it started waiting (its submission, or its requeue after an eviction)
 * @param interruptible whether it checkpoints and so may run on spot capacity and be moved
 * @param gangId workloads that must start together (the nodes of one multi-node job) share it;
 *     equal to the workload's name for a single-node job
 */
@Beta
public record PendingWorkload(
    Workload workload, Instant pendingSince, boolean interruptible, String gangId) {
  public PendingWorkload {
    requireNonNull(workload, "workload");
    requireNonNull(pendingSince, "pendingSince");
    Checks.nonBlank(gangId, "gangId");
  }
}
