package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;
import java.util.SplittableRandom;

/**
 * Random: a node drawn uniformly among those that fit, and on it a GPU drawn uniformly among those
 * that hold the request (whole GPUs: the lowest-index free ones), as the FGD paper's Random
 * baseline.
 *
 * <p>The floor every other strategy should beat. Draws come from a {@link SplittableRandom} seeded
 * by the {@code seed} setting (default 0), so a run is reproducible. O(n) per decision. Stateful:
 * one instance serves one caller.
 */
@Beta
public final class RandomStrategy extends AbstractPackingStrategy {
  public static final String NAME = "random";

  private final SplittableRandom random;

  public RandomStrategy(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  protected int chooseNode(ClusterState state, Demand demand) {
    int seen = 0;
    int chosen = -1;
    // Reservoir sampling: one pass, one draw per feasible node, uniform over all of them.
    for (int n = 0, count = state.nodeCount(); n < count; n++) {
      if (state.fits(n, demand) && random.nextInt(++seen) == 0) {
        chosen = n;
      }
    }
    return chosen;
  }

  @Override
  protected int[] chooseGpus(ClusterState state, int node, Demand demand) {
    return GpuSelection.random(state, node, demand, random);
  }

  /** Listed in META-INF/services. Setting: {@code seed} (long, default 0). */
  public static final class Provider implements PackingStrategy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "a node drawn uniformly among those that fit (seeded)";
    }

    @Override
    public PackingStrategy create(Settings settings) {
      BuiltinSettings.check(settings, NAME);
      return new RandomStrategy(settings.getLong(BuiltinSettings.SEED, 0));
    }
  }
}
