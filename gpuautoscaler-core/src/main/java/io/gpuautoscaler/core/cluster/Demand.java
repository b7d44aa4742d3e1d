package io.gpuautoscaler.core.cluster;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Workload;

/**
 * A workload's request in the primitive form the hot path works on, bound to one {@link
 * ClusterState}: the allowed GPU models are resolved to that state's model ids. Build it with
 * {@link ClusterState#demand(Workload)}; it is valid for that state only.
 *
 * @param workload the workload this was made from
 * @param cpuMilli CPU request
 * @param memoryMib memory request
 * @param gpuCount GPUs requested (0 for CPU-only)
 * @param gpuMilli share of each GPU (0 for CPU-only, 1000 for whole GPUs)
 * @param modelMask bit {@code i} set when model id {@code i} is allowed; bit 63 stands for every id
 *     of 63 and above; all bits set when any model is allowed
 * @param allowedModelIds for each model id of the state, whether it is allowed; empty when any
 *     model is allowed
 */
@Beta
public record Demand(
    Workload workload,
    long cpuMilli,
    long memoryMib,
    int gpuCount,
    int gpuMilli,
    long modelMask,
    boolean[] allowedModelIds) {

  /** Whether the request is for GPU. */
  public boolean requestsGpu() {
    return gpuCount > 0;
  }

  /** Whether the request is for a share of one GPU (less than 1000 milli). */
  public boolean sharesGpu() {
    return gpuCount == 1 && gpuMilli < Workload.WHOLE_GPU_MILLI;
  }

  /** Total GPU request, {@code gpuCount * gpuMilli}. */
  public long totalGpuMilli() {
    return (long) gpuCount * gpuMilli;
  }

  /** Whether a GPU of model id {@code modelId} is allowed. */
  public boolean allowsModel(int modelId) {
    return allowedModelIds.length == 0 || (modelId >= 0 && allowedModelIds[modelId]);
  }
}
