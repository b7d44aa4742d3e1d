package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.list;
import static io.gpuautoscaler.api.sharing.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * One physical GPU a {@link SharingPlanner} may use, and what is on it now.
 *
 * <p>Exactly one of the following describes what runs on it: MIG instances (when {@code mode} is
 * {@link SharingMode#MIG}; MIG enabled with no instances is an empty list), or clients (any other
 * mode; an {@link SharingMode#EXCLUSIVE} GPU has at most one).
 *
 * @param node the Kubernetes node name
 * @param index the GPU's index on the node, from 0 (the order {@code nvidia-smi} lists them in)
 * @param model the GPU model: a catalog short name such as {@code "A100-40GB"} or a GPU operator
 *     {@code nvidia.com/gpu.product} value such as {@code "NVIDIA-A100-SXM4-40GB"}
 * @param mode how the GPU is shared now
 * @param replicas how many replicas the device plugin advertises for it now: 1 unless {@code mode}
 *     is {@link SharingMode#MPS} or {@link SharingMode#TIME_SLICING}, where it is at least 2
 * @param migInstances the GPU instances that exist now; empty unless {@code mode} is MIG
 * @param clients the workloads using the GPU now; empty when {@code mode} is MIG (the instances
 *     carry {@code inUse}), at most one when it is EXCLUSIVE
 */
@Beta
public record SharedGpu(
    String node,
    int index,
    String model,
    SharingMode mode,
    int replicas,
    List<MigInstance> migInstances,
    List<GpuClient> clients) {
  public SharedGpu {
    nonBlank(node, "node");
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, was " + index + " on " + node);
    }
    nonBlank(model, "model");
    requireNonNull(mode, "mode");
    migInstances = list(migInstances, "migInstances");
    clients = list(clients, "clients");
    String where = node + " GPU " + index;
    boolean replicated = mode == SharingMode.MPS || mode == SharingMode.TIME_SLICING;
    if (replicated ? replicas < 2 : replicas != 1) {
      throw new IllegalArgumentException(
          "replicas must be "
              + (replicated ? ">= 2" : "1")
              + " for mode "
              + mode
              + ", was "
              + replicas
              + " on "
              + where);
    }
    if (mode != SharingMode.MIG && !migInstances.isEmpty()) {
      throw new IllegalArgumentException(
          "migInstances must be empty unless mode is mig, was " + mode + " on " + where);
    }
    if (mode == SharingMode.MIG && !clients.isEmpty()) {
      throw new IllegalArgumentException(
          "clients must be empty when mode is mig (instances carry inUse) on " + where);
    }
    if (mode == SharingMode.EXCLUSIVE && clients.size() > 1) {
      throw new IllegalArgumentException(
          "an exclusive GPU has at most one client, had " + clients.size() + " on " + where);
    }
  }

  /** An idle GPU in exclusive mode (MIG disabled, not replicated). */
  public static SharedGpu idle(String node, int index, String model) {
    return new SharedGpu(node, index, model, SharingMode.EXCLUSIVE, 1, List.of(), List.of());
  }

  /** A GPU with MIG enabled and the given instances. */
  public static SharedGpu mig(String node, int index, String model, List<MigInstance> instances) {
    return new SharedGpu(node, index, model, SharingMode.MIG, 1, instances, List.of());
  }

  /** Whether anything uses the GPU: a client, or a MIG instance in use. */
  public boolean inUse() {
    return !clients.isEmpty() || migInstances.stream().anyMatch(MigInstance::inUse);
  }
}
