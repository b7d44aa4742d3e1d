package io.gpuautoscaler.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/** Where the workload of a simulation comes from: trace files, or the built-in synthetic one. */
sealed interface TraceSource {

  /**
   * A node list and a pod list in the Alibaba GPU trace v2023 ("openb") format.
   *
   * @param nodes the node list
   * @param pods the pod list
   * @param origin how they were chosen, for notes (e.g. {@code "--trace-dir"})
   */
  record Files(Path nodes, Path pods, String origin) implements TraceSource {
    public Files {
      requireNonNull(nodes, "nodes");
      requireNonNull(pods, "pods");
      requireNonNull(origin, "origin");
    }

    /** What the report says it replayed: both files, with absolute paths. */
    String description() {
      Path n = nodes.toAbsolutePath().normalize();
      Path p = pods.toAbsolutePath().normalize();
      if (n.getParent() != null && n.getParent().equals(p.getParent())) {
        return "trace " + n.getParent() + " (" + n.getFileName() + " + " + p.getFileName() + ")";
      }
      return "trace files " + n + " + " + p;
    }
  }

  /**
   * {@link io.gpuautoscaler.core.trace.SyntheticOpenb}'s workload, used when no trace was found.
   *
   * @param seed the seed of its pod draw
   * @param searched the places searched for the trace, in order, for the note that says so
   */
  record Synthetic(long seed, List<String> searched) implements TraceSource {
    public Synthetic {
      searched = List.copyOf(searched);
    }
  }

  /**
   * A generated cluster and workload, asked for with {@code --synthetic SPEC}.
   *
   * @param spec what to generate
   */
  record Generated(io.gpuautoscaler.core.trace.SyntheticSpec spec) implements TraceSource {
    public Generated {
      requireNonNull(spec, "spec");
    }
  }
}
