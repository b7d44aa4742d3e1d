package io.gpuautoscaler.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.trace.SyntheticOpenb;
import io.gpuautoscaler.core.trace.Trace;
import io.gpuautoscaler.core.trace.TracePod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorTest {
  private static final ProviderRegistry<PackingStrategy.Provider> STRATEGIES =
      ProviderRegistry.load(PackingStrategy.Provider.class);

  /** Every 20th node of the synthetic trace (61 nodes of mixed shapes) and 300 of its pods. */
  private static final Trace SMALL =
      new Trace(
          "small",
          IntStream.range(0, 1213)
              .filter(i -> i % 20 == 0)
              .mapToObj(SyntheticOpenb.nodes()::get)
              .toList(),
          SyntheticOpenb.pods(5, 300));

  private static Simulator simulator(Trace trace) {
    return new Simulator(trace, STRATEGIES, ReplayOptions.PAPER);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"random", "fgd", "best-fit"})
  void replay_withTheSameSeed_givesTheSameCurves(String policy) {
    RunResult first = simulator(SMALL).replay(policy, 42, milli -> {});
    RunResult second = simulator(SMALL).replay(policy, 42, milli -> {});

    assertThat(second.unallocatedPct()).containsExactly(first.unallocatedPct());
    assertThat(second.fragmentationPct()).containsExactly(first.fragmentationPct());
    assertThat(second.eventsAtPoint()).containsExactly(first.eventsAtPoint());
    assertThat(List.of(second.pods(), second.placed(), second.failed()))
        .isEqualTo(List.of(first.pods(), first.placed(), first.failed()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"random", "fgd", "first-fit"})
  void replay_withAnotherSeed_givesOtherCurves(String policy) {
    RunResult first = simulator(SMALL).replay(policy, 42, milli -> {});
    RunResult other = simulator(SMALL).replay(policy, 43, milli -> {});

    assertThat(other.unallocatedPct()).isNotEqualTo(first.unallocatedPct());
  }

  @Test
  void replay_ofTheSyntheticTrace_inflatesTo130PercentIn131Points() {
    Trace trace = SyntheticOpenb.trace(1);
    Simulator simulator = simulator(trace);
    AtomicLong progress = new AtomicLong();

    RunResult run = simulator.replay("best-fit", 42, progress::addAndGet);

    assertThat(run.unallocatedPct()).hasSize(131);
    assertThat(run.fragmentationPct()).hasSize(131);
    assertThat(run.eventsAtPoint()).hasSize(131);
    assertThat(run.eventsAtPoint()[130]).as("events that arrive at 130 %").isPositive();
    assertThat(run.pods()).isGreaterThan(trace.pods().size());
    assertThat(progress.get())
        .isLessThanOrEqualTo(simulator.arrivedMilliPerRun())
        .isGreaterThan(simulator.arrivedMilliPerRun() - Workload.WHOLE_GPU_MILLI * 8);
    assertThat(run.failed()).isPositive().isEqualTo(run.pods() - run.placed());
    assertThat(run.unallocatedAt(0)).isCloseTo(100, within(1.0));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "random",
        "dot-product",
        "gpu-clustering",
        "gpu-packing",
        "best-fit",
        "fgd",
        "first-fit",
        "horizon-fgd",
        "strand-aware-fgd",
        "worst-fit"
      })
  void replay_neverReportsLessUnallocatedThanTheArrivedDemandAllows(String policy) {
    RunResult run = simulator(SMALL).replay(policy, 7, milli -> {});

    for (int x = 0; x <= 130; x++) {
      // Allocated <= arrived, and arrived rounds to x (or x +- 1 when no event rounds to x).
      assertThat(run.unallocatedAt(x))
          .as("%s unallocated at %d %%", policy, x)
          .isGreaterThanOrEqualTo(Math.max(0, 100 - x - 1.5))
          .isLessThanOrEqualTo(100);
      assertThat(run.fragmentationAt(x))
          .as("%s fragmentation at %d %%", policy, x)
          .isBetween(0.0, run.unallocatedAt(x) + 1e-9);
    }
  }

  @Test
  void run_aggregatesEveryRunPerPoint() {
    SimulationReport report =
        simulator(SMALL).run(List.of("random", "fgd"), List.of(1L, 2L, 3L), 2, milli -> {});

    assertThat(report.results()).extracting(PolicyResult::policy).containsExactly("random", "fgd");
    assertThat(report.nodes()).isEqualTo(61);
    assertThat(report.gpus()).isEqualTo(SMALL.nodes().stream().mapToInt(GpuNode::gpuCount).sum());
    assertThat(report.pods()).isEqualTo(300);
    assertThat(report.options()).isEqualTo(ReplayOptions.PAPER);
    for (PolicyResult result : report.results()) {
      assertThat(result.seeds()).containsExactly(1L, 2L, 3L);
      assertThat(result.runs()).extracting(RunResult::seed).containsExactly(1L, 2L, 3L);
      assertThat(result.points()).hasSize(131);
      for (int x = 0; x <= 130; x += 10) {
        int at = x;
        double[] values = result.runs().stream().mapToDouble(r -> r.unallocatedAt(at)).toArray();
        assertThat(result.at(x).arrivedPct()).isEqualTo(x);
        assertThat(result.at(x).unallocatedPct()).isEqualTo(Stat.of(values));
      }
    }
  }

  @Test
  void run_givesTheSameCurvesAsReplayingEachRunAlone() {
    SimulationReport report =
        simulator(SMALL).run(List.of("gpu-packing"), List.of(11L, 12L), 2, milli -> {});

    RunResult alone = simulator(SMALL).replay("gpu-packing", 12, milli -> {});

    assertThat(report.results().get(0).runs().get(1).unallocatedPct())
        .containsExactly(alone.unallocatedPct());
  }

  @Test
  void run_withAnUnknownPolicy_failsWithTheKnownNamesBeforeRunning() {
    AtomicLong progress = new AtomicLong();

    assertThatThrownBy(
            () ->
                simulator(SMALL).run(List.of("fgd", "tetris"), List.of(1L), 1, progress::addAndGet))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Unknown packing strategy 'tetris'; known: best-fit, dot-product, fgd, first-fit,"
                + " gpu-clustering, gpu-packing, horizon-fgd, random, strand-aware-fgd,"
                + " worst-fit");
    assertThat(progress.get()).as("progress reported").isZero();
  }

  @Test
  void run_rejectsNoPoliciesNoSeedsOrNoThreads() {
    Simulator simulator = simulator(SMALL);

    assertThatThrownBy(() -> simulator.run(List.of(), List.of(1L), 1, m -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need at least one policy and one seed");
    assertThatThrownBy(() -> simulator.run(List.of("fgd"), List.of(), 1, m -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> simulator.run(List.of("fgd"), List.of(1L), 0, m -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be >= 1, was 0");
  }

  @Test
  void constructor_rejectsATraceWithoutGpuPods() {
    Trace cpuOnly =
        new Trace(
            "cpu-only pods",
            SMALL.nodes(),
            List.of(TracePod.of(Workload.builder("p").cpuMilli(1).build())));

    assertThatThrownBy(() -> simulator(cpuOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cpu-only pods: no pod requests a GPU");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"random", "first-fit", "best-fit", "fgd"})
  void bound_isNeverAbovePolicyResultsAndIsThePerSeedMean(String policy) {
    Simulator simulator = simulator(SMALL);

    SimulationReport report = simulator.run(List.of(policy), List.of(3L, 4L), 2, milli -> {});

    double[] seed3 = simulator.boundUnallocatedPct(3);
    double[] seed4 = simulator.boundUnallocatedPct(4);
    for (int x = 0; x <= 130; x++) {
      double bound = report.bound().get(x).unallocatedPct().mean();
      assertThat(bound).as("x=%d", x).isCloseTo((seed3[x] + seed4[x]) / 2, within(1e-9));
      for (RunResult run : report.results().get(0).runs()) {
        double own = run.seed() == 3 ? seed3[x] : seed4[x];
        assertThat(own)
            .as("%s seed %d at x=%d", policy, run.seed(), x)
            .isLessThanOrEqualTo(run.unallocatedAt(x) + 1e-9)
            .isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void constructor_rejectsTwoPodsWithOneName() {
    Workload pod = Workload.builder("p").cpuMilli(1).wholeGpus(1).build();
    Trace twice = new Trace("twice", SMALL.nodes(), List.of(TracePod.of(pod), TracePod.of(pod)));

    assertThatThrownBy(() -> simulator(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("twice: two pods are named p");
  }

  @Test
  void replay_namesClonesApartFromPodsThatLookLikeClones() {
    List<TracePod> pods = new java.util.ArrayList<>();
    pods.add(TracePod.of(Workload.builder("p").cpuMilli(1).gpuShare(500).build()));
    pods.add(TracePod.of(Workload.builder("p-clone-0").cpuMilli(1).gpuShare(500).build()));
    Trace trace = new Trace("lookalike", List.of(GpuNode.of("n", 64000, 65536, 8, "T4")), pods);

    RunResult run = simulator(trace).replay("first-fit", 1, milli -> {});

    // 8 GPUs at 130 % = 10,400 milli of 500-milli pods: the two originals and 18 clones, no clash.
    assertThat(run.pods()).isEqualTo(20);
    assertThat(run.placed()).isEqualTo(16);
  }

  @Test
  void constructor_rejectsAClusterWithoutGpus() {
    Trace noGpus =
        new Trace(
            "no GPUs", List.of(GpuNode.cpuOnly("c", 64000, 65536)), SyntheticOpenb.pods(1, 10));

    assertThatThrownBy(() -> simulator(noGpus))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no GPUs: the cluster has no GPUs");
  }

  @Test
  void target_isTheTracesTypicalShapes() {
    Simulator simulator = simulator(SMALL);

    assertThat(simulator.target()).isEqualTo(TargetWorkload.typicalOf(SMALL.workloads(), 0.95));
    assertThat(simulator.capacityMilli())
        .isEqualTo(SMALL.nodes().stream().mapToLong(GpuNode::gpuMilliCapacity).sum());
  }

  @Test
  void replay_onlyClonesPodsOfTheTrace() {
    List<TracePod> pods = new ArrayList<>();
    pods.add(TracePod.of(Workload.builder("whole").cpuMilli(1000).wholeGpus(1).build()));
    pods.add(TracePod.of(Workload.builder("cpu").cpuMilli(1000).build()));
    Trace tiny = new Trace("tiny", List.of(GpuNode.of("n", 64000, 65536, 4, "T4")), pods);

    RunResult run = simulator(tiny).replay("first-fit", 3, m -> {});

    // 4 GPUs, inflated to 5.2: 5 whole-GPU pods arrive, of which 4 fit.
    assertThat(run.failed()).isEqualTo(1);
    assertThat(run.unallocatedAt(100)).isZero();
    assertThat(run.eventsAtPoint()[125]).isPositive();
  }

  @Test
  void replay_belowTheTracesDemand_dropsRandomPodsUntilItFits() {
    // The small trace asks more than half its cluster's GPU; a 50 % target drops pods.
    Simulator simulator = new Simulator(SMALL, STRATEGIES, new ReplayOptions(0.5, 130, 0.95));
    AtomicLong arrived = new AtomicLong();

    RunResult run = simulator.replay("first-fit", 1, arrived::addAndGet);

    assertThat(run.pods()).isLessThan(SMALL.pods().size());
    assertThat(arrived.get()).isLessThanOrEqualTo(simulator.capacityMilli() / 2);
    // 51 borrows the events at 50 (x +- 1); from 52 on only the nearest event is left.
    assertThat(run.eventsAtPoint()[52]).isZero();
    assertThat(run.eventsAtPoint()[49] + run.eventsAtPoint()[50]).isPositive();
  }
}
