package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;

/**
 * GPU clustering (the FGD paper's GpuClustering baseline): keeps GPU workloads of one kind
 * together. A workload's tag is "shares a GPU" or "takes k whole GPUs". A node scores {@code base +
 * 75} when it holds only workloads of the same tag, {@code base + 50} when it holds that tag among
 * others, {@code base + 25} when it holds no GPU workload and {@code base} when it holds only other
 * tags, where {@code base = floor(25 (maxGpu - freeGpu) / maxGpu)} favors fuller nodes.
 *
 * <p>CPU-only workloads score 0 everywhere, so they go to the lowest-index node that fits.
 * Tightest-fit GPU. O(n) per decision. Stateless and thread-safe.
 */
@Beta
public final class GpuClusteringStrategy extends ScoringStrategy {
  public static final String NAME = "gpu-clustering";

  @Override
  protected long score(ClusterState state, int node, Demand demand) {
    if (!demand.requestsGpu()) {
      return 0;
    }
    long gpuNorm = state.maxNodeGpuMilli();
    long base = 25 * (gpuNorm - state.freeGpuMilliTotal(node)) / gpuNorm;
    int all = state.gpuWorkloads(node);
    int same = state.gpuWorkloadsWithTag(node, ClusterState.tagOf(demand));
    if (all == 0) {
      return base + 25;
    }
    if (same == all) {
      return base + 75;
    }
    return same > 0 ? base + 50 : base;
  }

  /** Listed in META-INF/services. Uses none of the {@link BuiltinSettings}. */
  public static final class Provider implements PackingStrategy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "nodes that already run GPU workloads of the same kind";
    }

    @Override
    public PackingStrategy create(Settings settings) {
      BuiltinSettings.check(settings, NAME);
      return new GpuClusteringStrategy();
    }
  }
}
