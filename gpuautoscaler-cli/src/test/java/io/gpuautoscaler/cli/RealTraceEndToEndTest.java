package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuautoscaler.testing.TraceFixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path on the Alibaba default trace: read, replay, report. */
class RealTraceEndToEndTest {
  @TempDir Path home;

  @Test
  void bestFitOnDefaultTrace_leavesAPlausibleShareUnallocatedAt100() throws Exception {
    Path traceDir = TraceFixtures.requireTraceDir();

    Cli.Result result =
        Cli.run(
            Cli.environment(home, Map.of()),
            "simulate",
            "--trace-dir",
            traceDir.toString(),
            "--policy",
            "best-fit",
            "--seeds",
            "42",
            "--format",
            "json",
            "--quiet");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(result.out());
    assertThat(root.get("workload").get("pods").asInt()).isEqualTo(8152);
    assertThat(root.get("workload").get("gpus").asLong()).isEqualTo(6212);
    // The FGD paper publishes 7.14 ± 0.14 for best-fit over seeds 42-51.
    double at100 =
        root.get("results")
            .get(0)
            .get("points")
            .get(100)
            .get("unallocatedPct")
            .get("mean")
            .asDouble();
    assertThat(at100).isBetween(5.0, 9.0);
    // The proven limit lies between the fluid bound (0 %) and what packers reach.
    double bound100 =
        root.get("bound").get("points").get(100).get("unallocatedPct").get("mean").asDouble();
    assertThat(bound100).isBetween(2.5, 4.5).isLessThan(at100);
  }
}
