package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;

import io.gpuautoscaler.api.Beta;

/**
 * A workload already running on a shared (MPS or time-sliced) or exclusive GPU.
 *
 * @param id the workload's id, e.g. {@code namespace/pod}
 * @param memoryMiB the device memory it is allowed (MPS limit) or known to use, in MiB; at least 0
 * @param computeMilli its share of the GPU's compute, 0..1000 (1000 = the whole GPU)
 */
@Beta
public record GpuClient(String id, long memoryMiB, int computeMilli) {
  public GpuClient {
    nonBlank(id, "id");
    if (memoryMiB < 0) {
      throw new IllegalArgumentException("memoryMiB must be >= 0, was " + memoryMiB + " for " + id);
    }
    if (computeMilli < 0 || computeMilli > 1000) {
      throw new IllegalArgumentException(
          "computeMilli must be in 0..1000, was " + computeMilli + " for " + id);
    }
  }
}
