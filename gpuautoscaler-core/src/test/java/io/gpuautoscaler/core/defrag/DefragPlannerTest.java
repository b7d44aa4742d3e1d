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

  private static Workload share(String name, int milli, long cpu) {
    return Workload.builder(name).cpuMilli(cpu).memoryMib(1024).gpuShare(milli).build();
  }

  private static void put(ClusterState s, Workload w, String node, int gpu) {
    s.apply(w, new Placement(w.name(), node, List.of(gpu), w.gpuMilli()));
  }

  @Test
  void plan_whenNoGpuHoldsAWorkload_makesRoomWithAChain() {
    ClusterState state = ClusterState.of(List.of(GpuNode.of("a", 64000, 65536, 3, "T4")));
    put(state, share("p", 600), "a", 0);
    put(state, share("q", 300), "a", 1);
    put(state, share("r", 300), "a", 1);
    put(state, share("s", 700), "a", 2);

    DefragPlanner.Plan plan = new DefragPlanner(Workload::sharesGpu).plan(state, 10);

    assertThat(plan.migrations())
        .extracting(m -> m.workload().name() + "->" + m.to().gpuIndices())
        .containsExactly("q->[2]", "p->[1]");
    assertThat(plan.gpusFreed()).isEqualTo(1);
  }

  @Test
  void plan_packsGpusWhoseNodesLackCpuIntoAWhollyFreeGpu() {
    ClusterState state =
        ClusterState.of(
            List.of(
                GpuNode.of("x", 4000, 65536, 1, "T4"),
                GpuNode.of("y", 4000, 65536, 1, "T4"),
                GpuNode.of("z", 64000, 65536, 2, "T4")));
    put(state, share("p", 400, 4000), "x", 0);
    put(state, share("q", 400, 4000), "y", 0);
    Workload w = Workload.builder("w").cpuMilli(1000).memoryMib(1024).wholeGpus(1).build();
    state.apply(w, new Placement("w", "z", List.of(0), 1000));
    DefragPlanner sharedOnly = new DefragPlanner(Workload::sharesGpu);

    DefragPlanner.Plan plan = sharedOnly.plan(state, 10);

    assertThat(plan.migrations())
        .extracting(m -> m.workload().name() + "->" + m.to().nodeName() + m.to().gpuIndices())
        .containsExactly("p->z[1]", "q->z[1]");
    assertThat(plan.gpusFreed()).isEqualTo(1);
    assertThat(plan.nodesFreed()).isEqualTo(2);
    assertThat(sharedOnly.plan(state, 1).migrations()).as("the packing needs two moves").isEmpty();
  }

  @Test
  void plan_emptiesANodeByMovingItsWholeGpuWorkload() {
    ClusterState state =
        ClusterState.of(
            List.of(
                GpuNode.of("a", 64000, 262144, 8, "A100"),
                GpuNode.of("b", 64000, 262144, 8, "A100")));
    Workload one = Workload.builder("one").cpuMilli(8000).memoryMib(1024).wholeGpus(1).build();
    Workload four = Workload.builder("four").cpuMilli(8000).memoryMib(1024).wholeGpus(4).build();
    state.apply(one, new Placement("one", "a", List.of(3), 1000));
    state.apply(four, new Placement("four", "b", List.of(0, 1, 2, 3), 1000));

    DefragPlanner.Plan plan = ALL.plan(state, 10);

    assertThat(plan.migrations())
        .extracting(m -> m.workload().name() + "->" + m.to().nodeName() + m.to().gpuIndices())
        .containsExactly("one->b[4]");
    assertThat(plan.gpusFreed()).isZero();
    assertThat(plan.nodesFreed()).isEqualTo(1);
    assertThat(plan.largestGpuBlockBefore()).isEqualTo(7);
    assertThat(plan.largestGpuBlockAfter()).isEqualTo(8);
  }

  private static ClusterState packedByFgd(long seed) {
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
    return state;
  }

  /**
   * Over growing budgets, on generated clusters packed by fgd: carried out in order on the real
   * state every plan is valid (ClusterState.apply checks models, CPU, memory and shares), moves
   * only preemptible workloads and frees what it says; what it frees never falls as the budget
   * grows; the same input gives the same plan.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void plan_overBudgets_isValidMonotoneAndDeterministic(long seed) {
    ClusterState packed = packedByFgd(seed);
    DefragPlanner planner = new DefragPlanner(w -> (w.name().hashCode() & 3) != 0);
    int lastGpus = 0;
    int lastNodes = 0;
    for (int budget : new int[] {0, 1, 2, 3, 5, 8, 13, 21, 50, 200}) {
      ClusterState state = packed.copy();
      int wholeBefore = whole(state);
      int idleBefore = idle(state);

      DefragPlanner.Plan plan = planner.plan(state, budget);

      assertThat(planner.plan(state, budget)).as("seed %d: deterministic", seed).isEqualTo(plan);
      assertThat(plan.migrations().size()).isLessThanOrEqualTo(budget);
      for (DefragPlanner.Migration m : plan.migrations()) {
        assertThat((m.workload().name().hashCode() & 3) != 0).as("preemptible").isTrue();
        assertThat(state.release(m.workload().name())).as("seed %d", seed).isEqualTo(m.from());
        state.apply(m.workload(), m.to());
      }
      assertThat(whole(state) - wholeBefore).as("seed %d", seed).isEqualTo(plan.gpusFreed());
      assertThat(idle(state) - idleBefore).as("seed %d", seed).isEqualTo(plan.nodesFreed());
      assertThat(plan.gpusFreed())
          .as("seed %d budget %d", seed, budget)
          .isGreaterThanOrEqualTo(lastGpus);
      assertThat(plan.nodesFreed())
          .as("seed %d budget %d", seed, budget)
          .isGreaterThanOrEqualTo(lastNodes);
      lastGpus = plan.gpusFreed();
      lastNodes = plan.nodesFreed();
    }
  }

  private static int idle(ClusterState s) {
    int idle = 0;
    for (int n = 0; n < s.nodeCount(); n++) {
      if (s.gpuCount(n) > 0 && s.wholeFreeGpus(n) == s.gpuCount(n)) {
        idle++;
      }
    }
    return idle;
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
