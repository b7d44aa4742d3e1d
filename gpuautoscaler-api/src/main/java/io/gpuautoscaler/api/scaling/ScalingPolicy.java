package io.gpuautoscaler.api.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.NamedProvider;
import io.gpuautoscaler.api.spi.Settings;

/**
 * Decides how node groups should change: from the nodes, the pending work, GPU metrics when there
 * are any, and the time, one {@link ScalingDecision} at a time.
 *
 * <p>A decision must respect the snapshot's limits: never more nodes than {@link
 * ScalingSnapshot#scaleUpHeadroom} allows for a group, never more removals than {@link
 * ScalingSnapshot#allowedDisruptions()}, never a group below its minimum size. The caller checks
 * and refuses a decision that does not.
 *
 * <p>Callers ask again after applying a decision, and whenever something changed, until the policy
 * holds; {@link ScalingDecision.Hold#reviewAt()} asks for a call when a cool-down ends. A policy
 * may keep state between calls (how long a node has been under-used), derived only from the
 * snapshots it was shown: no clock of its own, no unseeded randomness. One instance serves one
 * cluster, one call at a time.
 */
@Beta
public interface ScalingPolicy {

  /**
   * The decision for this snapshot; {@link ScalingDecision.Hold} when nothing should change.
   *
   * @return never null
   */
  ScalingDecision decide(ScalingSnapshot snapshot);

  /** Found by {@link java.util.ServiceLoader}; cheap to load, builds the policy on demand. */
  interface Provider extends NamedProvider {
    /**
     * Builds a policy configured by {@code settings}.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException if a setting is invalid
     */
    ScalingPolicy create(Settings settings);
  }
}
