package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;

/**
 * First-fit: the lowest-index node that fits, tightest-fit GPU on it.
 *
 * <p>The cheapest rule and a fair packer when the node order is stable, since it keeps filling the
 * same nodes. O(log n) per decision in the common case through the state's segment tree.
 * Deterministic: no ties to break. Stateless and thread-safe.
 */
@Beta
public final class FirstFitStrategy extends AbstractPackingStrategy {
  public static final String NAME = "first-fit";

  @Override
  protected int chooseNode(ClusterState state, Demand demand) {
    return state.index().firstFit(demand, 0);
  }

  /** Listed in META-INF/services. Uses none of the {@link BuiltinSettings}. */
  public static final class Provider implements PackingStrategy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "the first node in node order that fits";
    }

    @Override
    public PackingStrategy create(Settings settings) {
      BuiltinSettings.check(settings, NAME);
      return new FirstFitStrategy();
    }
  }
}
