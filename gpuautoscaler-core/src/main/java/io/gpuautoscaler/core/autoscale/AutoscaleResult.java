package io.gpuautoscaler.core.autoscale;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Duration;
import java.time.Instant;
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
 * @param interruptionNotices spot interruption notices received
 * @param insufficientCapacityEvents launches the cloud could not fully serve
 * @param scaleUps scale-up decisions applied
 * @param nodesAdded nodes asked for by scale-ups
 * @param nodesRemoved nodes removed by scale-down decisions
 * @param peakNodes the most nodes alive at once, provisioning included
 * @param decisions policy evaluations
 * @param sampleReasons the reasons of the first few scale-up and removal decisions, in order
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
    int interruptionNotices,
    int insufficientCapacityEvents,
    int scaleUps,
    int nodesAdded,
    int nodesRemoved,
    int peakNodes,
    long decisions,
    List<String> sampleReasons) {

  public AutoscaleResult {
    requireNonNull(name, "name");
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    costUsdByGroup = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(costUsdByGroup));
    requireNonNull(pendingSeconds, "pendingSeconds");
    sampleReasons = List.copyOf(sampleReasons);
  }

  /** The simulated time span, from the first submission to the last finish. */
  public Duration span() {
    return Duration.between(start, end);
  }
}
