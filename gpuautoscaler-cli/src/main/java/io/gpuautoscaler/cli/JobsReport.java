package io.gpuautoscaler.cli;

import io.gpuautoscaler.core.autoscale.AutoscaleResult;
import io.gpuautoscaler.core.autoscale.Baselines;
import io.gpuautoscaler.core.scaling.ClusterAutoscalerPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code simulate --jobs} reports, whatever the format: the trace, the assumptions, the node
 * groups and one result per scenario (the baselines first).
 *
 * @param version the CLI's version
 * @param traceFile the job trace as given
 * @param traceFormat {@code pollux} or {@code rfold}
 * @param jobs jobs replayed
 * @param firstSubmit the first submission
 * @param lastSubmit the last submission
 * @param peakConcurrentGpus the GPUs held at once if every job ran on submission
 * @param traceNotes what the reader noticed about the trace
 * @param checkpointEvery the assumed checkpoint interval of every job; empty for none
 * @param seed the seed of the spot interruptions
 * @param nodeGroupsOrigin where the node groups come from
 * @param pricesOrigin where prices come from
 * @param groups the node groups
 * @param assumptionNotes the assumptions behind the numbers, one sentence each
 * @param sampleStep the step of every result's timeline
 * @param scenarios the results, static-peak and cluster-autoscaler first
 */
record JobsReport(
    String version,
    String traceFile,
    String traceFormat,
    int jobs,
    Instant firstSubmit,
    Instant lastSubmit,
    long peakConcurrentGpus,
    List<String> traceNotes,
    Optional<Duration> checkpointEvery,
    long seed,
    String nodeGroupsOrigin,
    String pricesOrigin,
    List<NodeGroupsFile.Spec> groups,
    List<String> assumptionNotes,
    Duration sampleStep,
    List<Scenario> scenarios) {

  JobsReport {
    traceNotes = List.copyOf(traceNotes);
    groups = List.copyOf(groups);
    assumptionNotes = List.copyOf(assumptionNotes);
    scenarios = List.copyOf(scenarios);
  }

  /**
   * One scenario's result.
   *
   * @param policy the scaling policy's name (the baselines' names for them)
   * @param groupIds the node groups the scenario ran on
   * @param result what it cost and delivered
   */
  record Scenario(String policy, List<String> groupIds, AutoscaleResult result) {
    Scenario {
      groupIds = List.copyOf(groupIds);
    }
  }

  /** {@code --checkpoint-every} as given back: {@code 30m} or {@code none}. */
  String checkpointLabel() {
    return checkpointEvery.map(DurationSpec::format).orElse("none");
  }

  /** The static-peak result. */
  AutoscaleResult staticPeak() {
    return find(Baselines.STATIC_PEAK);
  }

  /** The cluster-autoscaler result. */
  AutoscaleResult clusterAutoscaler() {
    return find(ClusterAutoscalerPolicy.NAME);
  }

  private AutoscaleResult find(String name) {
    for (Scenario s : scenarios) {
      if (s.policy().equals(name)) {
        return s.result();
      }
    }
    throw new IllegalStateException("no " + name + " result");
  }

  /** The cost change against {@code base} in percent; negative is cheaper. 0 when base is 0. */
  static double versus(double cost, double base) {
    return base == 0 ? 0 : (cost - base) / base * 100;
  }

  /** GPU-hours lost as a percentage of busy GPU-hours. */
  static double lostPct(AutoscaleResult r) {
    return r.gpuHoursBusy() == 0 ? 0 : r.gpuHoursLost() / r.gpuHoursBusy() * 100;
  }

  /** A span in days with one decimal, e.g. {@code 79.2 days}. */
  static String days(Duration d) {
    return String.format(Locale.ROOT, "%.1f days", d.toMillis() / 86_400_000.0);
  }
}
