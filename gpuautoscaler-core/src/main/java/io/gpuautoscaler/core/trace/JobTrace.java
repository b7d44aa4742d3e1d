package io.gpuautoscaler.core.trace;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * The jobs of a job trace, in submission order (ties in file order), with what the reader noticed
 * about the data.
 *
 * @param source the file (or other input) read
 * @param jobs every job of the input, sorted by submit time; nothing is left out
 * @param notes facts about the input a reader of results should know (rows reordered, zero-length
 *     jobs, multi-node jobs), one sentence each; empty when there is nothing to say
 */
@Beta
public record JobTrace(String source, List<Job> jobs, List<String> notes) {
  public JobTrace {
    requireNonNull(source, "source");
    jobs = List.copyOf(jobs);
    notes = List.copyOf(notes);
    for (int i = 1; i < jobs.size(); i++) {
      if (jobs.get(i).submitTime().isBefore(jobs.get(i - 1).submitTime())) {
        throw new IllegalArgumentException(
            "jobs must be sorted by submit time; " + jobs.get(i).id() + " is out of order");
      }
    }
  }

  /** The same trace with {@code jobs} instead (e.g. a time window, or with checkpoints set). */
  public JobTrace withJobs(List<Job> other) {
    return new JobTrace(source, other, notes);
  }
}
