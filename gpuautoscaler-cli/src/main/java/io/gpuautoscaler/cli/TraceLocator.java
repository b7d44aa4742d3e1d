package io.gpuautoscaler.cli;

import io.gpuautoscaler.core.trace.OpenbTraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which workload {@code simulate} replays.
 *
 * <ol>
 *   <li>{@code --nodes FILE --pods FILE}, both or neither;
 *   <li>{@code --trace-dir DIR}, then {@code $GPUAUTOSCALER_TRACE_DIR}: a directory holding {@link
 *       OpenbTraceReader#NODE_FILE} and {@link OpenbTraceReader#POD_FILE};
 *   <li>{@code <home>/../shared/data/alibaba-gpu-v2023} (a checkout beside the shared data);
 *   <li>{@code <home>/traces/alibaba-gpu-v2023} (where {@code scripts/download-trace.sh} puts it);
 *   <li>the synthetic workload, which the caller must announce.
 * </ol>
 *
 * <p>Anything the user named explicitly (options or the variable) must be there: a typo never falls
 * back to the synthetic workload, because a report on the wrong workload looks plausible.
 */
final class TraceLocator {
  /** The variable that names a trace directory, like {@code --trace-dir}. */
  static final String TRACE_DIR_VARIABLE = "GPUAUTOSCALER_TRACE_DIR";

  /** The trace's folder name under the shared data and under {@code traces/}. */
  static final String TRACE_FOLDER = "alibaba-gpu-v2023";

  private final CliEnvironment environment;

  TraceLocator(CliEnvironment environment) {
    this.environment = environment;
  }

  /**
   * The workload to replay.
   *
   * @throws CliException (usage) for one of --nodes/--pods without the other, for --trace-dir
   *     together with them, and for a named file or directory that is missing
   */
  TraceSource locate(
      Optional<Path> traceDir, Optional<Path> nodes, Optional<Path> pods, long syntheticSeed) {
    if (nodes.isPresent() != pods.isPresent()) {
      throw CliException.usage(
          nodes.isPresent()
              ? "--nodes needs --pods: give both files, or neither"
              : "--pods needs --nodes: give both files, or neither");
    }
    if (nodes.isPresent()) {
      if (traceDir.isPresent()) {
        throw CliException.usage("give either --trace-dir or --nodes and --pods, not both");
      }
      return new TraceSource.Files(
          requireFile(nodes.get(), "--nodes"), requireFile(pods.get(), "--pods"), "--nodes/--pods");
    }
    if (traceDir.isPresent()) {
      return inDirectory(traceDir.get(), "--trace-dir");
    }
    Optional<String> variable = environment.variable(TRACE_DIR_VARIABLE);
    if (variable.isPresent()) {
      return inDirectory(Path.of(variable.get()), "$" + TRACE_DIR_VARIABLE);
    }
    List<String> searched = new ArrayList<>();
    searched.add("$" + TRACE_DIR_VARIABLE + " (not set)");
    Path home = environment.home();
    Map<String, Path> candidates = new LinkedHashMap<>();
    candidates.put(
        "the shared data beside " + home,
        home.resolve("..").resolve("shared").resolve("data").resolve(TRACE_FOLDER));
    candidates.put("the traces folder of " + home, home.resolve("traces").resolve(TRACE_FOLDER));
    for (Map.Entry<String, Path> candidate : candidates.entrySet()) {
      Path dir = candidate.getValue().toAbsolutePath().normalize();
      if (hasTrace(dir)) {
        return files(dir, candidate.getKey());
      }
      searched.add(dir.toString());
    }
    return new TraceSource.Synthetic(syntheticSeed, searched);
  }

  private static TraceSource.Files inDirectory(Path dir, String origin) {
    if (!Files.isDirectory(dir)) {
      throw CliException.usage(origin + " " + dir + ": no such directory");
    }
    List<String> missing = new ArrayList<>();
    for (String name : List.of(OpenbTraceReader.NODE_FILE, OpenbTraceReader.POD_FILE)) {
      if (!Files.isRegularFile(dir.resolve(name))) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw CliException.usage(
          origin
              + " "
              + dir
              + " has no "
              + String.join(" and no ", missing)
              + " (a trace directory holds "
              + OpenbTraceReader.NODE_FILE
              + " and "
              + OpenbTraceReader.POD_FILE
              + "; use --nodes and --pods for other file names)");
    }
    return files(dir, origin);
  }

  private static TraceSource.Files files(Path dir, String origin) {
    return new TraceSource.Files(
        dir.resolve(OpenbTraceReader.NODE_FILE), dir.resolve(OpenbTraceReader.POD_FILE), origin);
  }

  private static boolean hasTrace(Path dir) {
    return Files.isRegularFile(dir.resolve(OpenbTraceReader.NODE_FILE))
        && Files.isRegularFile(dir.resolve(OpenbTraceReader.POD_FILE));
  }

  private static Path requireFile(Path file, String option) {
    if (!Files.isRegularFile(file)) {
      throw CliException.usage(
          option + " " + file + (Files.isDirectory(file) ? ": is a directory" : ": no such file"));
    }
    return file;
  }
}
