package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate --sharing} on a tiny trace: the sharing section of every format, and errors. */
class SimulateSharingTest {
  @TempDir Path temp;
  private Path trace;
  private CliEnvironment environment;

  @BeforeEach
  void setUp() throws Exception {
    trace = Cli.tinyTrace(temp.resolve("trace"));
    environment = Cli.environment(temp.resolve("home"), Map.of());
  }

  private Cli.Result simulate(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "simulate";
    all[1] = "--trace-dir";
    all[2] = trace.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return Cli.run(environment, all);
  }

  @Test
  void table_showsOneRowPerSchemeAndNoPackingWithoutPolicy() {
    Cli.Result result = simulate("--sharing", "exclusive,auto", "--seeds", "1-2");

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    int header =
        lines.indexOf(lines.stream().filter(l -> l.startsWith("sharing ")).findFirst().get());
    assertThat(lines.get(header)).contains("jobs/GPU@100", "GPUs used@50", "unalloc@130", "failed");
    assertThat(lines.get(header + 1)).startsWith("exclusive ").contains("±");
    assertThat(lines.get(header + 2)).startsWith("auto ").contains("±");
    assertThat(result.out())
        .contains("seeds     1-2 (2 run(s) per sharing scheme)")
        .contains("pods placed by mode")
        .contains("note: pods state no GPU memory")
        .doesNotContain("ideal");
  }

  @Test
  void policyAndSharing_reportBoth() {
    Cli.Result result = simulate("--sharing", "auto", "--policy", "best-fit", "--seeds", "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("auto ").contains("best-fit ").contains("ideal");
  }

  @Test
  void json_hasTheSharingObject() throws Exception {
    Cli.Result result =
        simulate("--sharing", "exclusive", "--sharing", "auto", "--seeds", "3", "--format", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(result.out());
    assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(root.get("results").size()).isZero();
    assertThat(root.get("bound").get("points").size()).isEqualTo(131);
    JsonNode sharing = root.get("sharing");
    assertThat(sharing.get("notes").size()).isPositive();
    JsonNode results = sharing.get("results");
    assertThat(results.size()).isEqualTo(2);
    assertThat(results.get(0).get("scheme").asText()).isEqualTo("exclusive");
    assertThat(results.get(1).get("scheme").asText()).isEqualTo("auto");
    JsonNode point = results.get(1).get("points").get(100);
    assertThat(point.get("arrivedPct").asInt()).isEqualTo(100);
    assertThat(point.get("jobsPerGpu").get("mean").asDouble()).isPositive();
    assertThat(point.get("gpusUsed").has("sd")).isTrue();
    assertThat(point.get("unallocatedPct").has("mean")).isTrue();
    JsonNode run = results.get(0).get("runs").get(0);
    assertThat(run.get("seed").asLong()).isEqualTo(3);
    assertThat(run.get("placed").asInt() + run.get("failed").asInt())
        .isEqualTo(run.get("pods").asInt());
    assertThat(run.get("placedByMode").fieldNames()).toIterable().containsExactly("exclusive");
    assertThat(run.has("nodeConfigs")).isTrue();
  }

  @Test
  void json_withoutSharingHasNoSharingObject() throws Exception {
    Cli.Result result = simulate("--policy", "best-fit", "--seeds", "1", "--format", "json");

    assertThat(new ObjectMapper().readTree(result.out()).has("sharing")).isFalse();
  }

  @Test
  void html_hasTheSharingSection() {
    Cli.Result result = simulate("--sharing", "exclusive,auto", "--seeds", "1", "--format", "html");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("<h2>GPU sharing</h2>")
        .contains("jobs/GPU@100")
        .doesNotContain("<svg");
  }

  @Test
  void unknownOrRepeatedScheme_isAUsageError() {
    Cli.Result unknown = simulate("--sharing", "mps");
    Cli.Result twice = simulate("--sharing", "auto,auto");

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--sharing").contains("expected exclusive or auto");
    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.err()).contains("given twice");
  }

  @Test
  void sharingRules_changeThePolicyAndAreChecked() {
    Cli.Result result =
        simulate(
            "--sharing",
            "auto",
            "--seeds",
            "1",
            "--sharing-rules",
            "modes=time-slicing,max-replicas=4,time-slicing-for-latency-sensitive=true");
    Cli.Result badKey = simulate("--sharing", "auto", "--sharing-rules", "replicas=4");
    Cli.Result badValue = simulate("--sharing", "auto", "--sharing-rules", "max-replicas=1");
    Cli.Result exclusiveOnly =
        simulate("--sharing", "exclusive", "--sharing-rules", "max-replicas=4");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("modes [time-slicing]").contains("max replicas 4");
    assertThat(badKey.exitCode()).isEqualTo(2);
    assertThat(badKey.err()).contains("replicas").contains("max-replicas");
    assertThat(badValue.exitCode()).isEqualTo(2);
    assertThat(badValue.err()).contains("maxReplicas must be in 2..48, was 1");
    assertThat(exclusiveOnly.exitCode()).isEqualTo(2);
  }
}
