package io.gpuautoscaler.api.model;

import static io.gpuautoscaler.api.model.Checks.nonBlank;

import io.gpuautoscaler.api.Beta;

/**
 * One physical GPU of a node and how much of it is still free.
 *
 * @param index the GPU's index on its node, from 0 (the order {@code nvidia-smi} lists them in)
 * @param model the GPU model, as on its {@link GpuNode}
 * @param freeMilli the unallocated share of the GPU, 0..1000
 */
@Beta
public record GpuDevice(int index, String model, int freeMilli) {
  public GpuDevice {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index);
    }
    nonBlank(model, "model");
    if (freeMilli < 0 || freeMilli > Workload.WHOLE_GPU_MILLI) {
      throw new IllegalArgumentException("freeMilli must be in 0..1000, was " + freeMilli);
    }
  }

  /** Whether nothing of this GPU is allocated. */
  public boolean isIdle() {
    return freeMilli == Workload.WHOLE_GPU_MILLI;
  }
}
