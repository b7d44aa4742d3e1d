package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuAutoscalerCliTest {
  @TempDir Path home;

  private Cli.Result run(String... args) {
    return Cli.run(Cli.environment(home, Map.of()), args);
  }

  @Test
  void version_printsTheBuildVersion() {
    Cli.Result result = run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("gpu-autoscaler ").doesNotContain("${", "unknown");
  }

  @Test
  void help_listsTheCommandsAndExitCodes() {
    Cli.Result result = run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("simulate", "policies", "Exit codes:");
  }

  @Test
  void noCommand_isUsageError() {
    Cli.Result result = run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("missing command").contains("simulate");
  }

  @Test
  void unknownOption_isUsageErrorWithAHint() {
    Cli.Result result = run("simulate", "--seedz", "42");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("Unknown option", "'--seedz'")
        .contains("--seeds")
        .contains("Try 'gpu-autoscaler simulate --help'");
  }

  @Test
  void policies_listsEveryStrategyWithItsDescription() {
    Cli.Result result = run("policies");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines().findFirst())
        .hasValueSatisfying(l -> assertThat(l).startsWith("NAME"));
    assertThat(result.out())
        .containsPattern("(?m)^best-fit +\\S")
        .containsPattern("(?m)^fgd +fragmentation gradient descent");
    assertThat(result.out()).containsPattern("(?m)^default +alias of horizon-fgd$");
    // Then the scaling policies.
    assertThat(result.out())
        .containsPattern("(?m)^SCALING POLICY +DESCRIPTION$")
        .containsPattern("(?m)^default +the recommended combination")
        .containsPattern("(?m)^tiered +\\S")
        .containsPattern("(?m)^gpu-utilization +\\S")
        .containsPattern("(?m)^predictive +\\S");
  }
}
