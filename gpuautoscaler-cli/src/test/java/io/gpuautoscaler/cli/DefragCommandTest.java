package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code defrag} on a tiny trace and on a generated cluster: the table and the usage errors. */
class DefragCommandTest {
  @TempDir Path temp;
  private Path trace;
  private CliEnvironment environment;

  @BeforeEach
  void setUp() throws Exception {
    trace = Cli.tinyTrace(temp.resolve("trace"));
    environment = Cli.environment(temp.resolve("home"), Map.of());
  }

  @Test
  void table_hasOneRowPerPolicyAndBudget() {
    Cli.Result result =
        Cli.run(
            environment,
            "defrag",
            "--trace-dir",
            trace.toString(),
            "--policy",
            "fgd,best-fit",
            "--seeds",
            "1-2",
            "--moves",
            "0,5",
            "--preemptible",
            "all");

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0)).startsWith("Defragmentation at arrived 100 % of capacity");
    assertThat(lines.get(1)).startsWith("policy").contains("GPUs freed", "nodes freed");
    assertThat(lines.subList(2, lines.size()))
        .extracting(l -> l.split("\\s+")[0] + " " + l.split("\\s+")[1])
        .containsExactly("fgd 0", "fgd 5", "best-fit 0", "best-fit 5");
    assertThat(lines.get(2)).contains(" 0.0 ");
  }

  @Test
  void synthetic_isPackedAndPlanned() {
    Cli.Result result =
        Cli.run(environment, "defrag", "--synthetic", "nodes=30,seed=2", "--seeds", "1", "--quiet");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("synthetic: 30 nodes").contains("fgd ");
  }

  @Test
  void badOptions_areUsageErrors() {
    assertThat(
            Cli.run(environment, "defrag", "--trace-dir", trace.toString(), "--moves", "-1")
                .exitCode())
        .isEqualTo(GpuAutoscalerCli.EXIT_USAGE);
    Cli.Result unknown =
        Cli.run(environment, "defrag", "--trace-dir", trace.toString(), "--preemptible", "some");
    assertThat(unknown.exitCode()).isEqualTo(GpuAutoscalerCli.EXIT_USAGE);
    assertThat(unknown.err()).contains("--preemptible must be shared, best-effort or all");
  }
}
