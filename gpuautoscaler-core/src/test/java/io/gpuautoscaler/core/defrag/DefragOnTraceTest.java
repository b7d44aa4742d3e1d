package io.gpuautoscaler.core.defrag;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.sim.ReplayOptions;
import io.gpuautoscaler.core.sim.Simulator;
import io.gpuautoscaler.testing.TraceFixtures;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How many GPUs a few migrations recover on the default trace at arrived 100 %, after fgd and after
 * strand-aware-fgd (seeds 42-44; every GPU-sharing pod counts as preemptible).
 */
class DefragOnTraceTest {

  @Test
  void migrations_recoverMoreGpusTheMoreMovesAreAllowed() {
    Simulator simulator =
        new Simulator(
            TraceFixtures.defaultTrace(),
            ProviderRegistry.load(PackingStrategy.Provider.class),
            ReplayOptions.PAPER);
    DefragPlanner planner = new DefragPlanner(Workload::sharesGpu);
    for (String policy : new String[] {"fgd", "strand-aware-fgd"}) {
      double[] freed = new double[3];
      double[] nodes = new double[3];
      int[] moves = {10, 50, 200};
      for (long seed = 42; seed <= 44; seed++) {
        ClusterState state = simulator.stateAt(policy, seed, 100);
        for (int i = 0; i < moves.length; i++) {
          DefragPlanner.Plan plan = planner.plan(state, moves[i]);
          freed[i] += plan.gpusFreed() / 3.0;
          nodes[i] += plan.nodesFreed() / 3.0;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%s: GPUs (nodes) freed by 10 / 50 / 200 moves: %.1f (%.1f) / %.1f (%.1f) / %.1f (%.1f)%n",
          policy,
          freed[0],
          nodes[0],
          freed[1],
          nodes[1],
          freed[2],
          nodes[2]);
      assertThat(freed[0]).as(policy).isGreaterThanOrEqualTo(0);
      assertThat(freed[1]).as(policy).isGreaterThanOrEqualTo(freed[0]);
      assertThat(freed[2]).as(policy).isGreaterThanOrEqualTo(freed[1]);
    }
  }
}
