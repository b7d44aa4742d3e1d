package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;

/**
 * Dot-product (Tetris-style alignment, as the FGD paper's DotProd baseline): the node whose free
 * (CPU, GPU) vector, normalized by the largest node, has the smallest dot product with the
 * request's, scored {@code floor(100 (1 - v.w / 2))}.
 *
 * <p>Favors nodes with little free in the directions the request uses. Integer scores tie often;
 * ties go to the lowest index. Tightest-fit GPU. O(n) per decision. Stateless and thread-safe.
 */
@Beta
public final class DotProductStrategy extends ScoringStrategy {
  public static final String NAME = "dot-product";

  @Override
  protected long score(ClusterState state, int node, Demand demand) {
    double cpuNorm = state.maxNodeCpuMilli();
    double gpuNorm = state.maxNodeGpuMilli();
    double dot =
        (state.freeCpuMilli(node) / cpuNorm) * (demand.cpuMilli() / cpuNorm)
            + (state.freeGpuMilliTotal(node) / gpuNorm) * (demand.totalGpuMilli() / gpuNorm);
    return (long) Math.floor(100 * (1 - dot / 2));
  }

  /** Listed in META-INF/services. Uses none of the {@link BuiltinSettings}. */
  public static final class Provider implements PackingStrategy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "the node whose free CPU/GPU aligns least with the request (Tetris)";
    }

    @Override
    public PackingStrategy create(Settings settings) {
      BuiltinSettings.check(settings, NAME);
      return new DotProductStrategy();
    }
  }
}
