package io.gpuautoscaler.core.packing;

import static io.gpuautoscaler.testing.Fixtures.cpuOnly;
import static io.gpuautoscaler.testing.Fixtures.occupy;
import static io.gpuautoscaler.testing.Fixtures.occupyCpu;
import static io.gpuautoscaler.testing.Fixtures.share;
import static io.gpuautoscaler.testing.Fixtures.state;
import static io.gpuautoscaler.testing.Fixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.trace.SyntheticOpenb;
import io.gpuautoscaler.testing.Generators;
import io.gpuautoscaler.testing.Invariants;
import io.gpuautoscaler.testing.PackingStrategyContract;
import io.gpuautoscaler.testing.Replay;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FgdStrategyTest implements PackingStrategyContract {
  /** A target with model constraints, multi-GPU and CPU-only types, for the generated clusters. */
  private static final TargetWorkload MIXED_TARGET =
      TargetWorkload.parse(
          "2000:500:1:A100|T4@0.3,4000:1000:1@0.25,8000:1000:2@0.15,1000:250:1@0.2,3000:0:0@0.1");

  @Override
  public PackingStrategy strategy() {
    return new FgdStrategy(SyntheticOpenb.typicalTarget());
  }

  /** Section 4.1: the fragment of a node with {@code free} GPU shares, expected over the target. */
  static double fragment(TargetWorkload target, String model, long freeCpu, int[] free) {
    long idle = 0;
    for (int r : free) {
      idle += r;
    }
    double sum = 0;
    for (TargetWorkload.TaskType m : target.types()) {
      double f;
      if (m.gpuMilli() == 0
          || (!m.allowedGpuModels().isEmpty() && !m.allowedGpuModels().contains(model))
          || freeCpu < m.cpuMilli()) {
        f = idle;
      } else {
        int holding = 0;
        long small = 0;
        for (int r : free) {
          if (r >= m.gpuMilli()) {
            holding++;
          } else {
            small += r;
          }
        }
        f = holding < m.gpuCount() ? idle : small;
      }
      sum += m.weight() * f;
    }
    return sum;
  }

  static int score(double delta) {
    return (int) Math.floor(100 / (1 + Math.exp(delta / 1000)));
  }

  /**
   * Section 4.4: every placement on every feasible node (each GPU that holds a shared request, the
   * lowest-index free GPUs for whole ones, CPU alone for CPU-only), scored floor(100 sigmoid(-Δ /
   * 1000)); the best node by score, the lowest index on ties, then its best GPU, the lowest index
   * on ties.
   */
  static Reference fgd(TargetWorkload target) {
    return (view, w) -> {
      int bestNode = -1;
      int bestScore = Integer.MIN_VALUE;
      List<Integer> bestGpus = List.of();
      for (int n : Invariants.feasibleNodes(view, w)) {
        GpuNode node = view.node(n);
        int[] free = new int[node.gpuCount()];
        for (int g = 0; g < free.length; g++) {
          free[g] = view.freeGpuMilli(n, g);
        }
        long cpuAfter = view.freeCpuMilli(n) - w.cpuMilli();
        double before = fragment(target, node.gpuModel(), view.freeCpuMilli(n), free);
        int nodeScore;
        List<Integer> gpus;
        if (w.sharesGpu()) {
          nodeScore = Integer.MIN_VALUE;
          gpus = null;
          for (int g = 0; g < free.length; g++) {
            if (free[g] >= w.gpuMilli()) {
              int[] after = free.clone();
              after[g] -= w.gpuMilli();
              int s = score(fragment(target, node.gpuModel(), cpuAfter, after) - before);
              if (s > nodeScore) {
                nodeScore = s;
                gpus = List.of(g);
              }
            }
          }
        } else {
          gpus = Reference.lowestWhole(view, n, w);
          int[] after = free.clone();
          for (int g : gpus) {
            after[g] = 0;
          }
          nodeScore = score(fragment(target, node.gpuModel(), cpuAfter, after) - before);
        }
        if (nodeScore > bestScore) {
          bestScore = nodeScore;
          bestNode = n;
          bestGpus = gpus;
        }
      }
      return bestNode < 0
          ? Optional.empty()
          : Optional.of(
              new Placement(w.name(), view.node(bestNode).name(), bestGpus, w.gpuMilli()));
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_decidesAsThePapersFgdScoreWithTheTraceTarget(long seed) {
    Reference.assertDecidesLike(strategy(), fgd(SyntheticOpenb.typicalTarget()), seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_decidesAsThePapersFgdScoreWithAConstrainedTarget(long seed) {
    Reference.assertDecidesLike(new FgdStrategy(MIXED_TARGET), fgd(MIXED_TARGET), seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_onTwoClustersInTurn_decidesAsOnEachAlone(long seed) {
    Generators.Scenario a = Generators.scenario(seed);
    Generators.Scenario b = Generators.scenario(seed + 1_000_000);
    ClusterState stateA = ClusterState.of(a.nodes());
    ClusterState stateB = ClusterState.of(b.nodes());
    PackingStrategy shared = strategy();

    List<String> aloneA =
        Replay.on(ClusterState.of(a.nodes()))
            .run(strategy(), a.workloads(), seed, 0, new Replay.Observer() {})
            .events();
    List<String> aloneB =
        Replay.on(ClusterState.of(b.nodes()))
            .run(strategy(), b.workloads(), seed, 0, new Replay.Observer() {})
            .events();
    List<String> inTurnA = new java.util.ArrayList<>();
    List<String> inTurnB = new java.util.ArrayList<>();
    for (int i = 0; i < Math.max(a.workloads().size(), b.workloads().size()); i++) {
      if (i < a.workloads().size()) {
        inTurnA.add(placeAndApply(shared, stateA, a.workloads().get(i)));
      }
      if (i < b.workloads().size()) {
        inTurnB.add(placeAndApply(shared, stateB, b.workloads().get(i)));
      }
    }

    assertThat(inTurnA).as("seed %d: decisions on the first cluster", seed).isEqualTo(aloneA);
    assertThat(inTurnB).as("seed %d: decisions on the second cluster", seed).isEqualTo(aloneB);
  }

  private static String placeAndApply(PackingStrategy strategy, ClusterState state, Workload w) {
    PlacementResult result = strategy.place(state, w);
    result.placement().ifPresent(p -> state.apply(w, p));
    return result.toString();
  }

  @Test
  void place_packsIntoAUsedGpuWhenWholeGpusAreTheTarget() {
    // Whole-GPU target: a partly used GPU is all fragment. Sharing the used GPU: Δ = -300, score
    // 57; opening the idle node: Δ = +700, score 33.
    FgdStrategy fgd = new FgdStrategy(TargetWorkload.parse("0:1000:1@1"));
    ClusterState state =
        state(
            GpuNode.of("idle", 64000, 65536, 1, "A100"),
            GpuNode.of("used", 64000, 65536, 1, "A100"));
    occupy(state, "used", 0, 300);

    PlacementResult result = fgd.place(state, share("w", 0, 300));

    assertThat(result.placement()).contains(new Placement("w", "used", List.of(0), 300));
  }

  @Test
  void place_choosesTheGpuThatLeavesNoStrandedShare() {
    // Target 500-milli shares. On GPU 0 (1000 free) 500 stay usable: Δ = 0, score 50; on GPU 1
    // (600 free) 100 are stranded: Δ = +100, score 47. Tightest fit would take GPU 1.
    FgdStrategy fgd = new FgdStrategy(TargetWorkload.parse("0:500:1@1"));
    ClusterState state = state(GpuNode.of("n", 64000, 65536, 2, "A100"));
    occupy(state, "n", 1, 400);

    PlacementResult result = fgd.place(state, share("w", 0, 500));

    assertThat(result.placement()).contains(new Placement("w", "n", List.of(0), 500));
  }

  @Test
  void place_letsEqualIntegerScoresTieToTheLowestIndex() {
    // Target 500-milli shares. A 100-milli share strands 470 on "first" (Δ = 470, score 38) and
    // 460 on "second" (Δ = 460, score 38): exact Δ would pick "second", the integer score ties.
    FgdStrategy fgd = new FgdStrategy(TargetWorkload.parse("0:500:1@1"));
    ClusterState state =
        state(
            GpuNode.of("first", 64000, 65536, 1, "A100"),
            GpuNode.of("second", 64000, 65536, 1, "A100"));
    occupy(state, "first", 0, 430);
    occupy(state, "second", 0, 440);

    PlacementResult result = fgd.place(state, share("w", 0, 100));

    assertThat(result.placement()).contains(new Placement("w", "first", List.of(0), 100));
  }

  @Test
  void place_keepsCpuForTheTargetsGpuTasks() {
    // Target tasks need 4000 CPU. A CPU-only workload of 2000 on "tight" (5000 CPU free) would
    // strand its idle GPU (Δ = +1000, score 26); on "roomy" nothing changes (Δ = 0, score 50).
    FgdStrategy fgd = new FgdStrategy(TargetWorkload.parse("4000:1000:1@1"));
    ClusterState state =
        state(
            GpuNode.of("tight", 64000, 65536, 1, "A100"),
            GpuNode.of("roomy", 64000, 65536, 1, "A100"));
    occupyCpu(state, "tight", 59000);

    PlacementResult result = fgd.place(state, cpuOnly("w", 2000));

    assertThat(result.placement()).contains(new Placement("w", "roomy", List.of(), 0));
  }

  @Test
  void place_givesWholeGpuWorkloadsTheLowestIndexFreeGpus() {
    FgdStrategy fgd = new FgdStrategy(TargetWorkload.parse("0:1000:1@1"));
    ClusterState state = state(GpuNode.of("n", 64000, 65536, 4, "A100"));
    occupy(state, "n", 1, 100);

    PlacementResult result = fgd.place(state, whole("w", 0, 2));

    assertThat(result.placement()).contains(new Placement("w", "n", List.of(0, 2), 1000));
  }

  @Test
  void provider_readsTheTargetWorkloadSetting() {
    String target = "0:500:1@1";
    ClusterState state = state(GpuNode.of("n", 64000, 65536, 2, "A100"));
    occupy(state, "n", 1, 400);

    PackingStrategy fgd =
        new FgdStrategy.Provider()
            .create(Settings.of(Map.of(BuiltinSettings.TARGET_WORKLOAD, target)));

    assertThat(((FgdStrategy) fgd).target()).isEqualTo(TargetWorkload.parse(target));
    assertThat(fgd.place(state, share("w", 0, 500)).placement().map(p -> p.gpuIndices()))
        .contains(List.of(0));
  }

  @Test
  void provider_defaultsToTheTracesTypicalShapes() {
    PackingStrategy fgd = new FgdStrategy.Provider().create(Settings.empty());

    assertThat(((FgdStrategy) fgd).target()).isEqualTo(SyntheticOpenb.typicalTarget());
  }
}
