package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Rejection;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.Generators.Scenario;
import io.gpuautoscaler.testing.Invariants.Applied;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link PackingStrategy} promises, checked over generated clusters and workload
 * sequences ({@link Generators}), one scenario per seed. A strategy's test class implements this
 * interface and supplies {@link #strategy()}; every failure names its seed, which {@code
 * -Dgpuautoscaler.seed=S} replays.
 *
 * <p>The checks use only {@link ClusterView}'s raw accessors and {@link Invariants}, never the
 * cluster's own fit test, so that they hold a strategy and core's state to the definitions.
 */
public interface PackingStrategyContract {
  /** Probability of releasing a random placed workload before each decision. */
  double RELEASE_PROBABILITY = 0.2;

  /**
   * A new strategy, configured the same way on every call (a randomized strategy gets the same
   * seed), so that two calls make the same decisions.
   */
  PackingStrategy strategy();

  /**
   * Whether the strategy places every workload that fits on some node, as every built-in does. A
   * strategy that may decline feasible nodes overrides this to return false.
   */
  default boolean workConserving() {
    return true;
  }

  /** Replays the seed's scenario on a {@link ClusterState} with random releases. */
  private Replay replay(long seed, Scenario scenario, Replay.Observer observer) {
    return replay(seed, scenario, RELEASE_PROBABILITY, observer);
  }

  private Replay replay(
      long seed, Scenario scenario, double releaseProbability, Replay.Observer observer) {
    return Replay.on(ClusterState.of(scenario.nodes()))
        .run(strategy(), scenario.workloads(), seed, releaseProbability, observer);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void place_choosesAPlacementThatFitsAtDecisionTime(long seed) {
    Scenario scenario = Generators.scenario(seed);

    replay(
        seed,
        scenario,
        new Replay.Observer() {
          @Override
          public void decided(ClusterView view, Workload workload, PlacementResult result) {
            result
                .placement()
                .ifPresent(p -> Invariants.assertFitsNow(view, workload, p, "seed " + seed));
          }
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void apply_ofItsPlacementsNeverOverCommitsANode(long seed) {
    Scenario scenario = Generators.scenario(seed);

    Replay replay =
        replay(
            seed,
            scenario,
            new Replay.Observer() {
              @Override
              public void changed(ClusterView view, Collection<Applied> placed) {
                Invariants.assertAccountedFor(view, placed, "seed " + seed);
              }
            });

    assertThat(replay.placed()).as("seed %d: workloads placed", seed).isNotEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void place_rejectsOnlyWhenNoNodeFits(long seed) {
    Scenario scenario = Generators.scenario(seed);
    List<String> rejected = new ArrayList<>();

    // Without releases the scenario's 1.5 times the cluster's GPU must see rejections.
    replay(
        seed,
        scenario,
        0,
        new Replay.Observer() {
          @Override
          public void decided(ClusterView view, Workload workload, PlacementResult result) {
            List<Integer> feasible = Invariants.feasibleNodes(view, workload);
            if (result instanceof PlacementResult.Unschedulable u) {
              rejected.add(workload.name());
              assertThat(u.workloadName())
                  .as("seed %d: rejected workload", seed)
                  .isEqualTo(workload.name());
              if (workConserving()) {
                assertThat(feasible)
                    .as("seed %d: nodes %s fits on, yet it was rejected: %s", seed, workload, u)
                    .isEmpty();
              }
            } else {
              assertThat(feasible)
                  .as("seed %d: %s was placed (%s) though no node fits", seed, workload, result)
                  .isNotEmpty();
            }
          }
        });

    assertThat(rejected).as("seed %d: the scenario overflows the cluster", seed).isNotEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void place_explainsARejectionByTheFilterThatRuledOutMostNodes(long seed) {
    Scenario scenario = Generators.scenario(seed, 0.4);

    replay(
        seed,
        scenario,
        new Replay.Observer() {
          @Override
          public void decided(ClusterView view, Workload workload, PlacementResult result) {
            if (result instanceof PlacementResult.Unschedulable u
                && Invariants.feasibleNodes(view, workload).isEmpty()) {
              assertRejectedForTheMostCommonFilter(view, workload, u.rejection(), "seed " + seed);
            }
          }
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void release_ofRandomWorkloadsKeepsEveryInvariant(long seed) {
    Scenario scenario = Generators.scenario(seed);

    Replay replay =
        Replay.on(ClusterState.of(scenario.nodes()))
            .run(
                strategy(),
                scenario.workloads(),
                seed,
                0.5,
                new Replay.Observer() {
                  @Override
                  public void decided(ClusterView view, Workload workload, PlacementResult result) {
                    result
                        .placement()
                        .ifPresent(
                            p -> Invariants.assertFitsNow(view, workload, p, "seed " + seed));
                    if (workConserving() && !Invariants.feasibleNodes(view, workload).isEmpty()) {
                      assertThat(result)
                          .as("seed %d: %s fits after releases", seed, workload.name())
                          .isInstanceOf(PlacementResult.Placed.class);
                    }
                  }

                  @Override
                  public void changed(ClusterView view, Collection<Applied> placed) {
                    Invariants.assertAccountedFor(view, placed, "seed " + seed);
                  }
                });

    assertThat(replay.events()).as("seed %d: events", seed).anyMatch(e -> e.startsWith("release "));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void place_isReproducibleForTheSameSeed(long seed) {
    Scenario scenario = Generators.scenario(seed);

    List<String> first = replay(seed, scenario, new Replay.Observer() {}).events();
    List<String> second = replay(seed, scenario, new Replay.Observer() {}).events();

    assertThat(second).as("seed %d: the second run's decisions", seed).isEqualTo(first);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void place_usesAllowedGpuModelsOnly(long seed) {
    Scenario scenario = Generators.scenario(seed, 0.7);

    replay(
        seed,
        scenario,
        new Replay.Observer() {
          @Override
          public void decided(ClusterView view, Workload workload, PlacementResult result) {
            if (workload.requestsGpu() && result instanceof PlacementResult.Placed p) {
              GpuNode node = view.node(view.indexOf(p.value().nodeName()).getAsInt());
              assertThat(workload.allowsModel(node.gpuModel()))
                  .as("seed %d: %s on %s (%s)", seed, workload, node.name(), node.gpuModel())
                  .isTrue();
            }
            if (workload.allowedGpuModels().equals(java.util.Set.of(Generators.MISSING_MODEL))) {
              assertThat(result)
                  .as("seed %d: %s allows only a model no node has", seed, workload)
                  .isInstanceOf(PlacementResult.Unschedulable.class);
            }
          }
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void place_givesWholeGpuWorkloadsWhollyFreeGpus(long seed) {
    Scenario scenario = Generators.scenario(seed);

    replay(
        seed,
        scenario,
        new Replay.Observer() {
          @Override
          public void decided(ClusterView view, Workload workload, PlacementResult result) {
            if (workload.requestsGpu() && !workload.sharesGpu()) {
              result
                  .placement()
                  .ifPresent(
                      p -> {
                        int n = view.indexOf(p.nodeName()).getAsInt();
                        for (int g : p.gpuIndices()) {
                          assertThat(view.freeGpuMilli(n, g))
                              .as("seed %d: GPU %d of %s for %s", seed, g, p.nodeName(), workload)
                              .isEqualTo(Workload.WHOLE_GPU_MILLI);
                        }
                      });
            }
          }
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void place_doesNotChangeTheCluster(long seed) {
    Scenario scenario = Generators.scenario(seed);
    ClusterState state = ClusterState.of(scenario.nodes());
    FakeClusterView foreign = new FakeClusterView(scenario.nodes());
    PackingStrategy onState = strategy();
    PackingStrategy onForeign = strategy();

    for (Workload workload : scenario.workloads()) {
      Invariants.Snapshot stateBefore = Invariants.snapshot(state);
      Invariants.Snapshot foreignBefore = Invariants.snapshot(foreign);
      int countBefore = state.workloadCount();
      long allocatedBefore = state.allocatedGpuMilli();

      PlacementResult result = onState.place(state, workload);
      PlacementResult foreignResult = onForeign.place(foreign, workload);

      assertThat(Invariants.snapshot(state))
          .as("seed %d: the state after deciding %s", seed, workload.name())
          .isEqualTo(stateBefore);
      assertThat(state.workloadCount())
          .as("seed %d: workloads placed", seed)
          .isEqualTo(countBefore);
      assertThat(state.allocatedGpuMilli())
          .as("seed %d: GPU allocated", seed)
          .isEqualTo(allocatedBefore);
      assertThat(Invariants.snapshot(foreign))
          .as("seed %d: the foreign view after deciding %s", seed, workload.name())
          .isEqualTo(foreignBefore);
      result.placement().ifPresent(p -> state.apply(workload, p));
      foreignResult.placement().ifPresent(p -> foreign.apply(workload, p));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void place_decidesAlikeOnAForeignView(long seed) {
    Scenario scenario = Generators.scenario(seed);

    List<String> onState = replay(seed, scenario, new Replay.Observer() {}).events();
    List<String> onForeign =
        Replay.on(new FakeClusterView(scenario.nodes()))
            .run(
                strategy(),
                scenario.workloads(),
                seed,
                RELEASE_PROBABILITY,
                new Replay.Observer() {})
            .events();

    assertThat(onForeign).as("seed %d: decisions on a foreign view", seed).isEqualTo(onState);
  }

  @Test
  default void place_onAClusterWithoutNodes_isUnschedulableWithNoNodes() {
    Workload workload = Workload.builder("w").cpuMilli(1000).wholeGpus(1).build();

    PlacementResult result = strategy().place(ClusterState.of(List.of()), workload);

    assertThat(result).isInstanceOf(PlacementResult.Unschedulable.class);
    PlacementResult.Unschedulable unschedulable = (PlacementResult.Unschedulable) result;
    assertThat(unschedulable.workloadName()).isEqualTo("w");
    assertThat(unschedulable.rejection().reason()).isEqualTo(Rejection.Reason.NO_NODES);
  }

  @Test
  default void place_whereOnlyAMissingModelIsAllowed_isRejectedForTheModel() {
    ClusterState state =
        ClusterState.of(
            List.of(GpuNode.of("a", 8000, 8192, 2, "A100"), GpuNode.of("b", 8000, 8192, 4, "T4")));
    Workload workload =
        Workload.builder("w")
            .cpuMilli(1000)
            .gpuShare(500)
            .allowedGpuModels(java.util.Set.of(Generators.MISSING_MODEL))
            .build();

    PlacementResult result = strategy().place(state, workload);

    assertThat(result).isInstanceOf(PlacementResult.Unschedulable.class);
    Rejection rejection = ((PlacementResult.Unschedulable) result).rejection();
    assertThat(rejection.reason()).isEqualTo(Rejection.Reason.GPU_MODEL_UNAVAILABLE);
    assertThat(rejection.message()).contains("w");
  }

  /**
   * Asserts what {@link Rejection} promises of a workload that fits nowhere: its reason is a filter
   * that rules out the most nodes, each node counted under the first filter it fails in {@link
   * Rejection.Reason}'s order ({@link Invariants#firstFailure}), and its message names the
   * workload.
   */
  static void assertRejectedForTheMostCommonFilter(
      ClusterView view, Workload workload, Rejection rejection, String context) {
    Map<Rejection.Reason, Integer> counts = Invariants.failureCounts(view, workload);
    int most = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    assertThat(counts.get(rejection.reason()))
        .as(
            "%s: nodes ruled out by %s (all: %s) for %s",
            context, rejection.reason(), counts, workload)
        .isEqualTo(most);
    assertThat(rejection.message()).as("%s: message", context).contains(workload.name());
  }
}
