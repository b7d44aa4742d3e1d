package io.gpuautoscaler.core.packing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.packing.CachedNodeScan.Sharing;
import io.gpuautoscaler.core.trace.SyntheticOpenb;
import io.gpuautoscaler.testing.Generators;
import io.gpuautoscaler.testing.Replay;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scores shared by node state ({@link Sharing#STATE}) and by node ({@link Sharing#NODE}) give the
 * decisions of scoring every node afresh ({@link Sharing#NONE}), on seeded replays with releases
 * over clusters where many nodes share a state.
 */
class CachedNodeScanTest {

  /**
   * The seed's generated nodes, each 1 to 6 times (so that states repeat), in a seeded order (so
   * that the copies of one node are not neighbours and ties cross state classes).
   */
  static List<GpuNode> repeatedNodes(Generators.Scenario scenario) {
    SplittableRandom random = new SplittableRandom(scenario.seed() * 31 + 7);
    List<GpuNode> nodes = new ArrayList<>();
    for (GpuNode n : scenario.nodes()) {
      for (int copy = 0, copies = 1 + random.nextInt(6); copy < copies; copy++) {
        nodes.add(
            n.gpuCount() == 0
                ? GpuNode.cpuOnly(n.name() + "-" + copy, n.cpuMilli(), n.memoryMib())
                : GpuNode.of(
                    n.name() + "-" + copy,
                    n.cpuMilli(),
                    n.memoryMib(),
                    n.gpuCount(),
                    n.gpuModel()));
      }
    }
    for (int i = nodes.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      nodes.set(i, nodes.set(j, nodes.get(i)));
    }
    return nodes;
  }

  /** The scenario's workloads twice over, so that the bigger cluster fills and churns. */
  static List<Workload> workloads(Generators.Scenario scenario) {
    List<Workload> all = new ArrayList<>(scenario.workloads());
    for (Workload w : scenario.workloads()) {
      all.add(
          Workload.builder(w.name() + "-again")
              .cpuMilli(w.cpuMilli())
              .memoryMib(w.memoryMib())
              .gpus(w.gpuCount(), w.gpuMilli())
              .allowedGpuModels(w.allowedGpuModels())
              .build());
    }
    return all;
  }

  /**
   * The scenario's workloads with their CPU and GPU request from one of six templates (its first
   * six workloads) and their own memory: shapes repeat, with different memory.
   */
  static List<Workload> templated(Generators.Scenario scenario) {
    List<Workload> templates = scenario.workloads().subList(0, 6);
    SplittableRandom random = new SplittableRandom(scenario.seed());
    List<Workload> all = new ArrayList<>();
    for (Workload w : workloads(scenario)) {
      Workload t = templates.get(random.nextInt(templates.size()));
      all.add(
          Workload.builder(w.name())
              .cpuMilli(t.cpuMilli())
              .memoryMib(w.memoryMib())
              .gpus(t.gpuCount(), t.gpuMilli())
              .allowedGpuModels(t.allowedGpuModels())
              .build());
    }
    return all;
  }

  private static List<String> replay(
      Function<Sharing, PackingStrategy> strategy,
      Sharing sharing,
      long seed,
      Function<Generators.Scenario, List<Workload>> workloads) {
    Generators.Scenario scenario = Generators.scenario(seed, 0.2);
    return Replay.on(ClusterState.of(repeatedNodes(scenario)))
        .run(
            strategy.apply(sharing), workloads.apply(scenario), seed, 0.3, new Replay.Observer() {})
        .events();
  }

  private static void assertSameDecisions(
      Function<Sharing, PackingStrategy> strategy,
      long seed,
      Function<Generators.Scenario, List<Workload>> workloads) {
    List<String> reference = replay(strategy, Sharing.NONE, seed, workloads);
    assertThat(replay(strategy, Sharing.STATE, seed, workloads))
        .as("seed %d, by state", seed)
        .isEqualTo(reference);
    assertThat(replay(strategy, Sharing.NODE, seed, workloads))
        .as("seed %d, by node", seed)
        .isEqualTo(reference);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void fgd_cachedByStateOrNode_decidesAsUncached(long seed) {
    assertSameDecisions(
        s -> new FgdStrategy(SyntheticOpenb.typicalTarget(), s),
        seed,
        CachedNodeScanTest::workloads);
    TargetWorkload own = TargetWorkload.typicalOf(Generators.scenario(seed, 0.2).workloads(), 0.95);
    assertSameDecisions(s -> new FgdStrategy(own, s), seed, CachedNodeScanTest::templated);
  }

  /**
   * The scenario's own typical shapes as the target, so that strand-aware-fgd learns their memory
   * online and republishes it (which must clear the cache) during the replay; its scores also read
   * the request's memory, so requests that differ only in memory must not share them.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void strandAwareFgd_cachedByStateOrNode_decidesAsUncached(long seed) {
    Generators.Scenario scenario = Generators.scenario(seed, 0.2);
    TargetWorkload target = TargetWorkload.typicalOf(templated(scenario), 0.95);
    assertSameDecisions(
        s -> new StrandAwareFgdStrategy(target, s), seed, CachedNodeScanTest::templated);
    assertSameDecisions(
        s -> new StrandAwareFgdStrategy(SyntheticOpenb.typicalTarget(), s),
        seed,
        CachedNodeScanTest::workloads);
  }

  /**
   * horizon-fgd reads the request's memory, learns memory online and treats empty nodes apart: all
   * of it must be part of what a cached score is shared by.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void horizonFgd_cachedByStateOrNode_decidesAsUncached(long seed) {
    Generators.Scenario scenario = Generators.scenario(seed, 0.2);
    TargetWorkload target = TargetWorkload.typicalOf(templated(scenario), 0.95);
    assertSameDecisions(
        s ->
            new HorizonFgdStrategy(
                target, HorizonFgdStrategy.DEFAULT_HORIZON, true, false, true, s),
        seed,
        CachedNodeScanTest::templated);
    assertSameDecisions(
        s ->
            new HorizonFgdStrategy(
                SyntheticOpenb.typicalTarget(),
                HorizonFgdStrategy.DEFAULT_HORIZON,
                true,
                false,
                true,
                s),
        seed,
        CachedNodeScanTest::workloads);
  }

  @Test
  void scanByState_onIdenticalEmptyNodes_keepsOneClassAndPicksTheFirstNode() {
    List<GpuNode> nodes =
        IntStream.range(0, 1000)
            .mapToObj(i -> GpuNode.of("n" + i, 64_000, 262_144, 8, "A100"))
            .toList();
    ClusterState state = ClusterState.of(nodes);
    CachedNodeScan scan = new CachedNodeScan(Sharing.STATE, false);
    int[] scored = {0};
    Workload w = Workload.builder("w").cpuMilli(1000).memoryMib(1024).gpuShare(300).build();

    int node =
        scan.choose(
            state,
            state.demand(w),
            (n, gpu) -> {
              scored[0]++;
              gpu[0] = 0;
              return 1;
            });

    assertThat(node).isZero();
    assertThat(scan.stateClasses()).isEqualTo(1);
    assertThat(scored[0]).as("one score, and one more for the GPU of the node chosen").isEqualTo(2);
  }
}
