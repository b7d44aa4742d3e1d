package io.gpuautoscaler.core.sharing.timeslicing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingPlanner;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.sharing.ReplicatedPlanner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Plans CUDA time-slicing through the NVIDIA device plugin ({@code sharing.timeSlicing}): how many
 * replicas each node's GPUs advertise and which GPU each request gets.
 *
 * <p><b>Time-slicing gives no memory or fault isolation.</b> Every client of a GPU allocates from
 * the same memory with no limit, takes turns on all of its SMs, and a fault in one can end the
 * others. The device plugin enforces nothing but the number of replicas. So this planner does the
 * enforcing on paper: it never puts requests on one GPU whose memory needs add up past the GPU's
 * memory, nor (unless {@code oversubscribe-compute} is set) whose compute needs add up past the
 * whole GPU; every plan that uses it says so in its warnings.
 *
 * <p>Replicas come from the workload mix: an idle node switched to time-slicing gets as many
 * replicas as the typical request (the median memory need of the plan's requests) fits by memory,
 * at least 2, at most {@code max-replicas}; or exactly {@code replicas} when that is set. One
 * replicas count holds for all GPUs of a node, as the device plugin applies one config per node.
 * Requests are taken largest first onto the fullest GPU that holds them, so they land on the fewest
 * GPUs. GPUs with MIG enabled and nodes where a whole-GPU workload runs are not used. Pure and
 * thread-safe.
 */
@Beta
public final class TimeSlicingPlanner extends ReplicatedPlanner {
  /** The provider name. */
  public static final String NAME = "time-slicing";

  private final int maxReplicas;
  private final OptionalInt fixedReplicas;
  private final boolean oversubscribeCompute;

  /**
   * @param catalog where GPU models are looked up
   * @param maxReplicas the most replicas per GPU, 2..48
   * @param fixedReplicas replicas for every switched node, 2..{@code maxReplicas}; empty to size
   *     them from the workload mix
   * @param oversubscribeCompute whether clients whose compute needs add up past the whole GPU may
   *     share it (they then run slower than they asked)
   * @param renameByDefault whether the resource is renamed to {@code nvidia.com/gpu.shared}
   * @param failRequestsGreaterThanOne whether asking for more than one replica fails admission (the
   *     device plugin's default for time-slicing is false)
   */
  public TimeSlicingPlanner(
      GpuCatalog catalog,
      int maxReplicas,
      OptionalInt fixedReplicas,
      boolean oversubscribeCompute,
      boolean renameByDefault,
      boolean failRequestsGreaterThanOne) {
    super(catalog, renameByDefault, failRequestsGreaterThanOne);
    if (maxReplicas < 2 || maxReplicas > 48) {
      throw new IllegalArgumentException("maxReplicas must be in 2..48, was " + maxReplicas);
    }
    if (fixedReplicas.isPresent()
        && (fixedReplicas.getAsInt() < 2 || fixedReplicas.getAsInt() > maxReplicas)) {
      throw new IllegalArgumentException(
          "replicas must be in 2.." + maxReplicas + ", was " + fixedReplicas.getAsInt());
    }
    this.maxReplicas = maxReplicas;
    this.fixedReplicas = fixedReplicas;
    this.oversubscribeCompute = oversubscribeCompute;
  }

  /** The defaults: built-in catalog, at most 8 replicas sized by the mix, no oversubscription. */
  public TimeSlicingPlanner() {
    this(GpuCatalog.builtin(), 8, OptionalInt.empty(), false, false, false);
  }

  @Override
  public SharingMode mode() {
    return SharingMode.TIME_SLICING;
  }

  @Override
  protected String configKey() {
    return "timeSlicing";
  }

  @Override
  protected Optional<String> unsupported(GpuModel model) {
    return Optional.empty();
  }

  /**
   * The replicas for a GPU of {@code gpuMemoryMiB} when the typical request needs {@code
   * typicalMemoryMiB}: how many of them fit by memory, at least 2, at most {@code maxReplicas}.
   */
  public static int replicasFor(long gpuMemoryMiB, long typicalMemoryMiB, int maxReplicas) {
    long fit = gpuMemoryMiB / Math.max(1, typicalMemoryMiB);
    return (int) Math.max(2, Math.min(maxReplicas, fit));
  }

  /**
   * Whether one more client needing {@code memoryMiB} and {@code computeMilli} fits a GPU of {@code
   * gpuMemoryMiB} with {@code replicas} and {@code load}: a free replica, the memory needs within
   * the GPU's memory, and (unless {@code oversubscribeCompute}) the compute needs within the whole
   * GPU.
   */
  public static boolean fits(
      int replicas,
      long gpuMemoryMiB,
      Load load,
      long memoryMiB,
      int computeMilli,
      boolean oversubscribeCompute) {
    return load.clients() < replicas
        && load.memoryMiB() + memoryMiB <= gpuMemoryMiB
        && (oversubscribeCompute || load.computeMilli() + computeMilli <= 1000);
  }

  /** The lower median of the requests' memory needs; 1 when there are none. */
  static long typicalMemoryMiB(List<SharingRequest> requests) {
    long[] memory =
        requests.stream()
            .filter(r -> r.profile().isEmpty())
            .mapToLong(SharingRequest::memoryMiB)
            .sorted()
            .toArray();
    return memory.length == 0 ? 1 : memory[(memory.length - 1) / 2];
  }

  @Override
  protected int freshReplicas(GpuModel model, SharingRequest opener, List<SharingRequest> all) {
    if (fixedReplicas.isPresent()) {
      return fixedReplicas.getAsInt();
    }
    return replicasFor(model.memoryMiB(), typicalMemoryMiB(all), maxReplicas);
  }

  @Override
  protected boolean fits(GpuModel model, int replicas, Load load, SharingRequest request) {
    return fits(
        replicas,
        model.memoryMiB(),
        load,
        request.memoryMiB(),
        request.computeMilli(),
        oversubscribeCompute);
  }

  @Override
  protected Map<String, String> environment(GpuModel model, int replicas) {
    return Map.of();
  }

  /**
   * Builds {@link TimeSlicingPlanner}s. Settings: {@code max-replicas} (2..48, default 8), {@code
   * replicas} (fixed replicas, default: sized by the mix), {@code oversubscribe-compute} (default
   * false), {@code rename-by-default} (default false), {@code fail-requests-greater-than-one}
   * (default false, as the device plugin's).
   */
  public static final class Provider implements SharingPlanner.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "CUDA time-slicing through the device plugin: replicas per GPU, no memory isolation";
    }

    @Override
    public SharingPlanner create(Settings settings) {
      settings.requireOnly(
          "sharing planner " + NAME,
          "max-replicas",
          "replicas",
          "oversubscribe-compute",
          "rename-by-default",
          "fail-requests-greater-than-one");
      int max = settings.getInt("max-replicas", 8);
      OptionalInt fixed =
          settings.get("replicas").isPresent()
              ? OptionalInt.of(settings.getInt("replicas", 0))
              : OptionalInt.empty();
      try {
        return new TimeSlicingPlanner(
            GpuCatalog.builtin(),
            max,
            fixed,
            settings.getBoolean("oversubscribe-compute", false),
            settings.getBoolean("rename-by-default", false),
            settings.getBoolean("fail-requests-greater-than-one", false));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("sharing planner " + NAME + ": " + e.getMessage(), e);
      }
    }
  }
}
