package io.gpuautoscaler.core.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.core.scaling.DefaultNodeGroups;
import io.gpuautoscaler.core.trace.Job;
import io.gpuautoscaler.core.trace.PhillyTraceReader;
import io.gpuautoscaler.testing.PhillyFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Six hours of real Philly submissions (2017-10-02 00:00 to 06:00, every job run to its end)
 * through the baselines and pending-gpu: every job finishes, work is conserved, and the run is
 * reproducible. Short on purpose: the full trace is the demo's job ({@link PhillyAutoscaleDemo}).
 */
class PhillyReplayTest {
  private static final Instant FROM = Instant.parse("2017-10-02T00:00:00Z");
  private static final Instant TO = Instant.parse("2017-10-02T06:00:00Z");
  private static final Duration DELAY =
      Duration.ofSeconds(DefaultNodeGroups.PROVISIONING_DELAY_SECONDS);
  private static final double RATE = DefaultNodeGroups.SPOT_INTERRUPTIONS_PER_HOUR;

  private static List<Job> sixHours(boolean checkpoints) {
    return PhillyTraceReader.read(PhillyFixtures.require(PhillyFixtures.POLLUX_FILE))
        .jobs()
        .stream()
        .filter(j -> !j.submitTime().isBefore(FROM) && j.submitTime().isBefore(TO))
        .map(j -> checkpoints ? j.withCheckpointInterval(Duration.ofMinutes(30)) : j)
        .toList();
  }

  @Test
  void sixHoursOfPhilly_finishesEveryJobUnderEachScenarioAndConservesWork() {
    List<Job> jobs = sixHours(false);
    double work = jobs.stream().mapToDouble(Job::gpuSeconds).sum() / 3600;

    for (AutoscaleScenario s :
        List.of(
            Baselines.staticPeak(jobs, 1),
            Baselines.clusterAutoscaler(DELAY, RATE, 1),
            Baselines.pendingGpu(DELAY, RATE, 1))) {
      AutoscaleResult r = AutoscaleSimulator.run(s, jobs);

      assertThat(r.jobsFinished()).as(s.name()).isEqualTo(jobs.size());
      assertThat(r.gpuHoursBusy()).as(s.name()).isCloseTo(work + r.gpuHoursLost(), within(1e-3));
      assertThat(r.utilizationPct()).as(s.name()).isBetween(0.0, 100.0);
      assertThat(r.gpuHoursLost()).as(s.name()).isZero();
    }
  }

  @Test
  void sixHoursOfPhillyWithCheckpoints_isReproducibleBySeedAndUsesSpot() {
    List<Job> jobs = sixHours(true);

    AutoscaleResult first = AutoscaleSimulator.run(Baselines.pendingGpu(DELAY, RATE, 5), jobs);
    AutoscaleResult again = AutoscaleSimulator.run(Baselines.pendingGpu(DELAY, RATE, 5), jobs);

    assertThat(again).isEqualTo(first);
    assertThat(first.costUsdByGroup().get("a2-highgpu-8g-spot")).isPositive();
    assertThat(first.jobsFinished()).isEqualTo(jobs.size());
  }
}
