package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Philly job trace in the shared data: {@code $GPUAUTOSCALER_SHARED_DIR/data/philly},
 * else {@code ../shared/data/philly} and {@code ../../shared/data/philly} from the working
 * directory. A test that needs it fails when it is missing under {@code CI=true} and is skipped
 * elsewhere.
 */
public final class PhillyFixtures {
  /** The Pollux table (team-labelled subset). */
  public static final String POLLUX_FILE = "philly.pollux-vc.before-2017-11-13.csv";

  /** The RFold table (every job, no team). */
  public static final String RFOLD_FILE = "philly_trace.rfold.before-2017-11-13.csv";

  private PhillyFixtures() {}

  /** The directory holding the Philly files, if found. */
  public static Optional<Path> findDir() {
    String shared = System.getenv("GPUAUTOSCALER_SHARED_DIR");
    for (String base : new String[] {shared, "../shared", "../../shared"}) {
      if (base == null) {
        continue;
      }
      Path dir = Path.of(base, "data", "philly");
      if (Files.isRegularFile(dir.resolve(POLLUX_FILE))) {
        return Optional.of(dir.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }

  /** A file of the Philly directory; fails under CI=true and skips elsewhere when missing. */
  public static Path require(String file) {
    Optional<Path> dir = findDir();
    if (dir.isEmpty()) {
      String message =
          "the Philly trace was not found (set GPUAUTOSCALER_SHARED_DIR, or keep ../shared beside"
              + " the checkout)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return dir.get().resolve(file);
  }
}
