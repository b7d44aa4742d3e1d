package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceLocatorTest {
  @TempDir Path temp;

  private TraceSource locate(Path home, Map<String, String> env) {
    return new TraceLocator(Cli.environment(home, env))
        .locate(Optional.empty(), Optional.empty(), Optional.empty(), 7);
  }

  @Test
  void locate_findsTheSharedDataBesideHomeFirst() throws Exception {
    Path home = Files.createDirectories(temp.resolve("checkout"));
    Path shared = Cli.tinyTrace(temp.resolve("shared/data/alibaba-gpu-v2023"));
    Cli.tinyTrace(home.resolve("traces/alibaba-gpu-v2023"));

    TraceSource source = locate(home, Map.of());

    assertThat(source).isInstanceOf(TraceSource.Files.class);
    assertThat(((TraceSource.Files) source).nodes().getParent()).isEqualTo(shared);
  }

  @Test
  void locate_findsTheDownloadedTraceUnderHome() throws Exception {
    Path home = Files.createDirectories(temp.resolve("checkout"));
    Path traces = Cli.tinyTrace(home.resolve("traces/alibaba-gpu-v2023"));

    TraceSource source = locate(home, Map.of());

    assertThat(((TraceSource.Files) source).pods().getParent()).isEqualTo(traces);
  }

  @Test
  void locate_prefersTheVariableOverHome() throws Exception {
    Path home = Files.createDirectories(temp.resolve("checkout"));
    Cli.tinyTrace(home.resolve("traces/alibaba-gpu-v2023"));
    Path elsewhere = Cli.tinyTrace(temp.resolve("elsewhere"));

    TraceSource source =
        locate(home, Map.of(TraceLocator.TRACE_DIR_VARIABLE, elsewhere.toString()));

    assertThat(((TraceSource.Files) source).nodes().getParent()).isEqualTo(elsewhere);
    assertThat(((TraceSource.Files) source).origin()).isEqualTo("$GPUAUTOSCALER_TRACE_DIR");
  }

  @Test
  void locate_withVariableNamingAMissingDirectory_failsInsteadOfFallingBack() {
    Path home = temp.resolve("checkout");

    assertThatThrownBy(
            () ->
                locate(
                    home, Map.of(TraceLocator.TRACE_DIR_VARIABLE, temp.resolve("gone").toString())))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("$GPUAUTOSCALER_TRACE_DIR")
        .hasMessageContaining("no such directory")
        .extracting(e -> ((CliException) e).exitCode())
        .isEqualTo(2);
  }

  @Test
  void locate_withNothingFound_fallsBackToSyntheticListingWhereItLooked() {
    Path home = temp.resolve("checkout");

    TraceSource source = locate(home, Map.of());

    assertThat(source).isInstanceOf(TraceSource.Synthetic.class);
    TraceSource.Synthetic synthetic = (TraceSource.Synthetic) source;
    assertThat(synthetic.seed()).isEqualTo(7);
    assertThat(synthetic.searched())
        .containsExactly(
            "$GPUAUTOSCALER_TRACE_DIR (not set)",
            temp.resolve("shared/data/alibaba-gpu-v2023").toString(),
            home.resolve("traces/alibaba-gpu-v2023").toString());
  }

  @Test
  void locate_withTraceDirAndFiles_isAUsageError() throws Exception {
    Path dir = Cli.tinyTrace(temp.resolve("t"));
    TraceLocator locator = new TraceLocator(Cli.environment(temp, Map.of()));

    assertThatThrownBy(
            () ->
                locator.locate(
                    Optional.of(dir),
                    Optional.of(dir.resolve("n.csv")),
                    Optional.of(dir.resolve("p.csv")),
                    42))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("not both");
  }
}
