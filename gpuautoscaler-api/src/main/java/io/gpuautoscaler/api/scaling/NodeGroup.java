package io.gpuautoscaler.api.scaling;

import static io.gpuautoscaler.api.scaling.Checks.nonBlank;
import static io.gpuautoscaler.api.scaling.Checks.nonNegative;
import static io.gpuautoscaler.api.scaling.Checks.positive;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.GpuNode;
import java.util.Map;

/**
 * A set of identical nodes that grows and shrinks together: an AWS Auto Scaling group, a GCP
 * managed instance group, an Azure scale set, cluster-autoscaler's {@code NodeGroup}. Every node of
 * the group has the shape of {@link #template}.
 *
 * @param id the group's unique id, e.g. {@code a2-highgpu-8g-spot-us-central1-a}
 * @param instanceType the cloud's machine type, e.g. {@code a2-highgpu-8g}
 * @param gpuModel the model of every GPU of a node, e.g. {@code A100-40GB}
 * @param gpusPerNode GPUs of one node, at least 1
 * @param cpuMilliPerNode allocatable CPU of one node, in millicores, at least 0
 * @param memoryMibPerNode allocatable memory of one node, in MiB, at least 0
 * @param capacityType how the nodes are bought
 * @param zone the zone (or region) the nodes run in
 * @param minSize the fewest nodes the group may have, at least 0
 * @param maxSize the most nodes the group may have, at least {@code minSize}
 * @param targetSize the nodes the group is asked to have now, in {@code minSize..maxSize}
 * @param pricePerHourUsd what one node costs per hour, in US dollars, finite and at least 0
 */
@Beta
public record NodeGroup(
    String id,
    String instanceType,
    String gpuModel,
    int gpusPerNode,
    long cpuMilliPerNode,
    long memoryMibPerNode,
    CapacityType capacityType,
    String zone,
    int minSize,
    int maxSize,
    int targetSize,
    double pricePerHourUsd) {

  public NodeGroup {
    nonBlank(id, "id");
    nonBlank(instanceType, "instanceType");
    nonBlank(gpuModel, "gpuModel");
    positive(gpusPerNode, "gpusPerNode");
    nonNegative(cpuMilliPerNode, "cpuMilliPerNode");
    nonNegative(memoryMibPerNode, "memoryMibPerNode");
    requireNonNull(capacityType, "capacityType");
    nonBlank(zone, "zone");
    nonNegative(minSize, "minSize");
    if (maxSize < minSize) {
      throw new IllegalArgumentException(
          "maxSize must be >= minSize " + minSize + " for group " + id + ", was " + maxSize);
    }
    if (targetSize < minSize || targetSize > maxSize) {
      throw new IllegalArgumentException(
          "targetSize must be in "
              + minSize
              + ".."
              + maxSize
              + " for group "
              + id
              + ", was "
              + targetSize);
    }
    if (!Double.isFinite(pricePerHourUsd) || pricePerHourUsd < 0) {
      throw new IllegalArgumentException(
          "pricePerHourUsd must be finite and >= 0 for group " + id + ", was " + pricePerHourUsd);
    }
  }

  /** This group with another target size. */
  public NodeGroup withTargetSize(int size) {
    return new NodeGroup(
        id,
        instanceType,
        gpuModel,
        gpusPerNode,
        cpuMilliPerNode,
        memoryMibPerNode,
        capacityType,
        zone,
        minSize,
        maxSize,
        size,
        pricePerHourUsd);
  }

  /** This group with other bounds; the target must lie within them. */
  public NodeGroup withBounds(int min, int max, int target) {
    return new NodeGroup(
        id,
        instanceType,
        gpuModel,
        gpusPerNode,
        cpuMilliPerNode,
        memoryMibPerNode,
        capacityType,
        zone,
        min,
        max,
        target,
        pricePerHourUsd);
  }

  /** The price of one GPU-hour on this group's nodes, in US dollars. */
  public double pricePerGpuHourUsd() {
    return pricePerHourUsd / gpusPerNode;
  }

  /**
   * An empty node of this group's shape called {@code nodeName}, labelled with the group id and
   * capacity type: what a scale-up simulation packs pending work onto (cluster-autoscaler's {@code
   * TemplateNodeInfo}).
   */
  public GpuNode template(String nodeName) {
    return new GpuNode(
        nodeName,
        cpuMilliPerNode,
        memoryMibPerNode,
        gpusPerNode,
        gpuModel,
        Map.of(GROUP_LABEL, id, CAPACITY_TYPE_LABEL, capacityType.id()));
  }

  /** Node label carrying the group id. */
  public static final String GROUP_LABEL = "gpuautoscaler.io/node-group";

  /** Node label carrying the capacity type id, as Karpenter names it. */
  public static final String CAPACITY_TYPE_LABEL = "karpenter.sh/capacity-type";
}
