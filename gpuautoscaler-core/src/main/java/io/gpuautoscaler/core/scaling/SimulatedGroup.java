package io.gpuautoscaler.core.scaling;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.scaling.NodeGroup;
import java.time.Duration;

/**
 * A node group of the {@link SimulatedNodeGroupProvider} and how its simulated cloud behaves.
 *
 * @param group the group; its target size is the number of nodes running at the start
 * @param cloud the cloud, which sets the spot notice period
 * @param provisioningDelay from asking for a node to it being ready, at least 0
 * @param terminationDelay from deleting a node to it being gone and unbilled, at least 0
 * @param interruptionsPerHour the rate at which the cloud reclaims one running spot node of this
 *     group (a Poisson process per node); must be 0 for other capacity types
 * @param capacityLimit the most nodes of this group the cloud can supply at once; asking for more
 *     yields an insufficient-capacity outcome. {@link Integer#MAX_VALUE} for no limit
 */
@Beta
public record SimulatedGroup(
    NodeGroup group,
    Cloud cloud,
    Duration provisioningDelay,
    Duration terminationDelay,
    double interruptionsPerHour,
    int capacityLimit) {

  public SimulatedGroup {
    requireNonNull(group, "group");
    requireNonNull(cloud, "cloud");
    nonNegative(provisioningDelay, "provisioningDelay");
    nonNegative(terminationDelay, "terminationDelay");
    if (!Double.isFinite(interruptionsPerHour) || interruptionsPerHour < 0) {
      throw new IllegalArgumentException(
          "interruptionsPerHour must be finite and >= 0 for group "
              + group.id()
              + ", was "
              + interruptionsPerHour);
    }
    if (interruptionsPerHour > 0 && !group.capacityType().interruptible()) {
      throw new IllegalArgumentException(
          "group "
              + group.id()
              + " is "
              + group.capacityType()
              + ", which the cloud does not interrupt; interruptionsPerHour must be 0");
    }
    if (capacityLimit < 0) {
      throw new IllegalArgumentException(
          "capacityLimit must be >= 0 for group " + group.id() + ", was " + capacityLimit);
    }
    if (group.targetSize() > capacityLimit) {
      throw new IllegalArgumentException(
          "group "
              + group.id()
              + " starts with "
              + group.targetSize()
              + " nodes, above its capacityLimit "
              + capacityLimit);
    }
  }

  /** A group whose nodes start after {@code provisioningDelay}, never run short and go at once. */
  public static SimulatedGroup of(NodeGroup group, Cloud cloud, Duration provisioningDelay) {
    return new SimulatedGroup(group, cloud, provisioningDelay, Duration.ZERO, 0, Integer.MAX_VALUE);
  }

  /** This group with spot interruptions at {@code perHour} per node. */
  public SimulatedGroup withInterruptionsPerHour(double perHour) {
    return new SimulatedGroup(
        group, cloud, provisioningDelay, terminationDelay, perHour, capacityLimit);
  }

  /** This group with at most {@code nodes} nodes available from the cloud. */
  public SimulatedGroup withCapacityLimit(int nodes) {
    return new SimulatedGroup(
        group, cloud, provisioningDelay, terminationDelay, interruptionsPerHour, nodes);
  }

  /** This group with another node group (e.g. other bounds). */
  public SimulatedGroup withGroup(NodeGroup other) {
    return new SimulatedGroup(
        other, cloud, provisioningDelay, terminationDelay, interruptionsPerHour, capacityLimit);
  }

  private static void nonNegative(Duration d, String field) {
    requireNonNull(d, field);
    if (d.isNegative()) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + d);
    }
  }
}
