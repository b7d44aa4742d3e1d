package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.core.trace.OpenbTraceReader;
import io.gpuautoscaler.core.trace.SyntheticOpenb;
import io.gpuautoscaler.core.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Finds the Alibaba GPU trace v2023 for the benchmarks, which never copy it: {@code
 * $GPUAUTOSCALER_TRACE_DIR}, else {@code ../shared/data/alibaba-gpu-v2023} from the working
 * directory (the repository root, beside the shared folder), else the built-in {@link
 * SyntheticOpenb} look-alike. Says on standard output which one it used, so that a result table can
 * be told apart.
 */
final class BenchmarkTraces {
  static final String TRACE_DIR_ENV = "GPUAUTOSCALER_TRACE_DIR";
  static final Path DEFAULT_DIR = Path.of("..", "shared", "data", "alibaba-gpu-v2023");

  /** The synthetic stand-in's seed, fixed so that runs without the trace stay comparable. */
  private static final long SYNTHETIC_SEED = 42;

  private BenchmarkTraces() {}

  /**
   * The default trace (GPU node list and default pod list), or its synthetic stand-in.
   *
   * @throws IllegalStateException if {@code GPUAUTOSCALER_TRACE_DIR} is set but holds no trace
   */
  static Trace defaultTrace() {
    String explicit = System.getenv(TRACE_DIR_ENV);
    Path dir = null;
    if (explicit != null && !explicit.isBlank()) {
      dir = Path.of(explicit);
      if (!Files.isRegularFile(dir.resolve(OpenbTraceReader.POD_FILE))) {
        throw new IllegalStateException(
            TRACE_DIR_ENV + "=" + explicit + " has no " + OpenbTraceReader.POD_FILE);
      }
    } else if (Files.isRegularFile(DEFAULT_DIR.resolve(OpenbTraceReader.POD_FILE))) {
      dir = DEFAULT_DIR;
    }
    Trace trace;
    if (dir != null) {
      trace = OpenbTraceReader.readDirectory(dir);
      System.out.println("[benchmarks] trace: " + dir.toAbsolutePath().normalize());
    } else {
      trace = SyntheticOpenb.trace(SYNTHETIC_SEED);
      System.out.println(
          "[benchmarks] trace: not found (set "
              + TRACE_DIR_ENV
              + " or keep ../shared beside the checkout); using "
              + trace.description());
    }
    System.out.println(
        "[benchmarks] " + trace.nodes().size() + " nodes, " + trace.pods().size() + " pods");
    return trace;
  }

  /** The trace's pods sorted by name, then shuffled by {@code random}, as the simulator does. */
  static List<Workload> shuffledPods(Trace trace, SplittableRandom random) {
    List<Workload> pods = new ArrayList<>(trace.workloads());
    pods.sort(Comparator.comparing(Workload::name));
    shuffle(pods, random);
    return pods;
  }

  /** The trace's nodes shuffled by {@code random}: the order that breaks the strategies' ties. */
  static List<GpuNode> shuffledNodes(Trace trace, SplittableRandom random) {
    List<GpuNode> nodes = new ArrayList<>(trace.nodes());
    shuffle(nodes, random);
    return nodes;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }
}
