package io.gpuautoscaler.api.spi;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;

/**
 * Decides, online, on which node and which GPUs (or which share of a GPU) one workload runs.
 *
 * <p>A strategy only decides: it does not change the cluster. The caller applies the placement.
 * Implementations are pure functions of the view, the workload and their own seeded state: no
 * clock, no I/O, no unseeded randomness, so the same sequence of calls gives the same results. An
 * instance may cache per-node results keyed by {@link ClusterView#version(int)}; unless its Javadoc
 * says otherwise an instance serves one caller at a time.
 */
@Beta
public interface PackingStrategy {

  /**
   * Chooses a placement for {@code workload} on {@code cluster}.
   *
   * @return {@link PlacementResult.Placed} with a placement that fits the view as it is now, or
   *     {@link PlacementResult.Unschedulable} saying why no node fits; never null
   */
  PlacementResult place(ClusterView cluster, Workload workload);

  /** Found by {@link java.util.ServiceLoader}; cheap to load, builds the strategy on demand. */
  interface Provider extends NamedProvider {
    /**
     * Builds a strategy configured by {@code settings}.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException if a setting is invalid
     */
    PackingStrategy create(Settings settings);
  }
}
