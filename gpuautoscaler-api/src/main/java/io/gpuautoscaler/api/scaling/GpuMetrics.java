package io.gpuautoscaler.api.scaling;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Measured GPU activity per node (e.g. DCGM's {@code DCGM_FI_PROF_GR_ENGINE_ACTIVE} averaged over
 * the node's GPUs), as opposed to what is requested.
 *
 * @param activityByNode node id to activity, each in 0..1; copied
 */
@Beta
public record GpuMetrics(Map<String, Double> activityByNode) {
  public GpuMetrics {
    requireNonNull(activityByNode, "activityByNode");
    activityByNode.forEach(
        (node, value) -> {
          if (node == null || value == null || !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(
                "activityByNode needs node ids and values in 0..1, had " + node + "=" + value);
          }
        });
    activityByNode = Map.copyOf(activityByNode);
  }

  /** The activity of a node, if measured. */
  public OptionalDouble activity(String nodeId) {
    Double value = activityByNode.get(nodeId);
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
