package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.fail;

import io.gpuautoscaler.core.trace.OpenbTraceReader;
import io.gpuautoscaler.core.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Alibaba GPU trace for tests: {@code $GPUAUTOSCALER_TRACE_DIR}, else {@code
 * $GPUAUTOSCALER_SHARED_DIR/data/alibaba-gpu-v2023} (the build sets it to the {@code shared} folder
 * beside the checkout), else {@code ../shared/...} and {@code ../../shared/...} from the working
 * directory. A test that needs the trace fails when it is missing under {@code CI=true} and is
 * skipped elsewhere.
 */
public final class TraceFixtures {
  private static Trace cached;

  private TraceFixtures() {}

  /** The directory holding the trace's CSV files, if one is found. */
  public static Optional<Path> findTraceDir() {
    String explicit = System.getenv("GPUAUTOSCALER_TRACE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit));
    }
    String shared = System.getenv("GPUAUTOSCALER_SHARED_DIR");
    for (String base : new String[] {shared, "../shared", "../../shared"}) {
      if (base == null) {
        continue;
      }
      Path dir = Path.of(base, "data", "alibaba-gpu-v2023");
      if (Files.isRegularFile(dir.resolve(OpenbTraceReader.POD_FILE))) {
        return Optional.of(dir.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }

  /** The trace directory; fails under CI=true and skips elsewhere when it is missing. */
  public static Path requireTraceDir() {
    Optional<Path> dir = findTraceDir();
    if (dir.isEmpty()) {
      String message =
          "the Alibaba GPU trace was not found (set GPUAUTOSCALER_TRACE_DIR, or keep ../shared"
              + " beside the checkout)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return dir.get();
  }

  /** The default trace (GPU node list and default pod list), read once per JVM. */
  public static synchronized Trace defaultTrace() {
    if (cached == null) {
      cached = OpenbTraceReader.readDirectory(requireTraceDir());
    }
    return cached;
  }
}
