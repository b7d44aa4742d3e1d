package io.gpuautoscaler.core.trace;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A batch job of a job trace: when it was submitted, how long it runs once started, and how many
 * GPUs it holds while it runs.
 *
 * @param id unique within its trace
 * @param submitTime when it was submitted
 * @param duration how long it holds its GPUs when it runs without interruption, at least 0 (a trace
 *     may record jobs that ended as soon as they started)
 * @param gpus GPUs it holds, at least 1; more than one node's worth runs as a gang over nodes
 * @param team the team (tenant, virtual cluster) that submitted it, when the trace says
 * @param checkpointInterval how often it saves its progress, when it does; a job that does not
 *     loses all its work when interrupted and is never moved voluntarily
 */
@Beta
public record Job(
    String id,
    Instant submitTime,
    Duration duration,
    int gpus,
    Optional<String> team,
    Optional<Duration> checkpointInterval) {

  public Job {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    requireNonNull(submitTime, "submitTime");
    requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "duration must be >= 0 for job " + id + ", was " + duration);
    }
    if (gpus < 1) {
      throw new IllegalArgumentException("gpus must be >= 1 for job " + id + ", was " + gpus);
    }
    requireNonNull(team, "team");
    team.ifPresent(
        t -> {
          if (t.isBlank()) {
            throw new IllegalArgumentException("team must not be blank for job " + id);
          }
        });
    requireNonNull(checkpointInterval, "checkpointInterval");
    checkpointInterval.ifPresent(
        c -> {
          if (c.isNegative() || c.isZero()) {
            throw new IllegalArgumentException(
                "checkpointInterval must be positive for job " + id + ", was " + c);
          }
        });
  }

  /** This job, saving its progress every {@code interval}. */
  public Job withCheckpointInterval(Duration interval) {
    return new Job(id, submitTime, duration, gpus, team, Optional.of(interval));
  }

  /** GPU-seconds of work: {@code gpus × duration}. */
  public double gpuSeconds() {
    return gpus * (duration.toMillis() / 1000.0);
  }
}
