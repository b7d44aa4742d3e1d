package io.gpuautoscaler.api.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.NamedProvider;
import io.gpuautoscaler.api.spi.Settings;
import java.util.Collection;
import java.util.List;

/**
 * Grows and shrinks node groups on a cloud (or a simulation of one), after cluster-autoscaler's
 * {@code NodeGroup} and Karpenter's {@code CloudProvider}. It only carries out: the caller (a
 * {@link ScalingPolicy} through the engine) chooses sizes. It never goes beyond a group's bounds;
 * asking it to is answered with a typed refusal, not an exception.
 *
 * <p>Cloud-side happenings (a node became ready, a spot notice, a capacity shortage, a node gone)
 * are queued and handed out by {@link #pollEvents()}. Unless an implementation says otherwise, an
 * instance serves one caller at a time.
 */
@Beta
public interface NodeGroupProvider {

  /** Every group with its current target size, sorted by id. Empty when there are none. */
  List<NodeGroup> nodeGroups();

  /**
   * The nodes of a group that are not yet gone (provisioning, ready, cordoned or terminating),
   * sorted by id.
   *
   * @throws IllegalArgumentException if there is no group {@code groupId}
   */
  List<NodeInstance> nodes(String groupId);

  /**
   * Asks for {@code size} nodes in the group. Growing starts new nodes; shrinking only cancels
   * nodes still provisioning, newest first. Setting the current target again is accepted and
   * changes nothing.
   *
   * @return {@link ResizeOutcome.Accepted}, or {@link ResizeOutcome.Refused} when {@code size} is
   *     outside the group's bounds or would need running nodes to go
   * @throws IllegalArgumentException if there is no group {@code groupId}
   */
  ResizeOutcome setTargetSize(String groupId, int size);

  /**
   * Deletes the named nodes of a group and lowers its target by as many. Idempotent: a node already
   * terminating or gone is reported in {@link DeleteOutcome.Accepted#alreadyGone()}.
   * All-or-nothing: when the group would fall below its minimum, nothing is deleted.
   *
   * @throws IllegalArgumentException if there is no group {@code groupId}, or a node id was never a
   *     node of it
   */
  DeleteOutcome deleteNodes(String groupId, Collection<String> nodeIds);

  /**
   * The events that happened since the last call, oldest first; each is handed out once. Empty when
   * nothing happened.
   */
  List<ProviderEvent> pollEvents();

  /** Found by {@link java.util.ServiceLoader}; cheap to load, builds the provider on demand. */
  interface Provider extends NamedProvider {
    /**
     * Builds a provider configured by {@code settings}.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException if a setting is invalid or the cloud's
     *     SDK is missing
     */
    NodeGroupProvider create(Settings settings);
  }
}
