package io.gpuautoscaler.core.catalog;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;
import java.util.Optional;

/**
 * One GPU model of the catalog.
 *
 * @param name the short name, e.g. {@code "A100-40GB"}
 * @param memoryMiB total device memory, in MiB
 * @param computeCapability the CUDA compute capability
 * @param mpsClientLimit MPS clients per GPU the NVIDIA device plugin allows ({@link
 *     #mpsClientLimitFor})
 * @param products GPU operator {@code nvidia.com/gpu.product} label values of this model
 * @param aliases other names, e.g. the Alibaba trace's {@code V100M16}
 * @param mig the MIG geometry, for MIG-capable models
 */
@Beta
public record GpuModel(
    String name,
    long memoryMiB,
    ComputeCapability computeCapability,
    int mpsClientLimit,
    List<String> products,
    List<String> aliases,
    Optional<MigGeometry> mig) {
  public GpuModel {
    requireNonNull(name, "name");
    requireNonNull(computeCapability, "computeCapability");
    requireNonNull(mig, "mig");
    if (memoryMiB < 1 || mpsClientLimit < 1) {
      throw new IllegalArgumentException("memoryMiB and mpsClientLimit must be >= 1 for " + name);
    }
    products = List.copyOf(products);
    aliases = List.copyOf(aliases);
  }

  /**
   * The MPS client limit the NVIDIA device plugin enforces: 48 at compute capability 7.5 or above,
   * else 16. (NVIDIA documents 48 for Volta, CC 7.0; the plugin's threshold is 7.5.)
   */
  public static int mpsClientLimitFor(ComputeCapability capability) {
    return capability.atLeast(7, 5) ? 48 : 16;
  }

  /** Whether the model supports MIG. */
  public boolean migCapable() {
    return mig.isPresent();
  }
}
