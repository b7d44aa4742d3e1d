package io.gpuautoscaler.core.cluster;

import static io.gpuautoscaler.testing.Fixtures.cpuOnly;
import static io.gpuautoscaler.testing.Fixtures.occupy;
import static io.gpuautoscaler.testing.Fixtures.put;
import static io.gpuautoscaler.testing.Fixtures.share;
import static io.gpuautoscaler.testing.Fixtures.state;
import static io.gpuautoscaler.testing.Fixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Rejection;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.testing.FakeClusterView;
import io.gpuautoscaler.testing.Generators;
import io.gpuautoscaler.testing.Invariants;
import io.gpuautoscaler.testing.Invariants.Applied;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterStateTest {

  private static ClusterState twoNodes() {
    return state(
        GpuNode.of("a100", 16000, 32768, 4, "A100"), GpuNode.of("t4", 8000, 16384, 2, "T4"));
  }

  /** Everything observable about a state, to check that a refusal changed nothing. */
  private record Observed(Invariants.Snapshot view, long allocated, int count, List<Integer> tags) {
    static Observed of(ClusterState s) {
      List<Integer> tags = new ArrayList<>();
      for (int n = 0; n < s.nodeCount(); n++) {
        tags.add(s.gpuWorkloads(n));
        for (int t = 0; t <= 8; t++) {
          tags.add(s.gpuWorkloadsWithTag(n, t));
        }
        tags.add(s.freeGpuMilliTotal(n));
        tags.add(s.wholeFreeGpus(n));
        tags.add(s.maxFreeGpuMilli(n));
      }
      return new Observed(Invariants.snapshot(s), s.allocatedGpuMilli(), s.workloadCount(), tags);
    }
  }

  @Test
  void apply_thenRelease_restoresTheState() {
    ClusterState state = twoNodes();
    Observed before = Observed.of(state);
    Workload w = whole("w", 4000, 2);
    Placement placement = new Placement("w", "a100", List.of(1, 3), 1000);

    state.apply(w, placement);
    Placement released = state.release("w");

    assertThat(released).isEqualTo(placement);
    Observed after = Observed.of(state);
    assertThat(after.allocated()).isEqualTo(before.allocated());
    assertThat(after.count()).isEqualTo(before.count());
    assertThat(after.tags()).isEqualTo(before.tags());
    assertThat(after.view().nodes().get(0).freeGpuMilli())
        .isEqualTo(before.view().nodes().get(0).freeGpuMilli());
    assertThat(state.freeCpuMilli(0)).isEqualTo(16000);
    assertThat(state.workloadsOn(0)).isEmpty();
    assertThat(state.placementOf("w")).isEmpty();
  }

  @Test
  void apply_takesWhatThePlacementSays() {
    ClusterState state = twoNodes();

    state.apply(share("w", 3000, 250), new Placement("w", "t4", List.of(1), 250));

    assertThat(state.freeCpuMilli(1)).isEqualTo(5000);
    assertThat(state.freeGpuMilli(1, 0)).isEqualTo(1000);
    assertThat(state.freeGpuMilli(1, 1)).isEqualTo(750);
    assertThat(state.freeGpuMilliTotal(1)).isEqualTo(1750);
    assertThat(state.wholeFreeGpus(1)).isEqualTo(1);
    assertThat(state.maxFreeGpuMilli(1)).isEqualTo(1000);
    assertThat(state.allocatedGpuMilli()).isEqualTo(250);
    assertThat(state.workloadCount()).isEqualTo(1);
    assertThat(state.gpuWorkloadsWithTag(1, 0)).isEqualTo(1);
    assertThat(state.placementOf("w")).contains(new Placement("w", "t4", List.of(1), 250));
  }

  @Test
  void apply_changesTheVersionOfTheNodeOnly() {
    ClusterState state = twoNodes();
    long a = state.version(0);
    long t = state.version(1);

    put(state, cpuOnly("w", 1000), "t4");

    assertThat(state.version(0)).isEqualTo(a);
    assertThat(state.version(1)).isNotEqualTo(t);
  }

  @Test
  void changesSince_listsTheNodeOfEveryChangeInOrder() {
    ClusterState state = twoNodes();
    long since = state.clock();
    put(state, cpuOnly("w", 1000), "t4");
    put(state, cpuOnly("v", 1000), "a100");
    state.release("w");
    List<Integer> changed = new ArrayList<>();

    boolean kept = state.changesSince(since, changed::add);

    assertThat(kept).isTrue();
    assertThat(changed).containsExactly(1, 0, 1);
    assertThat(state.clock()).isEqualTo(since + 3).isEqualTo(state.version(1));
  }

  @Test
  void changesSince_listsEveryChangeAcrossTheJournalsGrowth() {
    ClusterState state = twoNodes();
    List<Integer> expected = new ArrayList<>();
    for (int tick = 1; tick <= state.clock(); tick++) {
      expected.add(tick - 1); // the constructor's refresh of node 0, then of node 1
    }
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 2500; i++) {
      String node = random.nextBoolean() ? "t4" : "a100";
      put(state, cpuOnly("w", 1000), node);
      state.release("w");
      int index = state.indexOf(node).orElseThrow();
      expected.add(index);
      expected.add(index);
      if (i == 7 || i == 40 || i == 1000) { // 16, 82 and 2002 changes: before and after growths
        List<Integer> all = new ArrayList<>();
        assertThat(state.changesSince(0, all::add)).isTrue();
        assertThat(all).isEqualTo(expected);
      }
    }
    for (long since : new long[] {0, 1, 15, 16, 17, 100, 1000, 4000, state.clock() - 1}) {
      List<Integer> changed = new ArrayList<>();
      boolean kept = state.changesSince(since, changed::add);
      if (state.clock() - since > 4096) {
        assertThat(kept).as("since " + since).isFalse();
      } else {
        assertThat(kept).as("since " + since).isTrue();
        assertThat(changed)
            .as("since " + since)
            .isEqualTo(expected.subList((int) since, expected.size()));
      }
    }
  }

  @Test
  void changesSince_afterMoreChangesThanKept_saysSoAndListsNothing() {
    ClusterState state = twoNodes();
    for (int i = 0; i < 5000; i++) {
      put(state, cpuOnly("w", 1000), "t4");
      state.release("w");
    }
    List<Integer> changed = new ArrayList<>();

    assertThat(state.changesSince(0, changed::add)).isFalse();
    assertThat(changed).isEmpty();
    assertThat(state.changesSince(state.clock() - 2, changed::add)).isTrue();
    assertThat(changed).containsExactly(1, 1);
    assertThatThrownBy(() -> state.changesSince(state.clock() + 1, changed::add))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> refusals() {
    Workload twoGpus = whole("w", 1000, 2);
    Workload shared = share("w", 1000, 600);
    Workload onlyT4 =
        Workload.builder("w").cpuMilli(1000).gpuShare(100).allowedGpuModels(Set.of("T4")).build();
    return Stream.of(
        Arguments.of(
            "unknown node",
            twoGpus,
            new Placement("w", "nope", List.of(0, 1), 1000),
            IllegalArgumentException.class,
            "no node named nope"),
        Arguments.of(
            "unknown GPU",
            twoGpus,
            new Placement("w", "t4", List.of(1, 2), 1000),
            IllegalArgumentException.class,
            "node t4 has 2 GPUs, no GPU 2"),
        Arguments.of(
            "too few GPUs",
            twoGpus,
            new Placement("w", "a100", List.of(0), 1000),
            IllegalArgumentException.class,
            "takes 1 GPU(s) x 1000 milli; the workload asks 2 x 1000"),
        Arguments.of(
            "wrong share",
            shared,
            new Placement("w", "a100", List.of(0), 500),
            IllegalArgumentException.class,
            "takes 1 GPU(s) x 500 milli; the workload asks 1 x 600"),
        Arguments.of(
            "GPUs for a CPU-only workload",
            cpuOnly("w", 1000),
            new Placement("w", "a100", List.of(0), 1000),
            IllegalArgumentException.class,
            "the workload asks 0 x 0"),
        Arguments.of(
            "disallowed model",
            onlyT4,
            new Placement("w", "a100", List.of(0), 100),
            IllegalArgumentException.class,
            "w does not allow GPU model A100"),
        Arguments.of(
            "another workload's placement",
            twoGpus,
            new Placement("v", "a100", List.of(0, 1), 1000),
            IllegalArgumentException.class,
            "placement is for v, not w"),
        Arguments.of(
            "over-committed CPU",
            whole("w", 16001, 1),
            new Placement("w", "a100", List.of(2), 1000),
            IllegalStateException.class,
            "a100 has 15000m CPU and 32768 MiB free; w needs 16001m and 0 MiB"),
        Arguments.of(
            "over-committed memory",
            Workload.builder("w").memoryMib(32769).build(),
            new Placement("w", "a100", List.of(), 0),
            IllegalStateException.class,
            "needs 0m and 32769 MiB"),
        Arguments.of(
            "over-committed GPU share",
            shared,
            new Placement("w", "a100", List.of(0), 600),
            IllegalStateException.class,
            "GPU 0 of a100 has 500 milli free, w needs 600"),
        Arguments.of(
            "a taken whole GPU",
            whole("w", 0, 1),
            new Placement("w", "a100", List.of(0), 1000),
            IllegalStateException.class,
            "GPU 0 of a100 has 500 milli free, w needs 1000"),
        Arguments.of(
            "double placement",
            share("placed", 0, 100),
            new Placement("placed", "t4", List.of(0), 100),
            IllegalStateException.class,
            "placed is already placed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void apply_refusesAndLeavesTheStateUnchanged(
      String what,
      Workload w,
      Placement placement,
      Class<? extends Throwable> type,
      String message) {
    ClusterState state = twoNodes();
    put(state, share("placed", 1000, 500), "a100", 0);
    Observed before = Observed.of(state);

    assertThatThrownBy(() -> state.apply(w, placement))
        .isInstanceOf(type)
        .hasMessageContaining(message);

    assertThat(Observed.of(state)).isEqualTo(before);
  }

  @Test
  void release_ofAnUnknownWorkload_failsAndChangesNothing() {
    ClusterState state = twoNodes();
    put(state, share("placed", 1000, 500), "a100", 0);
    Observed before = Observed.of(state);

    assertThatThrownBy(() -> state.release("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no placed workload named nope");
    assertThat(Observed.of(state)).isEqualTo(before);
  }

  @Test
  void release_twice_failsTheSecondTime() {
    ClusterState state = twoNodes();
    put(state, share("w", 1000, 500), "a100", 0);
    state.release("w");

    assertThatThrownBy(() -> state.release("w")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_refusesTwoNodesWithOneName() {
    List<GpuNode> nodes =
        List.of(GpuNode.cpuOnly("n", 1000, 1024), GpuNode.of("n", 1000, 1024, 1, "T4"));

    assertThatThrownBy(() -> ClusterState.of(nodes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two nodes are named n");
  }

  @Test
  void freeGpuMilli_ofAGpuTheNodeLacks_fails() {
    ClusterState state = twoNodes();

    assertThatThrownBy(() -> state.freeGpuMilli(1, 2))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("node t4 has no GPU 2");
  }

  @Test
  void tagOf_separatesSharedFromKWholeGpusAndCpuOnly() {
    ClusterState state = twoNodes();

    assertThat(ClusterState.tagOf(state.demand(cpuOnly("c", 1)))).isEqualTo(-1);
    assertThat(ClusterState.tagOf(state.demand(share("s", 1, 999)))).isZero();
    assertThat(ClusterState.tagOf(state.demand(whole("w1", 1, 1)))).isEqualTo(1);
    assertThat(ClusterState.tagOf(state.demand(whole("w4", 1, 4)))).isEqualTo(4);
  }

  // ---------------------------------------------------------------- explain

  @Test
  void explain_countsEveryNodeUnderTheFirstFilterItFails() {
    ClusterState state =
        state(
            GpuNode.cpuOnly("cpu", 64000, 65536),
            GpuNode.of("t4", 64000, 65536, 2, "T4"),
            GpuNode.of("one", 64000, 65536, 1, "A100"),
            GpuNode.of("small", 1000, 65536, 4, "A100"),
            GpuNode.of("full", 64000, 65536, 4, "A100"),
            GpuNode.of("little-memory", 64000, 1024, 4, "A100"));
    for (int g = 0; g < 3; g++) {
      occupy(state, "full", g, 1);
    }
    Workload w =
        Workload.builder("w")
            .cpuMilli(4000)
            .memoryMib(2048)
            .wholeGpus(2)
            .allowedGpuModels(Set.of("A100"))
            .build();

    Rejection rejection = state.explain(w);

    assertThat(rejection)
        .isEqualTo(
            new Rejection(
                Rejection.Reason.GPU_MODEL_UNAVAILABLE,
                "0/6 nodes are available for w: 2 nodes have no GPU of model A100, 1 node has fewer"
                    + " than 2 GPUs, 1 node has less than 4000m CPU free, 1 node has less than 2048"
                    + " MiB memory free, 1 node has fewer than 2 wholly free GPUs."));
  }

  @Test
  void explain_namesTheFilterThatRuledOutMostNodes() {
    ClusterState state =
        state(
            GpuNode.of("a", 64000, 65536, 1, "A100"),
            GpuNode.of("b", 64000, 65536, 1, "A100"),
            GpuNode.of("c", 64000, 65536, 1, "A100"),
            GpuNode.cpuOnly("cpu", 64000, 65536));
    occupy(state, "a", 0, 700);
    occupy(state, "b", 0, 800);
    occupy(state, "c", 0, 900);

    Rejection rejection = state.explain(share("w", 1000, 500));

    assertThat(rejection)
        .isEqualTo(
            new Rejection(
                Rejection.Reason.INSUFFICIENT_GPU_SHARE,
                "0/4 nodes are available for w: 1 node has no GPU, 3 nodes have no GPU with 500"
                    + " milli free."));
  }

  @Test
  void explain_ofACpuOnlyWorkload_talksAboutCpuAndMemory() {
    ClusterState state =
        state(GpuNode.cpuOnly("a", 1000, 65536), GpuNode.of("b", 8000, 512, 8, "T4"));

    Rejection rejection =
        state.explain(Workload.builder("w").cpuMilli(2000).memoryMib(1024).build());

    assertThat(rejection.message())
        .isEqualTo(
            "0/2 nodes are available for w: 1 node has less than 2000m CPU free, 1 node has less"
                + " than 1024 MiB memory free.");
  }

  @Test
  void explain_onAnEmptyCluster_saysSo() {
    Rejection rejection = ClusterState.of(List.of()).explain(cpuOnly("w", 0));

    assertThat(rejection.reason()).isEqualTo(Rejection.Reason.NO_NODES);
    assertThat(rejection.message()).isEqualTo("0/0 nodes are available: the cluster is empty");
  }

  @Test
  void explain_whenANodeFits_saysTheStrategyDeclined() {
    Rejection rejection = twoNodes().explain(share("w", 1000, 500));

    assertThat(rejection)
        .isEqualTo(
            new Rejection(
                Rejection.Reason.DECLINED_BY_STRATEGY, "2/2 nodes fit w but none was chosen"));
  }

  // ---------------------------------------------------------------- fits, randomized

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void fits_agreesWithTheDefinitionAfterRandomChanges(long seed) {
    Generators.Scenario scenario = Generators.scenario(seed, 0.4);
    ClusterState state = ClusterState.of(scenario.nodes());
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Applied> placed = new LinkedHashMap<>();

    for (Workload w : scenario.workloads()) {
      List<Integer> feasible = new ArrayList<>();
      for (int n = 0; n < state.nodeCount(); n++) {
        boolean definition = Invariants.fits(state, n, w);
        assertThat(state.fits(n, w))
            .as("seed %d: %s on %s", seed, w, state.node(n))
            .isEqualTo(definition);
        assertThat(state.fits(n, state.demand(w)))
            .as("seed %d: demand of %s", seed, w)
            .isEqualTo(definition);
        if (definition) {
          feasible.add(n);
        }
      }
      if (!feasible.isEmpty()) {
        int n = feasible.get(random.nextInt(feasible.size()));
        Placement p =
            new Placement(
                w.name(), state.node(n).name(), randomGpus(state, n, w, random), w.gpuMilli());
        state.apply(w, p);
        placed.put(w.name(), new Applied(w, p));
      }
      if (!placed.isEmpty() && random.nextInt(4) == 0) {
        String name = new ArrayList<>(placed.keySet()).get(random.nextInt(placed.size()));
        state.release(name);
        placed.remove(name);
      }
      Invariants.assertAccountedFor(state, placed.values(), "seed " + seed);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void explain_countsEveryNodeUnderTheFirstFilterItFailsAfterRandomChanges(long seed) {
    Generators.Scenario scenario = Generators.scenario(seed, 0.4);
    ClusterState state = ClusterState.of(scenario.nodes());
    SplittableRandom random = new SplittableRandom(seed);
    int n = state.nodeCount();

    for (Workload w : scenario.workloads()) {
      List<Integer> feasible = Invariants.feasibleNodes(state, w);

      Rejection rejection = state.explain(w);

      if (!feasible.isEmpty()) {
        assertThat(rejection)
            .as("seed %d: %s", seed, w)
            .isEqualTo(
                new Rejection(
                    Rejection.Reason.DECLINED_BY_STRATEGY,
                    feasible.size() + "/" + n + " nodes fit " + w.name() + " but none was chosen"));
        int node = feasible.get(random.nextInt(feasible.size()));
        state.apply(
            w,
            new Placement(
                w.name(),
                state.node(node).name(),
                randomGpus(state, node, w, random),
                w.gpuMilli()));
        continue;
      }
      Map<Rejection.Reason, Integer> counts = Invariants.failureCounts(state, w);
      List<Integer> stated = new ArrayList<>();
      Matcher m = Pattern.compile("[:,] (\\d+) nodes? (?:have|has) ").matcher(rejection.message());
      while (m.find()) {
        stated.add(Integer.parseInt(m.group(1)));
      }
      int most = Collections.max(counts.values());
      Rejection.Reason first =
          counts.entrySet().stream()
              .filter(e -> e.getValue() == most)
              .findFirst()
              .orElseThrow()
              .getKey();
      assertThat(rejection.message())
          .as("seed %d: %s", seed, w)
          .startsWith("0/" + n + " nodes are available for " + w.name() + ": ")
          .endsWith(".");
      assertThat(stated)
          .as("seed %d: counts in '%s'", seed, rejection.message())
          .isEqualTo(List.copyOf(counts.values()));
      assertThat(rejection.reason())
          .as("seed %d: reason for %s (%s)", seed, w, counts)
          .isEqualTo(first);
    }
  }

  /** GPUs that hold {@code w}, drawn at random (not the way any strategy picks them). */
  static List<Integer> randomGpus(ClusterState state, int n, Workload w, SplittableRandom random) {
    List<Integer> holding = new ArrayList<>();
    for (int g = 0; g < state.gpuCount(n); g++) {
      if (state.freeGpuMilli(n, g) >= w.gpuMilli()) {
        holding.add(g);
      }
    }
    List<Integer> chosen = new ArrayList<>();
    while (chosen.size() < w.gpuCount()) {
      chosen.add(holding.remove(random.nextInt(holding.size())));
    }
    return chosen;
  }

  // ---------------------------------------------------------------- from a foreign view

  @Test
  void from_aForeignView_copiesNodesFreeResourcesAndWorkloads() {
    List<GpuNode> nodes =
        List.of(
            GpuNode.of("a", 16000, 32768, 4, "A100"),
            GpuNode.cpuOnly("c", 8000, 8192),
            GpuNode.of("t", 8000, 16384, 2, "T4"));
    FakeClusterView foreign = new FakeClusterView(nodes);
    foreign.apply(share("s", 2000, 300), new Placement("s", "a", List.of(2), 300));
    foreign.apply(whole("w", 1000, 2), new Placement("w", "t", List.of(0, 1), 1000));
    foreign.apply(
        Workload.builder("c1").cpuMilli(500).memoryMib(100).build(),
        new Placement("c1", "c", List.of(), 0));

    ClusterState state = ClusterState.from(foreign);

    assertThat(state.nodeCount()).isEqualTo(3);
    assertThat(state.node(2)).isEqualTo(nodes.get(2));
    assertThat(state.indexOf("t")).hasValue(2);
    assertThat(Invariants.snapshot(state).nodes())
        .extracting(
            n -> List.of(n.freeCpuMilli(), n.freeMemoryMib(), n.freeGpuMilli(), n.workloads()))
        .isEqualTo(
            Invariants.snapshot(foreign).nodes().stream()
                .map(
                    n ->
                        List.of(
                            n.freeCpuMilli(), n.freeMemoryMib(), n.freeGpuMilli(), n.workloads()))
                .toList());
    for (int n = 0; n < 3; n++) {
      assertThat(state.workloadsOn(n)).isEqualTo(foreign.workloadsOn(n));
    }
    assertThat(state.allocatedGpuMilli()).isEqualTo(2300);
    assertThat(state.freeGpuMilliTotal(0)).isEqualTo(3700);
    assertThat(state.wholeFreeGpus(0)).isEqualTo(3);
    assertThat(state.maxFreeGpuMilli(2)).isZero();
    assertThat(state.gpuWorkloadsWithTag(0, 0)).isEqualTo(1);
    assertThat(state.gpuWorkloadsWithTag(2, 2)).isEqualTo(1);
    assertThat(state.index().firstFit(state.demand(whole("x", 0, 1)), 0)).isZero();
    assertThat(state.index().firstFit(state.demand(whole("x", 0, 4)), 0)).isEqualTo(-1);
  }

  @Test
  void from_aForeignView_knowsItsWorkloadsButCannotReleaseThem() {
    FakeClusterView foreign =
        new FakeClusterView(List.of(GpuNode.of("a", 16000, 32768, 4, "A100")));
    foreign.apply(share("s", 2000, 300), new Placement("s", "a", List.of(2), 300));
    ClusterState state = ClusterState.from(foreign);

    assertThatThrownBy(() -> state.release("s"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("s was copied from a foreign view");
    assertThatThrownBy(
            () -> state.apply(share("s", 1000, 100), new Placement("s", "a", List.of(0), 100)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already placed");
    assertThat(state.placementOf("s")).isEmpty();
    assertThat(state.workloadCount()).isEqualTo(1);
  }

  @Test
  void from_aClusterState_isThatState() {
    ClusterState state = twoNodes();

    assertThat(ClusterState.from(state)).isSameAs(state);
  }

  // ---------------------------------------------------------------- reshaped

  @ParameterizedTest
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void reshaped_equalsAStateRebuiltFromTheKeptPlacements(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GpuNode> nodes = Generators.cluster(random, 40);
    List<String> models = Generators.modelsOf(nodes);
    ClusterState state = ClusterState.of(nodes);
    first_fit:
    for (int i = 0; i < 150; i++) {
      Workload w = Generators.workload(random, "w" + i, models, 0.2);
      Demand d = state.demand(w);
      for (int n = 0; n < state.nodeCount(); n++) {
        if (state.fits(n, d)) {
          List<Integer> gpus = new ArrayList<>();
          for (int g = 0; g < state.gpuCount(n) && gpus.size() < w.gpuCount(); g++) {
            if (state.freeGpuMilli(n, g) >= w.gpuMilli()) {
              gpus.add(g);
            }
          }
          state.apply(w, new Placement(w.name(), nodes.get(n).name(), gpus, w.gpuMilli()));
          if (random.nextInt(4) == 0) {
            state.release(state.workloadsOn(n).get(0).name());
          }
          continue first_fit;
        }
      }
    }
    Invariants.Snapshot before = Invariants.snapshot(state);
    List<GpuNode> next = new ArrayList<>();
    for (GpuNode n : nodes) {
      if (random.nextInt(3) != 0) {
        next.add(n);
      }
    }
    next.addAll(Generators.cluster(random, 10).stream().map(n -> rename(n, "new-")).toList());
    Collections.shuffle(next, new java.util.Random(seed));

    ClusterState reshaped = state.reshaped(next);

    ClusterState rebuilt = ClusterState.of(next);
    for (GpuNode n : next) {
      int old = state.indexOf(n.name()).orElse(-1);
      if (old >= 0) {
        for (Workload w : state.workloadsOn(old)) {
          rebuilt.apply(w, state.placementOf(w.name()).orElseThrow());
        }
      }
    }
    assertThat(Invariants.snapshot(state)).isEqualTo(before);
    assertThat(reshaped.nodeCount()).isEqualTo(next.size());
    assertThat(reshaped.allocatedGpuMilli()).isEqualTo(rebuilt.allocatedGpuMilli());
    assertThat(reshaped.workloadCount()).isEqualTo(rebuilt.workloadCount());
    for (int n = 0; n < next.size(); n++) {
      assertThat(reshaped.node(n)).isEqualTo(next.get(n));
      assertThat(reshaped.freeCpuMilli(n)).isEqualTo(rebuilt.freeCpuMilli(n));
      assertThat(reshaped.freeMemoryMib(n)).isEqualTo(rebuilt.freeMemoryMib(n));
      assertThat(reshaped.freeGpuMilliTotal(n)).isEqualTo(rebuilt.freeGpuMilliTotal(n));
      assertThat(reshaped.wholeFreeGpus(n)).isEqualTo(rebuilt.wholeFreeGpus(n));
      assertThat(reshaped.maxFreeGpuMilli(n)).isEqualTo(rebuilt.maxFreeGpuMilli(n));
      assertThat(reshaped.gpuWorkloads(n)).isEqualTo(rebuilt.gpuWorkloads(n));
      for (int tag = 0; tag <= 8; tag++) {
        assertThat(reshaped.gpuWorkloadsWithTag(n, tag))
            .isEqualTo(rebuilt.gpuWorkloadsWithTag(n, tag));
      }
      for (int g = 0; g < reshaped.gpuCount(n); g++) {
        assertThat(reshaped.freeGpuMilli(n, g)).isEqualTo(rebuilt.freeGpuMilli(n, g));
      }
      assertThat(reshaped.workloadsOn(n)).isEqualTo(rebuilt.workloadsOn(n));
      for (Workload w : reshaped.workloadsOn(n)) {
        assertThat(reshaped.placementOf(w.name())).isEqualTo(rebuilt.placementOf(w.name()));
      }
    }
    // The reshaped state is a working state: what is kept can be released, and searches agree.
    for (int n = 0; n < next.size(); n++) {
      for (Workload w : List.copyOf(reshaped.workloadsOn(n))) {
        assertThat(reshaped.release(w.name())).isEqualTo(rebuilt.release(w.name()));
      }
    }
    assertThat(reshaped.allocatedGpuMilli()).isZero();
  }

  @Test
  void reshaped_refusesANodeThatChangedShape() {
    ClusterState state = twoNodes();

    assertThatThrownBy(() -> state.reshaped(List.of(GpuNode.of("t4", 8000, 16384, 4, "T4"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("t4 changed shape");
  }

  private static GpuNode rename(GpuNode n, String prefix) {
    return new GpuNode(
        prefix + n.name(), n.cpuMilli(), n.memoryMib(), n.gpuCount(), n.gpuModel(), n.labels());
  }
}
