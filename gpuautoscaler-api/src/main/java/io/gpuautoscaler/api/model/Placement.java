package io.gpuautoscaler.api.model;

import static io.gpuautoscaler.api.model.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.HashSet;
import java.util.List;

/**
 * Where a workload runs: a node and, for a GPU workload, the GPUs on it and the share taken of
 * each.
 *
 * @param workloadName the placed workload's name
 * @param nodeName the node it runs on
 * @param gpuIndices indices of the GPUs it takes on that node, distinct, in the order chosen; empty
 *     for a CPU-only workload
 * @param gpuMilliPerGpu the share taken of each listed GPU, 1..1000; 0 when {@code gpuIndices} is
 *     empty
 */
@Beta
public record Placement(
    String workloadName, String nodeName, List<Integer> gpuIndices, int gpuMilliPerGpu) {

  public Placement {
    nonBlank(workloadName, "workloadName");
    nonBlank(nodeName, "nodeName");
    gpuIndices = List.copyOf(requireNonNull(gpuIndices, "gpuIndices"));
    if (new HashSet<>(gpuIndices).size() != gpuIndices.size()) {
      throw new IllegalArgumentException("gpuIndices must be distinct, were " + gpuIndices);
    }
    for (int index : gpuIndices) {
      if (index < 0) {
        throw new IllegalArgumentException("gpuIndices must be >= 0, were " + gpuIndices);
      }
    }
    if (gpuIndices.isEmpty() ? gpuMilliPerGpu != 0 : gpuMilliPerGpu < 1 || gpuMilliPerGpu > 1000) {
      throw new IllegalArgumentException(
          "gpuMilliPerGpu must be 0 without GPUs and 1..1000 with them, was "
              + gpuMilliPerGpu
              + " for "
              + gpuIndices.size()
              + " GPUs");
    }
  }
}
