package io.gpuautoscaler.api.sharing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.NamedProvider;
import io.gpuautoscaler.api.spi.Settings;
import java.util.Set;

/**
 * Decides which sharing mode a workload should get: whole GPUs, a MIG instance, an MPS client or a
 * time-slice replica. This is what the admission webhook applies to a new pod, before a {@link
 * io.gpuautoscaler.api.spi.PackingStrategy} places it and a {@link SharingPlanner} sizes the
 * sharing of its GPU.
 *
 * <p>Implementations are pure functions of their arguments and settings (no clock, no I/O, no
 * randomness) and thread-safe: the same workload, models and policy always give the same decision.
 * Every decision carries a human-readable reason.
 *
 * <p>Built-in provider: {@code policy}.
 */
@Beta
public interface SharingSelector {

  /**
   * Decides how {@code workload} gets its GPU.
   *
   * @param workload what the workload needs and what it is
   * @param availableModels the GPU models the cluster can give it (catalog short names or {@code
   *     nvidia.com/gpu.product} values); the selector considers those the workload allows. A model
   *     the selector does not know is treated as supporting time-slicing only
   * @param policy the cluster's policy; the selector applies {@link SharingPolicy#rulesFor(String)}
   *     of the workload's namespace
   * @return the decision, with its reason; exclusive with a reason when nothing else applies (also
   *     when no allowed model is available); never null
   */
  SharingDecision select(
      SharingWorkload workload, Set<String> availableModels, SharingPolicy policy);

  /** Found by {@link java.util.ServiceLoader}; cheap to load, builds the selector on demand. */
  interface Provider extends NamedProvider {
    /**
     * Builds a selector configured by {@code settings}.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException if a setting is invalid
     */
    SharingSelector create(Settings settings);
  }
}
