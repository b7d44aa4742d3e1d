package io.gpuautoscaler.api.model;

import static io.gpuautoscaler.api.model.Checks.nonBlank;
import static io.gpuautoscaler.api.model.Checks.nonNegative;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Map;

/**
 * A node's allocatable capacity, as a Kubernetes Node reports it: CPU, memory and a number of
 * identical GPUs of one model. Every GPU has a capacity of {@link Workload#WHOLE_GPU_MILLI} milli.
 *
 * <p>A node with GPUs of several models is not representable; Kubernetes' device plugin cannot
 * express it either ({@code nvidia.com/gpu} is a single counted resource).
 *
 * @param name the node's unique name
 * @param cpuMilli allocatable CPU in millicores, at least 0
 * @param memoryMib allocatable memory in MiB, at least 0
 * @param gpuCount number of physical GPUs, at least 0
 * @param gpuModel the GPU model ({@code nvidia.com/gpu.product} or a short name such as {@code
 *     A100-40GB}); empty if and only if {@code gpuCount} is 0
 * @param labels the node's labels, copied
 */
@Beta
public record GpuNode(
    String name,
    long cpuMilli,
    long memoryMib,
    int gpuCount,
    String gpuModel,
    Map<String, String> labels) {

  public GpuNode {
    nonBlank(name, "name");
    nonNegative(cpuMilli, "cpuMilli");
    nonNegative(memoryMib, "memoryMib");
    nonNegative(gpuCount, "gpuCount");
    requireNonNull(gpuModel, "gpuModel");
    if (gpuCount == 0 && !gpuModel.isEmpty()) {
      throw new IllegalArgumentException(
          "gpuModel must be empty for node " + name + " without GPUs, was '" + gpuModel + "'");
    }
    if (gpuCount > 0 && gpuModel.isBlank()) {
      throw new IllegalArgumentException("gpuModel must be set for node " + name + " with GPUs");
    }
    labels = Checks.labels(labels, "labels");
  }

  /** A node with GPUs and no labels. */
  public static GpuNode of(String name, long cpuMilli, long memoryMib, int gpuCount, String model) {
    return new GpuNode(name, cpuMilli, memoryMib, gpuCount, model, Map.of());
  }

  /** A node without GPUs and no labels. */
  public static GpuNode cpuOnly(String name, long cpuMilli, long memoryMib) {
    return new GpuNode(name, cpuMilli, memoryMib, 0, "", Map.of());
  }

  /** Total GPU capacity in milli: {@code gpuCount * 1000}. */
  public long gpuMilliCapacity() {
    return (long) gpuCount * Workload.WHOLE_GPU_MILLI;
  }
}
