package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;

import io.gpuautoscaler.api.Beta;

/**
 * A Kubernetes extended resource and the quantity a container should request, e.g. {@code
 * nvidia.com/mig-1g.10gb: 1} or {@code nvidia.com/gpu.shared: 1}.
 *
 * @param name the resource name
 * @param quantity at least 1
 */
@Beta
public record ExtendedResource(String name, long quantity) {
  public ExtendedResource {
    nonBlank(name, "name");
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be >= 1, was " + quantity + " for " + name);
    }
  }
}
