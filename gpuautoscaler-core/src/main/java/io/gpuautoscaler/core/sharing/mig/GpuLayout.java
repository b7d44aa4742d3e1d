package io.gpuautoscaler.core.sharing.mig;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.core.catalog.MigProfile;
import java.util.List;
import java.util.Optional;

/**
 * The planned MIG layout of one GPU.
 *
 * @param node the node name
 * @param index the GPU's index on the node
 * @param model the catalog name of its model
 * @param migEnabled whether MIG is on after the plan
 * @param instances every instance after the plan, in creation order (largest first)
 * @param changed whether the plan changes the GPU (instances added or removed, MIG turned on)
 */
@Beta
public record GpuLayout(
    String node,
    int index,
    String model,
    boolean migEnabled,
    List<Instance> instances,
    boolean changed) {
  public GpuLayout {
    requireNonNull(node, "node");
    requireNonNull(model, "model");
    instances = List.copyOf(instances);
  }

  /** The profiles of the instances, in creation order. */
  public List<MigProfile> profiles() {
    return instances.stream().map(i -> i.placement().profile()).toList();
  }

  /** Where an instance comes from. */
  public enum Origin {
    /** It existed and a workload uses it; the plan leaves it where it is. */
    IN_USE,
    /** It existed and was free; the plan keeps it (and may assign a request to it). */
    KEPT,
    /** The plan creates it. */
    NEW
  }

  /**
   * One instance of a planned layout.
   *
   * @param placement the profile and placement
   * @param origin whether it exists already
   * @param requestId the request the plan assigns to it, if any
   */
  public record Instance(PlacedInstance placement, Origin origin, Optional<String> requestId) {
    public Instance {
      requireNonNull(placement, "placement");
      requireNonNull(origin, "origin");
      requireNonNull(requestId, "requestId");
    }
  }
}
