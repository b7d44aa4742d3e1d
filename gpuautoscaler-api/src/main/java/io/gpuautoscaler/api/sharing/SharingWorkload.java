package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Collections;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@link SharingSelector} knows about one GPU workload when it decides how the workload
 * should get its GPU: its needs, what kind of work it is, and the constraints it comes with.
 *
 * @param id the workload's id, e.g. {@code namespace/pod}
 * @param namespace the Kubernetes namespace, which selects the {@link SharingPolicy}'s rules
 * @param gpuMemoryMiB device memory needed on each GPU, in MiB, at least 1; empty when the workload
 *     does not say (as in the Alibaba trace): a selector then assumes the compute share of the GPU
 *     model's memory, and says so in its reason
 * @param computeMilli share of each GPU's compute needed, 1..1000 (1000 = a whole GPU)
 * @param gpuCount GPUs needed, at least 1; more than 1 only with {@code computeMilli} 1000
 * @param kind what the workload does
 * @param latencyClass how much its latency matters
 * @param needsIsolation whether it must not share memory or faults with other workloads (e.g. it
 *     holds another tenant's data, or a crash of a neighbour must not take it down)
 * @param allowedModels the GPU models it may run on, copied and sorted; empty means any
 */
@Beta
public record SharingWorkload(
    String id,
    String namespace,
    OptionalLong gpuMemoryMiB,
    int computeMilli,
    int gpuCount,
    WorkloadKind kind,
    LatencyClass latencyClass,
    boolean needsIsolation,
    Set<String> allowedModels) {
  public SharingWorkload {
    nonBlank(id, "id");
    nonBlank(namespace, "namespace");
    requireNonNull(gpuMemoryMiB, "gpuMemoryMiB");
    if (gpuMemoryMiB.isPresent() && gpuMemoryMiB.getAsLong() < 1) {
      throw new IllegalArgumentException(
          "gpuMemoryMiB must be >= 1 when given, was " + gpuMemoryMiB.getAsLong() + " for " + id);
    }
    if (computeMilli < 1 || computeMilli > 1000) {
      throw new IllegalArgumentException(
          "computeMilli must be in 1..1000, was " + computeMilli + " for " + id);
    }
    if (gpuCount < 1) {
      throw new IllegalArgumentException("gpuCount must be >= 1, was " + gpuCount + " for " + id);
    }
    if (gpuCount > 1 && computeMilli != 1000) {
      throw new IllegalArgumentException(
          "computeMilli must be 1000 when gpuCount > 1 (a share is of one GPU only), was "
              + computeMilli
              + " for "
              + id);
    }
    requireNonNull(kind, "kind");
    requireNonNull(latencyClass, "latencyClass");
    requireNonNull(allowedModels, "allowedModels");
    TreeSet<String> models = new TreeSet<>();
    for (String model : allowedModels) {
      models.add(nonBlank(model, "allowedModels element"));
    }
    allowedModels = Collections.unmodifiableSortedSet(models);
  }

  /** Starts a builder for a workload called {@code id}; see {@link Builder} for the defaults. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** Whether it asks for a share of one GPU, less than the whole. */
  public boolean fractional() {
    return gpuCount == 1 && computeMilli < 1000;
  }

  /** Whether a GPU of {@code model} is acceptable to it. */
  public boolean allowsModel(String model) {
    return allowedModels.isEmpty() || allowedModels.contains(model);
  }

  /**
   * Builds a {@link SharingWorkload}. Defaults: namespace {@code default}, memory not stated, one
   * whole GPU, {@link WorkloadKind#BATCH}, {@link LatencyClass#TOLERANT}, no isolation need, any
   * model. Not thread-safe.
   */
  public static final class Builder {
    private final String id;
    private String namespace = "default";
    private OptionalLong gpuMemoryMiB = OptionalLong.empty();
    private int computeMilli = 1000;
    private int gpuCount = 1;
    private WorkloadKind kind = WorkloadKind.BATCH;
    private LatencyClass latencyClass = LatencyClass.TOLERANT;
    private boolean needsIsolation;
    private Set<String> allowedModels = Set.of();

    private Builder(String id) {
      this.id = id;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Device memory needed per GPU, in MiB. */
    public Builder gpuMemoryMiB(long mib) {
      this.gpuMemoryMiB = OptionalLong.of(mib);
      return this;
    }

    /** A share of one GPU, {@code milli} of 1000. */
    public Builder share(int milli) {
      this.computeMilli = milli;
      this.gpuCount = 1;
      return this;
    }

    /** {@code count} whole GPUs. */
    public Builder wholeGpus(int count) {
      this.computeMilli = 1000;
      this.gpuCount = count;
      return this;
    }

    public Builder kind(WorkloadKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder latencyClass(LatencyClass latencyClass) {
      this.latencyClass = latencyClass;
      return this;
    }

    public Builder needsIsolation(boolean needsIsolation) {
      this.needsIsolation = needsIsolation;
      return this;
    }

    public Builder allowedModels(Set<String> models) {
      this.allowedModels = models;
      return this;
    }

    /**
     * @throws IllegalArgumentException if the fields do not form a valid workload
     */
    public SharingWorkload build() {
      return new SharingWorkload(
          id,
          namespace,
          gpuMemoryMiB,
          computeMilli,
          gpuCount,
          kind,
          latencyClass,
          needsIsolation,
          allowedModels);
    }
  }
}
