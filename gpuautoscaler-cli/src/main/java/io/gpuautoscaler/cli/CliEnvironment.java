package io.gpuautoscaler.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What the commands read from the process around them: environment variables, the installation
 * directory, the processor count and a clock. Tests hand in their own, so that nothing mutates the
 * real environment or depends on where the build runs.
 *
 * @param env environment variables
 * @param home the launcher's directory (system property {@code gpuautoscaler.home}), or the working
 *     directory when started without the launcher
 * @param processors the default number of simulation threads
 * @param nanoTime a monotonic clock, for the progress bar
 */
record CliEnvironment(Map<String, String> env, Path home, int processors, LongSupplier nanoTime) {

  /** The system property the launcher sets to its own directory. */
  static final String HOME_PROPERTY = "gpuautoscaler.home";

  CliEnvironment {
    env = Map.copyOf(env);
    requireNonNull(home, "home");
    requireNonNull(nanoTime, "nanoTime");
    if (processors < 1) {
      throw new IllegalArgumentException("processors must be >= 1, was " + processors);
    }
  }

  /** The real process: {@link System#getenv()}, {@code -Dgpuautoscaler.home}, the real clock. */
  static CliEnvironment system() {
    String home = System.getProperty(HOME_PROPERTY);
    Path dir = home == null || home.isBlank() ? Path.of("") : Path.of(home);
    return new CliEnvironment(
        System.getenv(),
        dir.toAbsolutePath().normalize(),
        Runtime.getRuntime().availableProcessors(),
        System::nanoTime);
  }

  /** The variable's value, if it is set and not blank. */
  Optional<String> variable(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }
}
