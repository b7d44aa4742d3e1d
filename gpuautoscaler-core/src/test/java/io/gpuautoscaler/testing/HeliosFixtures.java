package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Helios Earth per-VC series in the shared data: {@code
 * $GPUAUTOSCALER_SHARED_DIR/data/helios-earth-vc}, else {@code ../shared/data/helios-earth-vc} and
 * {@code ../../shared/data/helios-earth-vc} from the working directory, as {@link PhillyFixtures}
 * does. A test that needs it fails when it is missing under {@code CI=true} and is skipped
 * elsewhere.
 */
public final class HeliosFixtures {
  /** One of the VC files, used to recognise the directory. */
  public static final String PROBE_FILE = "vc6YE.cluster_sequence_vc.before-2020-05-22.csv";

  private HeliosFixtures() {}

  /** The directory holding the Helios VC files, if found. */
  public static Optional<Path> findDir() {
    String shared = System.getenv("GPUAUTOSCALER_SHARED_DIR");
    for (String base : new String[] {shared, "../shared", "../../shared"}) {
      if (base == null) {
        continue;
      }
      Path dir = Path.of(base, "data", "helios-earth-vc");
      if (Files.isRegularFile(dir.resolve(PROBE_FILE))) {
        return Optional.of(dir.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }

  /** The Helios directory; fails under CI=true and skips elsewhere when missing. */
  public static Path requireDir() {
    Optional<Path> dir = findDir();
    if (dir.isEmpty()) {
      String message =
          "the Helios VC series were not found (set GPUAUTOSCALER_SHARED_DIR, or keep ../shared"
              + " beside the checkout)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return dir.get();
  }
}
