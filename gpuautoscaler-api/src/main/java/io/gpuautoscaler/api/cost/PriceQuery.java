package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a {@link PricingSource} is asked to price: one node, by what a cluster knows about it.
 *
 * <p>A cloud node is usually found by its instance type and region; an on-premises node, which has
 * neither, by its GPU model or one of its labels.
 *
 * @param node the node's name, for messages
 * @param cloud the cloud ({@code aws}, {@code gcp}, {@code azure}), when known
 * @param region the region, when known
 * @param instanceType the instance or machine type, when the node has one
 * @param capacityType how the node is bought
 * @param gpuModel the node's GPU model; not blank
 * @param gpuCount the node's GPUs, at least 1
 * @param labels the node's labels, sorted by key
 */
@Beta
public record PriceQuery(
    String node,
    Optional<String> cloud,
    Optional<String> region,
    Optional<String> instanceType,
    CapacityType capacityType,
    String gpuModel,
    int gpuCount,
    Map<String, String> labels) {

  /** Kubernetes' well-known node label for the instance type. */
  public static final String INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";

  /** Kubernetes' well-known node label for the region. */
  public static final String REGION_LABEL = "topology.kubernetes.io/region";

  /** The label a node carries for its cloud, when the cluster source sets one. */
  public static final String CLOUD_LABEL = "gpuautoscaler.io/cloud";

  public PriceQuery {
    nonBlank(node, "node");
    requireNonNull(cloud, "cloud");
    requireNonNull(region, "region");
    requireNonNull(instanceType, "instanceType");
    requireNonNull(capacityType, "capacityType");
    nonBlank(gpuModel, "gpuModel");
    if (gpuCount < 1) {
      throw new IllegalArgumentException(
          "gpuCount must be >= 1 for node " + node + ", was " + gpuCount);
    }
    labels = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(labels, "labels")));
  }

  /**
   * The query for {@code node}: the instance type, region and cloud come from its well-known labels
   * ({@value #INSTANCE_TYPE_LABEL}, {@value #REGION_LABEL}, {@value #CLOUD_LABEL}) when it has
   * them.
   *
   * @throws IllegalArgumentException when the node has no GPUs: only GPUs are priced here
   */
  public static PriceQuery of(GpuNode node, CapacityType capacityType) {
    requireNonNull(node, "node");
    if (node.gpuCount() == 0) {
      throw new IllegalArgumentException("node " + node.name() + " has no GPUs to price");
    }
    Map<String, String> labels = node.labels();
    return new PriceQuery(
        node.name(),
        label(labels, CLOUD_LABEL),
        label(labels, REGION_LABEL),
        label(labels, INSTANCE_TYPE_LABEL),
        capacityType,
        node.gpuModel(),
        node.gpuCount(),
        labels);
  }

  /** A short description for messages: instance type (or GPU model), region and capacity type. */
  public String describe() {
    return node
        + " ("
        + instanceType.orElse(gpuCount + "x " + gpuModel)
        + region.map(r -> " in " + r).orElse("")
        + ", "
        + capacityType.id()
        + ")";
  }

  private static Optional<String> label(Map<String, String> labels, String key) {
    return Optional.ofNullable(labels.get(key)).filter(v -> !v.isBlank());
  }

  private static void nonBlank(String value, String field) {
    requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
