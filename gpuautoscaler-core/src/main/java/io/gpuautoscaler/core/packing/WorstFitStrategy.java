package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;

/**
 * Worst-fit: the node with the most weighted leftover (the same CPU+GPU leftover as {@link
 * BestFitStrategy}, compared exactly), and on it the GPU with the most free share.
 *
 * <p>Spreads load, which keeps latency-sensitive pods apart and leaves headroom on every node, at
 * the price of stranding GPU shares; a baseline rather than a packer. Ties go to the lowest index.
 * O(log n) per decision in the common case (branch and bound on the state's segment tree); a
 * request shape seen before on the same state costs a lookup plus one score per node changed since
 * (the index's answer cache, exact). Stateless and thread-safe.
 */
@Beta
public final class WorstFitStrategy extends AbstractPackingStrategy {
  public static final String NAME = "worst-fit";

  @Override
  protected int chooseNode(ClusterState state, Demand demand) {
    return state.index().best(demand, key -> key, false, NAME);
  }

  @Override
  protected int[] chooseGpus(ClusterState state, int node, Demand demand) {
    return GpuSelection.loosest(state, node, demand);
  }

  /** Listed in META-INF/services. Uses none of the {@link BuiltinSettings}. */
  public static final class Provider implements PackingStrategy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "the node with the most CPU+GPU leftover (spreads)";
    }

    @Override
    public PackingStrategy create(Settings settings) {
      BuiltinSettings.check(settings, NAME);
      return new WorstFitStrategy();
    }
  }
}
