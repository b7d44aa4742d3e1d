package io.gpuautoscaler.core.sharing.mps;

import io.gpuautoscaler.api.Beta;
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

/**
 * Plans CUDA MPS through the NVIDIA device plugin ({@code sharing.mps}): which GPU each request
 * gets, how many clients each GPU takes, and each client's limits.
 *
 * <p><b>One replicas count per node.</b> The device plugin's MPS control daemon gives every client
 * of a GPU the same limits, derived from the node's replicas {@code R}: an active-thread percentage
 * of {@code 100 / R} (integer) and a pinned device-memory limit of {@code memory / R} (whole MiB),
 * and it applies one config to all GPUs of a node. So this planner gives a whole node one {@code
 * R}, fits a request onto a GPU only when its compute need is at most {@code 10 * (100 / R)} milli
 * and its memory need at most {@code memory / R}, and never puts more than {@code R} clients on a
 * GPU: nothing is over-committed, neither memory nor compute (the clients' percentages add up to at
 * most 100). {@code R} is at least 2 and at most the GPU's MPS client limit (48 at compute
 * capability 7.5 and above, 16 below: the device plugin's rule, from the catalog) and the {@code
 * max-replicas} setting.
 *
 * <p>An idle node switched to MPS gets the largest {@code R} that still holds the request that
 * opens it; since requests are taken largest first, every later request holds in it too, so the
 * node's GPUs fill with as many clients as fit, and requests land on the fewest GPUs. No MPS on
 * GPUs with MIG enabled (the device plugin does not support it), on models before Volta (compute
 * capability below 7.0: their MPS has no per-client limits), or on nodes where a whole-GPU workload
 * runs.
 *
 * <p>Each assignment asks for one {@code nvidia.com/gpu} (or {@code nvidia.com/gpu.shared} with
 * {@code rename-by-default}) and carries {@code CUDA_MPS_ACTIVE_THREAD_PERCENTAGE} and {@code
 * CUDA_MPS_PINNED_DEVICE_MEM_LIMIT=0=<N>M}, the same limits the daemon sets, so the container
 * states them too (a client may only tighten the daemon's). MPS gives no fault isolation: a fault
 * in one client can end the others on its GPU. Pure and thread-safe.
 */
@Beta
public final class MpsPlanner extends ReplicatedPlanner {
  /** The provider name. */
  public static final String NAME = "mps";

  /** Compute capability from which MPS has per-client limits (Volta). */
  private static final int MIN_MAJOR = 7;

  private final int maxReplicas;

  /**
   * @param catalog where GPU models are looked up
   * @param maxReplicas the most clients per GPU, 2..48; the model's MPS client limit applies too
   * @param renameByDefault whether the resource is renamed to {@code nvidia.com/gpu.shared}
   * @param failRequestsGreaterThanOne whether asking for more than one replica fails admission (the
   *     device plugin's default for MPS is true)
   */
  public MpsPlanner(
      GpuCatalog catalog,
      int maxReplicas,
      boolean renameByDefault,
      boolean failRequestsGreaterThanOne) {
    super(catalog, renameByDefault, failRequestsGreaterThanOne);
    if (maxReplicas < 2 || maxReplicas > 48) {
      throw new IllegalArgumentException("maxReplicas must be in 2..48, was " + maxReplicas);
    }
    this.maxReplicas = maxReplicas;
  }

  /** The defaults: the built-in catalog, the models' client limits, no rename, fail on > 1. */
  public MpsPlanner() {
    this(GpuCatalog.builtin(), 48, false, true);
  }

  @Override
  public SharingMode mode() {
    return SharingMode.MPS;
  }

  @Override
  protected String configKey() {
    return "mps";
  }

  /** Whether the device plugin can share GPUs of {@code model} by MPS with per-client limits. */
  public static boolean supports(GpuModel model) {
    return model.computeCapability().atLeast(MIN_MAJOR, 0);
  }

  @Override
  protected Optional<String> unsupported(GpuModel model) {
    return supports(model)
        ? Optional.empty()
        : Optional.of(
            model.name()
                + " has compute capability "
                + model.computeCapability()
                + "; MPS needs 7.0 or above for per-client limits");
  }

  /** The active-thread percentage of each client when a GPU has {@code replicas} clients. */
  public static int threadPercentage(int replicas) {
    return 100 / replicas;
  }

  /** The pinned device-memory limit of each client, in MiB, with {@code replicas}. */
  public static long memoryLimitMiB(long gpuMemoryMiB, int replicas) {
    return gpuMemoryMiB / replicas;
  }

  /**
   * Whether a client needing {@code memoryMiB} and {@code computeMilli} fits within the limits of a
   * GPU of {@code gpuMemoryMiB} shared by {@code replicas}.
   */
  public static boolean fitsLimits(
      int replicas, long gpuMemoryMiB, long memoryMiB, int computeMilli) {
    return computeMilli <= 10 * threadPercentage(replicas)
        && memoryMiB <= memoryLimitMiB(gpuMemoryMiB, replicas);
  }

  /**
   * The most replicas, up to {@code cap}, whose limits still hold a client needing {@code
   * memoryMiB} and {@code computeMilli}; 1 when not even 2 do.
   */
  public static int replicasFor(long gpuMemoryMiB, int cap, long memoryMiB, int computeMilli) {
    for (int r = cap; r >= 2; r--) {
      if (fitsLimits(r, gpuMemoryMiB, memoryMiB, computeMilli)) {
        return r;
      }
    }
    return 1;
  }

  /** The replicas cap on a GPU of {@code model}: its client limit and {@code max-replicas}. */
  public int cap(GpuModel model) {
    return Math.min(maxReplicas, model.mpsClientLimit());
  }

  @Override
  protected int freshReplicas(GpuModel model, SharingRequest opener, List<SharingRequest> all) {
    return replicasFor(model.memoryMiB(), cap(model), opener.memoryMiB(), opener.computeMilli());
  }

  @Override
  protected boolean fits(GpuModel model, int replicas, Load load, SharingRequest request) {
    return load.clients() < replicas
        && fitsLimits(replicas, model.memoryMiB(), request.memoryMiB(), request.computeMilli());
  }

  @Override
  protected Map<String, String> environment(GpuModel model, int replicas) {
    // Inside the container its one GPU is device 0, whatever its index on the node.
    return Map.of(
        "CUDA_MPS_ACTIVE_THREAD_PERCENTAGE",
        Integer.toString(threadPercentage(replicas)),
        "CUDA_MPS_PINNED_DEVICE_MEM_LIMIT",
        "0=" + memoryLimitMiB(model.memoryMiB(), replicas) + "M");
  }

  /**
   * Builds {@link MpsPlanner}s. Settings: {@code max-replicas} (2..48, default 48: the models' own
   * client limits), {@code rename-by-default} (default false), {@code
   * fail-requests-greater-than-one} (default true, as the device plugin's).
   */
  public static final class Provider implements SharingPlanner.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "CUDA MPS through the device plugin: clients per GPU with thread and memory limits";
    }

    @Override
    public SharingPlanner create(Settings settings) {
      settings.requireOnly(
          "sharing planner " + NAME,
          "max-replicas",
          "rename-by-default",
          "fail-requests-greater-than-one");
      int max = settings.getInt("max-replicas", 48);
      if (max < 2 || max > 48) {
        throw new io.gpuautoscaler.api.ConfigurationException(
            "setting 'max-replicas' of sharing planner " + NAME + " must be in 2..48, was " + max);
      }
      return new MpsPlanner(
          GpuCatalog.builtin(),
          max,
          settings.getBoolean("rename-by-default", false),
          settings.getBoolean("fail-requests-greater-than-one", true));
    }
  }
}
