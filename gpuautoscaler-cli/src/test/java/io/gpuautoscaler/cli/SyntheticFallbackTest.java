package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no trace anywhere, {@code simulate} replays the synthetic workload and says so. One run (two
 * policies, one seed, about a second each) serves every test here.
 */
class SyntheticFallbackTest {
  @TempDir static Path temp;
  private static Path home;
  private static Cli.Result result;
  private static JsonNode json;

  @BeforeAll
  static void simulateWithoutAnyTrace() throws Exception {
    home = temp.resolve("install"); // so that <home>/../shared is inside the temporary folder
    result =
        Cli.run(
            Cli.environment(home, Map.of()),
            "simulate",
            "--policy",
            "best-fit,first-fit",
            "--seeds",
            "42",
            "--format",
            "json");
    json = new ObjectMapper().readTree(result.out());
  }

  @Test
  void fallback_succeeds() {
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @Test
  void fallback_saysSoOnStderrWithThePlacesSearched() {
    assertThat(result.err())
        .contains("SYNTHETIC")
        .contains("$GPUAUTOSCALER_TRACE_DIR (not set)")
        .contains(home.resolve("traces/alibaba-gpu-v2023").toString())
        .contains(home.resolve("../shared/data/alibaba-gpu-v2023").normalize().toString())
        .contains("scripts/download-trace.sh");
  }

  @Test
  void fallback_reportNamesTheSyntheticWorkload() {
    assertThat(json.get("workload").get("synthetic").asBoolean()).isTrue();
    assertThat(json.get("workload").get("description").asText()).contains("synthetic", "seed 42");
    assertThat(json.get("workload").get("nodes").asInt()).isEqualTo(1213);
    assertThat(json.get("workload").get("gpus").asLong()).isEqualTo(6212);
  }

  @Test
  void json_hasOneResultPerPolicyWith131PointsFrom0To130() {
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.get("protocol").get("tuningRatio").asDouble()).isEqualTo(1.3);
    assertThat(json.get("protocol").get("targetCoverage").asDouble()).isEqualTo(0.95);
    assertThat(json.get("results").findValuesAsText("policy"))
        .containsExactly("best-fit", "first-fit");
    for (JsonNode policy : json.get("results")) {
      JsonNode points = policy.get("points");
      assertThat(points).hasSize(131);
      assertThat(IntStream.range(0, 131).map(x -> points.get(x).get("arrivedPct").asInt()))
          .containsExactlyElementsOf(IntStream.range(0, 131).boxed().toList());
      for (JsonNode point : points) {
        assertThat(point.get("unallocatedPct").get("mean").isNumber()).isTrue();
        assertThat(point.get("unallocatedPct").get("sd").asDouble()).isZero(); // one seed
        assertThat(point.get("fragmentationPct").get("mean").asDouble()).isBetween(0.0, 100.0);
      }
      JsonNode run = policy.get("runs").get(0);
      assertThat(run.get("seed").asLong()).isEqualTo(42);
      assertThat(run.get("placed").asInt() + run.get("failed").asInt())
          .isEqualTo(run.get("pods").asInt());
      assertThat(run.get("elapsedMillis").isIntegralNumber()).isTrue();
    }
  }
}
