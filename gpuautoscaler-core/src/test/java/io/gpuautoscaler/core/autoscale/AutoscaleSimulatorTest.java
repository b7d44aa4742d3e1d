package io.gpuautoscaler.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.DisruptionBudget;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingLimits;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.core.packing.BestFitStrategy;
import io.gpuautoscaler.core.scaling.Cloud;
import io.gpuautoscaler.core.scaling.ClusterAutoscalerPolicy;
import io.gpuautoscaler.core.scaling.DefaultScalingPolicy;
import io.gpuautoscaler.core.scaling.GpuUtilizationPolicy;
import io.gpuautoscaler.core.scaling.PendingGpuPolicy;
import io.gpuautoscaler.core.scaling.SimulatedGroup;
import io.gpuautoscaler.core.scaling.StaticPolicy;
import io.gpuautoscaler.core.scaling.TieredPolicy;
import io.gpuautoscaler.core.trace.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutoscaleSimulatorTest {
  private static final Instant T0 = Instant.parse("2017-10-02T00:00:00Z");
  private static final Duration DELAY = Duration.ofMinutes(5);

  private static NodeGroup group(
      String id, CapacityType type, int gpus, int min, int max, int target) {
    return new NodeGroup(
        id, "t" + gpus, "A100", gpus, 96_000, 680_000, type, "z", min, max, target, gpus * 4.0);
  }

  private static SimulatedGroup od(int min, int max, int target) {
    return SimulatedGroup.of(
        group("od", CapacityType.ON_DEMAND, 8, min, max, target), Cloud.GCP, DELAY);
  }

  private static SimulatedGroup spot(double perHour) {
    return SimulatedGroup.of(group("spot", CapacityType.SPOT, 8, 0, 50, 0), Cloud.AWS, DELAY)
        .withInterruptionsPerHour(perHour);
  }

  private static Job job(String id, long submitMinutes, long durationMinutes, int gpus) {
    return new Job(
        id,
        T0.plus(Duration.ofMinutes(submitMinutes)),
        Duration.ofMinutes(durationMinutes),
        gpus,
        Optional.of("team"),
        Optional.empty());
  }

  @Test
  void staticCluster_runsJobsAtOnceAndBillsEveryNodeForTheWholeSpan() {
    var jobs = List.of(job("a", 0, 60, 8), job("b", 30, 90, 4));
    var scenario = AutoscaleScenario.of("static", List.of(od(2, 2, 2)), new StaticPolicy(), 1);

    var r = AutoscaleSimulator.run(scenario, jobs);

    assertThat(r.jobsFinished()).isEqualTo(2);
    assertThat(r.span()).isEqualTo(Duration.ofMinutes(120));
    assertThat(r.costUsd()).isCloseTo(2 * 32.0 * 2, within(1e-6));
    assertThat(r.gpuHoursProvisioned()).isCloseTo(2 * 8 * 2, within(1e-6));
    assertThat(r.gpuHoursBusy()).isCloseTo(8 + 4 * 1.5, within(1e-6));
    assertThat(r.pendingSeconds()).isEqualTo(new Percentiles(0, 0, 0));
  }

  @Test
  void timeline_samplesProvisionedAndBusyGpusAndTheCostSoFar() {
    var jobs = List.of(job("a", 0, 60, 8), job("b", 30, 90, 4));
    var scenario = AutoscaleScenario.of("static", List.of(od(2, 2, 2)), new StaticPolicy(), 1);
    List<Integer> progress = new ArrayList<>();

    var r =
        AutoscaleSimulator.run(
            scenario, jobs, Duration.ofMinutes(45), (done, all, at) -> progress.add(done));

    // Samples at 0, 45, 90 min and at the end (120 min).
    assertThat(r.timeline())
        .extracting(s -> Duration.between(r.start(), s.at()).toMinutes())
        .containsExactly(0L, 45L, 90L, 120L);
    var at45 = r.timeline().get(1);
    assertThat(at45.gpusProvisioned()).containsExactly(entry(CapacityType.ON_DEMAND, 16));
    assertThat(at45.gpusBusy()).containsExactly(entry(CapacityType.ON_DEMAND, 12));
    assertThat(at45.jobsRunning()).isEqualTo(2);
    assertThat(at45.costUsd()).isCloseTo(2 * 32.0 * 0.75, within(1e-6));
    var at90 = r.timeline().get(2);
    assertThat(at90.gpusBusy()).containsExactly(entry(CapacityType.ON_DEMAND, 4));
    assertThat(r.timeline().get(3).gpusBusy()).isEmpty();
    assertThat(r.timeline().get(3).costUsd()).isCloseTo(r.costUsd(), within(1e-6));
    assertThat(progress).last().isEqualTo(2);
  }

  @Test
  void aSampleStepThatIsNotPositive_isRefused() {
    var scenario = AutoscaleScenario.of("static", List.of(od(2, 2, 2)), new StaticPolicy(), 1);
    assertThatThrownBy(
            () ->
                AutoscaleSimulator.run(
                    scenario,
                    List.of(job("a", 0, 60, 8)),
                    Duration.ZERO,
                    AutoscaleSimulator.Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sampleEvery");
  }

  @Test
  void fifoWithBackfill_startsASmallLaterJobWhileAWideOneWaits() {
    var jobs = List.of(job("hold", 0, 60, 4), job("wide", 1, 10, 8), job("small", 2, 10, 4));
    var scenario = AutoscaleScenario.of("static", List.of(od(1, 1, 1)), new StaticPolicy(), 1);

    var r = AutoscaleSimulator.run(scenario, jobs);

    // wide waits 59 min for hold; small starts at once beside hold.
    assertThat(r.pendingSeconds().p99()).isEqualTo(59 * 60.0);
    assertThat(r.pendingSeconds().p50()).isEqualTo(0.0);
  }

  @Test
  void autoscaledFromZero_jobsWaitTheProvisioningDelayAndEmptyNodesGoAfterTheCoolDown() {
    var jobs = List.of(job("a", 0, 60, 8));
    var scenario =
        AutoscaleScenario.of("ca", List.of(od(0, 4, 0)), new ClusterAutoscalerPolicy(), 1);

    var r = AutoscaleSimulator.run(scenario, jobs);

    assertThat(r.pendingSeconds().p50()).isEqualTo(300.0);
    assertThat(r.scaleUps()).isEqualTo(1);
    // Billed from launch to the job's end: 5 min provisioning + 60 min running.
    assertThat(r.gpuHoursProvisioned()).isCloseTo(8 * 65 / 60.0, within(1e-6));
    assertThat(r.sampleReasons()).singleElement().asString().contains("least-waste");
  }

  @Test
  void spotInterruptions_requeueCheckpointingJobsAndLoseOnlyWorkSinceTheLastCheckpoint() {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      jobs.add(job("j" + i, i, 600, 8).withCheckpointInterval(Duration.ofMinutes(15)));
    }
    var scenario = AutoscaleScenario.of("pg", List.of(spot(0.5)), new PendingGpuPolicy(), 7);

    var r = AutoscaleSimulator.run(scenario, jobs);

    assertThat(r.jobsFinished()).isEqualTo(20);
    assertThat(r.interruptionNotices()).isPositive();
    assertThat(r.jobsInterrupted()).isPositive();
    // At most one checkpoint interval of 8 GPUs per interruption.
    assertThat(r.gpuHoursLost()).isLessThanOrEqualTo(r.interruptionNotices() * 8 * 0.25 + 1e-9);
    assertThat(r.gpuHoursBusy()).isCloseTo(20 * 8 * 10 + r.gpuHoursLost(), within(1e-6));
    // No scale-down moved anything here: all of it was lost to reclaims.
    assertThat(r.gpuHoursLostToInterruptions()).isEqualTo(r.gpuHoursLost());
  }

  private static List<Job> checkpointingEveryMinute(int count) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      jobs.add(job("j" + i, i, 600, 8).withCheckpointInterval(Duration.ofMinutes(1)));
    }
    return jobs;
  }

  @Test
  void awsNotice_jobsCheckpointingEveryMinuteRunToACheckpointAndLoseNothing() {
    // AWS gives 2 min: jobs may run 90 s more (DRAIN_GRACE 30 s), so each reaches a checkpoint.
    List<Job> jobs = checkpointingEveryMinute(20);
    var scenario = AutoscaleScenario.of("pg", List.of(spot(0.5)), new PendingGpuPolicy(), 7);

    var r = AutoscaleSimulator.run(scenario, jobs);

    assertThat(r.jobsFinished()).isEqualTo(20);
    assertThat(r.interruptionNotices()).isPositive();
    assertThat(r.jobsInterrupted()).isPositive();
    assertThat(r.gpuHoursLost()).isZero();
    assertThat(r.gpuHoursBusy()).isCloseTo(20 * 8 * 10, within(1e-6));
  }

  @Test
  void gcpNotice_leavesNoTimeToDrain_soJobsLoseTheWorkSinceTheirLastCheckpoint() {
    // GCP's 30 s notice is all grace: jobs are evicted at the notice, as before the drain.
    List<Job> jobs = checkpointingEveryMinute(20);
    var gcpSpot =
        SimulatedGroup.of(group("spot", CapacityType.SPOT, 8, 0, 50, 0), Cloud.GCP, DELAY)
            .withInterruptionsPerHour(0.5);
    var scenario = AutoscaleScenario.of("pg", List.of(gcpSpot), new PendingGpuPolicy(), 7);

    var r = AutoscaleSimulator.run(scenario, jobs);

    assertThat(r.jobsFinished()).isEqualTo(20);
    assertThat(r.jobsInterrupted()).isPositive();
    assertThat(r.gpuHoursLost()).isPositive();
    // At most one checkpoint interval (1 min) of 8 GPUs per notice.
    assertThat(r.gpuHoursLost()).isLessThanOrEqualTo(r.interruptionNotices() * 8 / 60.0 + 1e-9);
    assertThat(r.gpuHoursBusy()).isCloseTo(20 * 8 * 10 + r.gpuHoursLost(), within(1e-6));
  }

  /** Removes a ready node whenever a node is being drained under a notice, budget or not. */
  private static final class RemovesDuringDrains implements ScalingPolicy {
    private final ScalingPolicy inner = new PendingGpuPolicy();
    final List<Integer> allowedWhileDraining = new ArrayList<>();
    final boolean tryRemoving;

    RemovesDuringDrains(boolean tryRemoving) {
      this.tryRemoving = tryRemoving;
    }

    @Override
    public ScalingDecision decide(ScalingSnapshot s) {
      boolean draining = s.nodes().stream().anyMatch(n -> n.state() == NodeState.CORDONED);
      if (draining) {
        allowedWhileDraining.add(s.allowedDisruptions());
        var ready = s.nodes().stream().filter(n -> n.state() == NodeState.READY).findFirst();
        if (tryRemoving && ready.isPresent()) {
          return new ScalingDecision.RemoveNodes(
              ready.get().groupId(), List.of(ready.get().nodeId()), "during a drain");
        }
      }
      ScalingDecision d = inner.decide(s);
      assertThat(d.reason()).as("a decision explains itself").isNotBlank();
      return d;
    }
  }

  private static AutoscaleScenario oneDisruptionAtATime(ScalingPolicy policy) {
    var limits =
        new ScalingLimits(
            OptionalInt.empty(),
            OptionalInt.empty(),
            new DisruptionBudget(1, 1, Duration.ofMinutes(10)));
    return new AutoscaleScenario(
        "budget",
        List.of(spot(0.5)),
        policy,
        new BestFitStrategy(),
        limits,
        AutoscaleScenario.DEFAULT_SCAN_INTERVAL,
        7);
  }

  @Test
  void aDrainUnderANotice_fillsTheDisruptionBudget() {
    var policy = new RemovesDuringDrains(false);

    var r = AutoscaleSimulator.run(oneDisruptionAtATime(policy), checkpointingEveryMinute(20));

    assertThat(r.interruptionNotices()).isPositive();
    assertThat(policy.allowedWhileDraining).isNotEmpty().containsOnly(0);
  }

  @Test
  void aVoluntaryRemovalWhileADrainFillsTheBudget_isRefused() {
    var policy = new RemovesDuringDrains(true);

    assertThatThrownBy(
            () ->
                AutoscaleSimulator.run(oneDisruptionAtATime(policy), checkpointingEveryMinute(20)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("with 0 disruptions allowed: during a drain");
  }

  @Test
  void jobsThatDoNotCheckpoint_neverRunOnSpot() {
    var jobs = List.of(job("a", 0, 60, 8), job("b", 0, 60, 8));
    var scenario =
        AutoscaleScenario.of("pg", List.of(od(0, 4, 0), spot(1.0)), new PendingGpuPolicy(), 1);

    var r = AutoscaleSimulator.run(scenario, jobs);

    assertThat(r.costUsdByGroup().get("spot")).isZero();
    assertThat(r.jobsInterrupted()).isZero();
  }

  @Test
  void aPolicyThatAsksBeyondTheMaximum_isStopped() {
    ScalingPolicy greedy =
        s ->
            s.pending().isEmpty()
                ? ScalingDecision.Hold.because("idle")
                : new ScalingDecision.ScaleUp("od", 5, "more");
    var scenario = AutoscaleScenario.of("greedy", List.of(od(0, 4, 0)), greedy, 1);

    assertThatThrownBy(() -> AutoscaleSimulator.run(scenario, List.of(job("a", 0, 1, 8))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "policy of scenario greedy asked for 5 nodes in group od, beyond the 4");
  }

  @Test
  void jobsThatFitNoNode_endTheRunAsUnfinishedInsteadOfHanging() {
    var jobs = List.of(job("a", 0, 10, 8), job("huge", 0, 10, 64));
    var scenario = AutoscaleScenario.of("static", List.of(od(2, 2, 2)), new StaticPolicy(), 1);

    var r = AutoscaleSimulator.run(scenario, jobs);

    assertThat(r.jobsFinished()).isEqualTo(1);
    assertThat(r.jobsNeverFinished()).isEqualTo(1);
  }

  @Test
  void gangs_startAllTheirNodesTogether() {
    var jobs = List.of(job("g", 0, 60, 16));
    var scenario = AutoscaleScenario.of("pg", List.of(od(0, 4, 0)), new PendingGpuPolicy(), 1);

    var r = AutoscaleSimulator.run(scenario, jobs);

    assertThat(r.jobsFinished()).isEqualTo(1);
    assertThat(r.nodesAdded()).isEqualTo(2);
    assertThat(r.gpuHoursBusy()).isCloseTo(16.0, within(1e-6));
  }

  /** Checks every snapshot the wrapped policy sees: groups within bounds, nodes as targeted. */
  private static final class Checked implements ScalingPolicy {
    private final ScalingPolicy inner;
    int snapshots;

    Checked(ScalingPolicy inner) {
      this.inner = inner;
    }

    @Override
    public ScalingDecision decide(ScalingSnapshot s) {
      snapshots++;
      for (NodeGroup g : s.groups()) {
        assertThat(g.targetSize()).as(g.toString()).isBetween(g.minSize(), g.maxSize());
        long alive =
            s.nodesOf(g.id()).stream().filter(n -> n.state() != NodeState.TERMINATING).count();
        assertThat(alive).as(g.toString()).isEqualTo(g.targetSize());
      }
      for (NodeStatus n : s.nodes()) {
        if (n.state() == NodeState.READY) {
          assertThat(s.cluster().indexOf(n.nodeId())).isPresent();
        }
      }
      ScalingDecision d = inner.decide(s);
      assertThat(d.reason()).as("a decision explains itself").isNotBlank();
      return d;
    }
  }

  private static List<Job> randomJobs(SplittableRandom random, int count) {
    List<Job> jobs = new ArrayList<>();
    long minute = 0;
    int[] widths = {1, 1, 1, 1, 2, 4, 8, 16};
    for (int i = 0; i < count; i++) {
      minute += random.nextInt(0, 20);
      Job j = job("j" + i, minute, random.nextInt(0, 600), widths[random.nextInt(widths.length)]);
      jobs.add(
          random.nextBoolean()
              ? j.withCheckpointInterval(Duration.ofMinutes(random.nextInt(5, 60)))
              : j);
    }
    return jobs;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void randomTraces_finishEveryJobWithinBoundsAndConserveWork(long seed) {
    var random = new SplittableRandom(seed);
    List<Job> jobs = randomJobs(random, 150);
    double work = jobs.stream().mapToDouble(Job::gpuSeconds).sum() / 3600;
    var small =
        SimulatedGroup.of(group("small", CapacityType.ON_DEMAND, 1, 0, 20, 0), Cloud.GCP, DELAY);
    // Every built-in policy that serves pending work (predictive alone only pre-warms).
    List<Supplier<ScalingPolicy>> policies =
        List.of(
            PendingGpuPolicy::new,
            ClusterAutoscalerPolicy::new,
            TieredPolicy::new,
            GpuUtilizationPolicy::new,
            DefaultScalingPolicy::new);
    for (Supplier<ScalingPolicy> make : policies) {
      ScalingPolicy policy = make.get();
      var checked = new Checked(policy);
      var scenario =
          AutoscaleScenario.of(
              "seed-" + seed, List.of(od(0, 6, 0), spot(0.3), small), checked, seed);

      var r = AutoscaleSimulator.run(scenario, jobs);

      String context = "seed " + seed + " " + policy.getClass().getSimpleName();
      assertThat(r.jobsFinished()).as(context).isEqualTo(jobs.size());
      assertThat(r.gpuHoursBusy()).as(context).isCloseTo(work + r.gpuHoursLost(), within(1e-6));
      assertThat(r.gpuHoursProvisioned()).as(context).isGreaterThanOrEqualTo(r.gpuHoursBusy());
      assertThat(r.gpuHoursLostToInterruptions())
          .as(context)
          .isBetween(0.0, r.gpuHoursLost() + 1e-9);
      assertThat(checked.snapshots).as(context).isPositive();
      double costSoFar = 0;
      for (var sample : r.timeline()) {
        for (var busy : sample.gpusBusy().entrySet()) {
          assertThat(busy.getValue())
              .as(context + " busy " + busy.getKey() + " at " + sample.at())
              .isLessThanOrEqualTo(sample.gpusProvisioned().getOrDefault(busy.getKey(), 0));
        }
        assertThat(sample.costUsd()).as(context + " cost so far").isGreaterThanOrEqualTo(costSoFar);
        costSoFar = sample.costUsd();
      }
      assertThat(r.timeline().get(r.timeline().size() - 1).costUsd())
          .as(context)
          .isCloseTo(r.costUsd(), within(1e-6));
      assertThat(
              AutoscaleSimulator.run(
                      AutoscaleScenario.of(
                          "again", List.of(od(0, 6, 0), spot(0.3), small), make.get(), seed),
                      jobs)
                  .costUsd())
          .as(context + " reproducible")
          .isEqualTo(r.costUsd());
    }
  }

  @Test
  void peakConcurrentGpus_treatsJobIntervalsAsHalfOpen() {
    var jobs = List.of(job("a", 0, 10, 4), job("b", 10, 10, 4), job("c", 5, 10, 2));

    assertThat(Baselines.peakConcurrentGpus(jobs)).isEqualTo(6);
  }
}
