package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;

/**
 * Best-fit: the node with the least weighted leftover after placement, as the FGD paper's simulator
 * scores it. The leftover is {@code 0.5 (c - p) / maxCpu + 0.5 (I - q) / maxGpu}, where {@code c}
 * and {@code I} are the node's free CPU and free GPU milli, {@code p} and {@code q} the request,
 * and {@code maxCpu}, {@code maxGpu} the largest node's capacities; the score is {@code floor(100
 * (1 - leftover))}.
 *
 * <p>The score is an integer percent on purpose: nodes within one percent of leftover tie, and the
 * tie goes to the lowest index, which keeps filling the same nodes. On the Alibaba default trace a
 * GPU milli weighs {@code maxCpu / maxGpu = 16} times a CPU milli. Tightest-fit GPU on the chosen
 * node. O(log n) per decision in the common case (branch and bound on the state's segment tree),
 * O(n) at worst; a request shape seen before on the same state costs a lookup plus one score per
 * node changed since (the index's answer cache, exact). Stateless and thread-safe.
 *
 * @see WorstFitStrategy the opposite, spreading rule
 */
@Beta
public final class BestFitStrategy extends AbstractPackingStrategy {
  public static final String NAME = "best-fit";

  @Override
  protected int chooseNode(ClusterState state, Demand demand) {
    long cpuNorm = state.maxNodeCpuMilli();
    long gpuNorm = state.maxNodeGpuMilli();
    // leftover = (key - request) / (2 cpuNorm gpuNorm), with key = c gpuNorm + I cpuNorm
    long denominator = 2 * cpuNorm * gpuNorm;
    long request = demand.cpuMilli() * gpuNorm + demand.totalGpuMilli() * cpuNorm;
    return state
        .index()
        .best(
            demand,
            key -> Math.floorDiv(100 * (denominator - (key - request)), denominator),
            true,
            NAME);
  }

  /** Listed in META-INF/services. Uses none of the {@link BuiltinSettings}. */
  public static final class Provider implements PackingStrategy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "the node with the least CPU+GPU leftover, in 1% steps";
    }

    @Override
    public PackingStrategy create(Settings settings) {
      BuiltinSettings.check(settings, NAME);
      return new BestFitStrategy();
    }
  }
}
