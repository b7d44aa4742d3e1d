package io.gpuautoscaler.core.trace;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Workload;
import java.util.OptionalLong;

/**
 * One pod of a trace: the workload it asks for, plus the trace's timing columns where it has them.
 * The trace's QoS class and phase are carried as the workload's labels {@link #QOS_LABEL} and
 * {@link #PHASE_LABEL}.
 *
 * @param workload what the pod requests
 * @param creationTimeSeconds seconds from the trace's start, when the trace has the column
 * @param deletionTimeSeconds likewise
 * @param scheduledTimeSeconds likewise; empty also for pods that were never scheduled
 */
@Beta
public record TracePod(
    Workload workload,
    OptionalLong creationTimeSeconds,
    OptionalLong deletionTimeSeconds,
    OptionalLong scheduledTimeSeconds) {

  public static final String QOS_LABEL = "openb.alibaba.com/qos";
  public static final String PHASE_LABEL = "openb.alibaba.com/pod-phase";

  public TracePod {
    requireNonNull(workload, "workload");
    requireNonNull(creationTimeSeconds, "creationTimeSeconds");
    requireNonNull(deletionTimeSeconds, "deletionTimeSeconds");
    requireNonNull(scheduledTimeSeconds, "scheduledTimeSeconds");
  }

  /** A pod without timing. */
  public static TracePod of(Workload workload) {
    return new TracePod(workload, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
  }
}
