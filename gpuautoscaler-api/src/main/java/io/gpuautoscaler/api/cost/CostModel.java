package io.gpuautoscaler.api.cost;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.NamedProvider;
import io.gpuautoscaler.api.spi.Settings;
import java.util.OptionalLong;

/**
 * Decides how much of a GPU a workload pays for while it holds it: what it reserved, what it used,
 * or the larger of the two (OpenCost's rule). Whatever share of a node's GPUs no workload pays for
 * is that node's idle cost, so a model changes who pays, never how much the node costs.
 *
 * <p>Implementations are pure, deterministic and thread-safe.
 */
@Beta
public interface CostModel {

  /**
   * The GPU share the workload is charged for, in thousandths of a GPU.
   *
   * @param requestedMilli what the workload reserved: whole GPUs × 1000, or its share of one GPU (a
   *     MIG slice, an MPS or time-slice share, a fractional request); at least 0
   * @param usedMilli what it used on average over the span, in thousandths of a GPU (DCGM's
   *     engine-active fraction × 1000 per GPU), when GPU metrics are present
   * @return the charged share, at least 0; the caller caps the sum on one node at the node's GPUs
   * @throws IllegalArgumentException when {@code requestedMilli} or {@code usedMilli} is negative
   */
  long chargedMilli(long requestedMilli, OptionalLong usedMilli);

  /** Found by {@link java.util.ServiceLoader}; cheap to load, builds the model on demand. */
  interface Provider extends NamedProvider {
    /**
     * Builds the model.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException for settings it does not understand
     */
    CostModel create(Settings settings);
  }
}
