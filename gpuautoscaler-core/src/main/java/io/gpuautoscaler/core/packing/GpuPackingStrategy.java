package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;

/**
 * GPU packing (the FGD paper's GpuPacking baseline): prefer to share a GPU that is already in use
 * (the tighter the better, score 50..100), then to open new GPUs on a node in use (fewer new GPUs
 * is better, score 33..49), then to open an idle node (smaller is better, score 25..32).
 *
 * <p>The request's GPUs are taken tightest first among those that hold it. CPU-only workloads score
 * 0 everywhere, so they go to the lowest-index node that fits. Ties go to the lowest index.
 * Tightest-fit GPU. O(n * gpus) per decision. Stateless and thread-safe.
 */
@Beta
public final class GpuPackingStrategy extends ScoringStrategy {
  public static final String NAME = "gpu-packing";

  @Override
  protected long score(ClusterState state, int node, Demand demand) {
    if (!demand.requestsGpu()) {
      return 0;
    }
    int gpus = state.gpuCount(node);
    if (state.wholeFreeGpus(node) == gpus) {
      return Math.max(33 - gpus, gpus);
    }
    if (!demand.sharesGpu()) {
      // Whole GPUs can only come from idle ones: every chosen GPU is new.
      return Math.max(50 - demand.gpuCount(), 33);
    }
    int chosen = GpuSelection.tightest(state, node, demand)[0];
    int free = state.gpuFree(node, chosen);
    if (free == Workload.WHOLE_GPU_MILLI) {
      return Math.max(50 - 1, 33);
    }
    return Math.max(100 - (free * 100 / Workload.WHOLE_GPU_MILLI) / 10, 50);
  }

  /** Listed in META-INF/services. Uses none of the {@link BuiltinSettings}. */
  public static final class Provider implements PackingStrategy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "share used GPUs first, then open GPUs on used nodes, then small idle nodes";
    }

    @Override
    public PackingStrategy create(Settings settings) {
      BuiltinSettings.check(settings, NAME);
      return new GpuPackingStrategy();
    }
  }
}
