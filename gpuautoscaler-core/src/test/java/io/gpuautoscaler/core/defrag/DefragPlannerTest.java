package io.gpuautoscaler.core.defrag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.Generators;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DefragPlannerTest {
  private static final DefragPlanner ALL = new DefragPlanner(w -> true);

  private static Workload share(String name, int milli) {
    return Workload.builder(name).cpuMilli(1000).memoryMib(1024).gpuShare(milli).build();
  }

  private static ClusterState twoHalfUsedGpus() {
    ClusterState state = ClusterState.of(List.of(GpuNode.of("a", 16000, 65536, 2, "T4")));
    state.apply(share("x", 400), new Placement("x", "a", List.of(0), 400));
    state.apply(share("y", 300), new Placement("y", "a", List.of(1), 300));
    return state;
  }

  @Test
  void plan_movesOneShareNextToAnotherAndFreesAGpuAndTheNode() {
    ClusterState state = twoHalfUsedGpus();
    state.apply(share("z", 100), new Placement("z", "a", List.of(1), 100));

    DefragPlanner.Plan plan = ALL.plan(state, 10);

    assertThat(plan.migrations()).hasSize(1);
    DefragPlanner.Migration m = plan.migrations().get(0);
    assertThat(m.workload().name()).isEqualTo("x");
    assertThat(m.to().gpuIndices()).containsExactly(1);
    assertThat(plan.gpusFreed()).isEqualTo(1);
    assertThat(plan.nodesFreed()).isZero();
    assertThat(state.wholeFreeGpus(0)).as("the state given is not changed").isZero();
  }

  @Test
  void plan_neverMovesAWorkloadThatIsNotPreemptible() {
    ClusterState state = twoHalfUsedGpus();

    DefragPlanner.Plan plan = new DefragPlanner(w -> w.name().equals("nobody")).plan(state, 10);

    assertThat(plan.migrations()).isEmpty();
    assertThat(plan.gpusFreed()).isZero();
  }

  @Test
  void plan_withNoMovesAllowed_isEmptyAndANegativeBudgetFails() {
    assertThat(ALL.plan(twoHalfUsedGpus(), 0).migrations()).isEmpty();
    assertThatThrownBy(() -> ALL.plan(twoHalfUsedGpus(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMoves must be >= 0, was -1");
  }

  @Test
  void plan_doesNotSpendAWhollyFreeGpu() {
    ClusterState state = ClusterState.of(List.of(GpuNode.of("a", 16000, 65536, 2, "T4")));
    state.apply(share("x", 400), new Placement("x", "a", List.of(0), 400));

    assertThat(ALL.plan(state, 10).migrations()).isEmpty();
  }

  static java.util.stream.LongStream seeds() {
    return Generators.seeds();
  }

  /** Carried out in order on the real state, the plan is valid and frees what it says. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void plan_carriedOut_isValidAndFreesWhatItSays(long seed) {
    Generators.Scenario scenario = Generators.scenario(seed);
    ClusterState state = ClusterState.of(scenario.nodes());
    PackingStrategy fgd =
        ProviderRegistry.load(PackingStrategy.Provider.class)
            .require("fgd")
            .create(Settings.empty());
    for (Workload w : scenario.workloads()) {
      if (fgd.place(state, w) instanceof PlacementResult.Placed placed) {
        state.apply(w, placed.value());
      }
    }
    int wholeBefore = whole(state);
    long allocatedBefore = state.allocatedGpuMilli();

    DefragPlanner.Plan plan = ALL.plan(state, 20);

    for (DefragPlanner.Migration m : plan.migrations()) {
      assertThat(state.release(m.workload().name())).as("seed %d", seed).isEqualTo(m.from());
      state.apply(m.workload(), m.to());
    }
    assertThat(plan.migrations().size()).isLessThanOrEqualTo(20);
    assertThat(whole(state) - wholeBefore).as("seed %d", seed).isEqualTo(plan.gpusFreed());
    assertThat(plan.gpusFreed()).isGreaterThanOrEqualTo(0);
    assertThat(state.allocatedGpuMilli()).isEqualTo(allocatedBefore);
  }

  @Test
  void copy_isIndependentOfTheOriginal() {
    ClusterState state = twoHalfUsedGpus();
    ClusterState copy = state.copy();

    copy.release("x");

    assertThat(state.placementOf("x")).isPresent();
    assertThat(state.freeGpuMilli(0, 0)).isEqualTo(600);
    assertThat(copy.freeGpuMilli(0, 0)).isEqualTo(1000);
    assertThat(copy.workloadsOn(0)).extracting(Workload::name).containsExactly("y");
    assertThat(Map.of("copy", copy.allocatedGpuMilli(), "state", state.allocatedGpuMilli()))
        .containsEntry("copy", 300L)
        .containsEntry("state", 700L);
  }

  private static int whole(ClusterState s) {
    int whole = 0;
    for (int n = 0; n < s.nodeCount(); n++) {
      whole += s.wholeFreeGpus(n);
    }
    return whole;
  }
}
