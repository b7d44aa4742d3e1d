package io.gpuautoscaler.core.autoscale;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link AutoscaleScenario} cost and delivered on a job trace.
 *
 * @param name the scenario's name
 * @param jobs jobs in the trace
 * @param jobsFinished jobs that ran to completion
 * @param jobsNeverFinished jobs still queued when nothing could change any more (they fit on no
 *     node the groups can ever have); 0 in a healthy run
 * @param start the first submission, where billing starts
 * @param end when the last job finished, where billing ends
 * @param costUsd every node's price times the hours from its launch to its termination (or {@code
 *     end}), provisioning time included
 * @param costUsdByGroup the same per group id, sorted by id
 * @param gpuHoursProvisioned GPUs times billed hours
 * @param gpuHoursBusy GPUs times hours held by jobs, work later lost included
 * @param utilizationPct busy over provisioned GPU-hours, in percent
 * @param pendingSeconds time each job waited for GPUs, summed over its attempts
 * @param jobsInterrupted jobs evicted at least once by a spot interruption
 * @param jobsEvicted jobs evicted at least once by a scale-down
 * @param gpuHoursLost GPU-hours of work lost to evictions: run since the last checkpoint
 * @param gpuHoursLostToInterruptions the part of {@code gpuHoursLost} lost to spot reclaims (the
 *     rest to scale-downs)
 * @param interruptionNotices spot interruption notices received
 * @param insufficientCapacityEvents launches the cloud could not fully serve
 * @param scaleUps scale-up decisions applied
 * @param nodesAdded nodes asked for by scale-ups
 * @param nodesRemoved nodes removed by scale-down decisions
 * @param peakNodes the most nodes alive at once, provisioning included
 * @param decisions policy evaluations
 * @param sampleReasons the reasons of the first few scale-up and removal decisions, in order
 * @param timeline the state of the run at regular instants from {@code start}, in order
 */
@Beta
public record AutoscaleResult(
    String name,
    int jobs,
    int jobsFinished,
    int jobsNeverFinished,
    Instant start,
    Instant end,
    double costUsd,
    Map<String, Double> costUsdByGroup,
    double gpuHoursProvisioned,
    double gpuHoursBusy,
    double utilizationPct,
    Percentiles pendingSeconds,
    int jobsInterrupted,
    int jobsEvicted,
    double gpuHoursLost,
    double gpuHoursLostToInterruptions,
    int interruptionNotices,
    int insufficientCapacityEvents,
    int scaleUps,
    int nodesAdded,
    int nodesRemoved,
    int peakNodes,
    long decisions,
    List<String> sampleReasons,
    List<Sample> timeline) {

  public AutoscaleResult {
    requireNonNull(name, "name");
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    costUsdByGroup = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(costUsdByGroup));
    requireNonNull(pendingSeconds, "pendingSeconds");
    sampleReasons = List.copyOf(sampleReasons);
    timeline = List.copyOf(timeline);
  }

  /**
   * The run at one instant: what was provisioned and busy per capacity type, the queue, and the
   * cost so far.
   *
   * @param at the instant
   * @param gpusProvisioned GPUs of every billed node (provisioning and terminating included) per
   *     capacity type; types without nodes are absent
   * @param gpusBusy GPUs held by jobs per capacity type of their nodes; types without jobs are
   *     absent
   * @param jobsPending jobs waiting for capacity
   * @param jobsRunning jobs running
   * @param costUsd what the run has cost from its start up to {@code at}
   */
  public record Sample(
      Instant at,
      Map<CapacityType, Integer> gpusProvisioned,
      Map<CapacityType, Integer> gpusBusy,
      int jobsPending,
      int jobsRunning,
      double costUsd) {
    public Sample {
      requireNonNull(at, "at");
      gpusProvisioned = immutableCopy(gpusProvisioned, "gpusProvisioned");
      gpusBusy = immutableCopy(gpusBusy, "gpusBusy");
      if (jobsPending < 0 || jobsRunning < 0) {
        throw new IllegalArgumentException(
            "job counts must be >= 0, were " + jobsPending + " and " + jobsRunning);
      }
      if (!(costUsd >= 0)) {
        throw new IllegalArgumentException("costUsd must be >= 0, was " + costUsd);
      }
    }

    private static Map<CapacityType, Integer> immutableCopy(
        Map<CapacityType, Integer> gpus, String field) {
      EnumMap<CapacityType, Integer> copy = new EnumMap<>(CapacityType.class);
      gpus.forEach(
          (type, n) -> {
            if (n < 0) {
              throw new IllegalArgumentException(field + " of " + type + " must be >= 0, was " + n);
            }
            copy.put(type, n);
          });
      return java.util.Collections.unmodifiableMap(copy);
    }

    /** GPUs provisioned over all capacity types. */
    public int totalGpusProvisioned() {
      return gpusProvisioned.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** GPUs busy over all capacity types. */
    public int totalGpusBusy() {
      return gpusBusy.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The simulated time span, from the first submission to the last finish. */
  public Duration span() {
    return Duration.between(start, end);
  }
}
