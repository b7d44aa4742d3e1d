package io.gpuautoscaler.api.model;

import static io.gpuautoscaler.api.model.Checks.nonBlank;
import static io.gpuautoscaler.api.model.Checks.nonNegative;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one workload (a Kubernetes Pod) asks for: CPU, memory, and a GPU request in one of three
 * shapes.
 *
 * <ul>
 *   <li><b>CPU-only</b>: {@code gpuCount == 0} and {@code gpuMilli == 0}.
 *   <li><b>Whole GPUs</b>: {@code gpuCount >= 1} and {@code gpuMilli == 1000}, the {@code
 *       nvidia.com/gpu: N} request.
 *   <li><b>A share of one GPU</b>: {@code gpuCount == 1} and {@code 0 < gpuMilli < 1000}, the
 *       fractional request of GPU-sharing schedulers; a MIG slice maps onto it as the slice's share
 *       of the GPU's compute (a {@code 3g.20gb} slice of an A100-40GB is 3/7 of it).
 * </ul>
 *
 * A multi-GPU request with less than whole GPUs is rejected: no device plugin can express it.
 *
 * @param name unique name, {@code namespace/pod} or the trace's pod id
 * @param namespace the Kubernetes namespace; {@code "default"} when the source has none
 * @param labels the workload's labels, copied
 * @param cpuMilli CPU request in millicores, at least 0
 * @param memoryMib memory request in MiB, at least 0
 * @param gpuCount number of GPUs, at least 0
 * @param gpuMilli share of <em>each</em> requested GPU, in milli (1000 = a whole GPU)
 * @param allowedGpuModels the GPU models the workload may run on, copied and sorted; empty means
 *     any model
 */
@Beta
public record Workload(
    String name,
    String namespace,
    Map<String, String> labels,
    long cpuMilli,
    long memoryMib,
    int gpuCount,
    int gpuMilli,
    Set<String> allowedGpuModels) {

  /** The capacity of one GPU, in milli. */
  public static final int WHOLE_GPU_MILLI = 1000;

  /** The namespace of workloads whose source names none. */
  public static final String DEFAULT_NAMESPACE = "default";

  public Workload {
    nonBlank(name, "name");
    nonBlank(namespace, "namespace");
    labels = Checks.labels(labels, "labels");
    nonNegative(cpuMilli, "cpuMilli");
    nonNegative(memoryMib, "memoryMib");
    nonNegative(gpuCount, "gpuCount");
    if (gpuCount == 0 && gpuMilli != 0) {
      throw new IllegalArgumentException(
          "gpuMilli must be 0 when gpuCount is 0, was " + gpuMilli + " for " + name);
    }
    if (gpuCount > 0 && (gpuMilli < 1 || gpuMilli > WHOLE_GPU_MILLI)) {
      throw new IllegalArgumentException(
          "gpuMilli must be in 1..1000 when gpuCount > 0, was " + gpuMilli + " for " + name);
    }
    if (gpuCount > 1 && gpuMilli != WHOLE_GPU_MILLI) {
      throw new IllegalArgumentException(
          "gpuMilli must be 1000 when gpuCount > 1 (a share is of one GPU only), was "
              + gpuMilli
              + " for "
              + name);
    }
    requireNonNull(allowedGpuModels, "allowedGpuModels");
    for (String model : allowedGpuModels) {
      nonBlank(model, "allowedGpuModels element");
    }
    allowedGpuModels = Collections.unmodifiableSortedSet(new TreeSet<>(allowedGpuModels));
  }

  /** Starts a builder for a workload called {@code name}, CPU-only and unconstrained. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Whether the workload asks for any GPU. */
  public boolean requestsGpu() {
    return gpuCount > 0;
  }

  /** Whether the workload asks for a share of one GPU, less than the whole. */
  public boolean sharesGpu() {
    return gpuCount == 1 && gpuMilli < WHOLE_GPU_MILLI;
  }

  /** Total GPU request in milli: {@code gpuCount * gpuMilli}. */
  public long totalGpuMilli() {
    return (long) gpuCount * gpuMilli;
  }

  /** Whether a GPU of {@code model} is acceptable to this workload. */
  public boolean allowsModel(String model) {
    return allowedGpuModels.isEmpty() || allowedGpuModels.contains(model);
  }

  /** Copies this workload under another name, e.g. for the clones of a trace's inflation. */
  public Workload withName(String newName) {
    return new Workload(
        newName, namespace, labels, cpuMilli, memoryMib, gpuCount, gpuMilli, allowedGpuModels);
  }

  /** Builds a {@link Workload}; every field but the name has a neutral default. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace = DEFAULT_NAMESPACE;
    private Map<String, String> labels = Map.of();
    private long cpuMilli;
    private long memoryMib;
    private int gpuCount;
    private int gpuMilli;
    private Set<String> allowedGpuModels = Set.of();

    private Builder(String name) {
      this.name = name;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    public Builder cpuMilli(long cpuMilli) {
      this.cpuMilli = cpuMilli;
      return this;
    }

    public Builder memoryMib(long memoryMib) {
      this.memoryMib = memoryMib;
      return this;
    }

    /** {@code count} whole GPUs. */
    public Builder wholeGpus(int count) {
      this.gpuCount = count;
      this.gpuMilli = count == 0 ? 0 : WHOLE_GPU_MILLI;
      return this;
    }

    /** A share of one GPU, {@code milli} of 1000. */
    public Builder gpuShare(int milli) {
      this.gpuCount = 1;
      this.gpuMilli = milli;
      return this;
    }

    /** The raw pair, as a trace states it. */
    public Builder gpus(int count, int milliPerGpu) {
      this.gpuCount = count;
      this.gpuMilli = milliPerGpu;
      return this;
    }

    public Builder allowedGpuModels(Set<String> models) {
      this.allowedGpuModels = models;
      return this;
    }

    /**
     * @throws IllegalArgumentException if the fields do not form a valid workload
     */
    public Workload build() {
      return new Workload(
          name, namespace, labels, cpuMilli, memoryMib, gpuCount, gpuMilli, allowedGpuModels);
    }
  }
}
