package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;
import static io.gpuautoscaler.api.sharing.Checks.sortedMap;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Map;
import java.util.Optional;

/**
 * Where a planned request runs and what its pod should ask for.
 *
 * @param requestId the {@link SharingRequest#id()}
 * @param node the node it runs on
 * @param gpuIndex the GPU on that node
 * @param resource the extended resource and quantity the container requests
 * @param environment per-client limits to set in the container, e.g. {@code
 *     CUDA_MPS_ACTIVE_THREAD_PERCENTAGE}; copied and sorted, empty when there are none
 * @param migInstance the MIG instance it gets (with its placement), for MIG plans
 */
@Beta
public record Assignment(
    String requestId,
    String node,
    int gpuIndex,
    ExtendedResource resource,
    Map<String, String> environment,
    Optional<MigInstance> migInstance) {
  public Assignment {
    nonBlank(requestId, "requestId");
    nonBlank(node, "node");
    if (gpuIndex < 0) {
      throw new IllegalArgumentException("gpuIndex must be >= 0, was " + gpuIndex);
    }
    requireNonNull(resource, "resource");
    environment = sortedMap(environment, "environment");
    requireNonNull(migInstance, "migInstance");
  }
}
