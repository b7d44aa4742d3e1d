package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.core.packing.DefaultPacking;
import io.gpuautoscaler.core.trace.OpenbTraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate} on a tiny trace: formats, options and every expected error. */
class SimulateCommandTest {
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
  void table_hasHeaderIdealAndBoundLinesAndOneRowPerPolicy() {
    Cli.Result result = simulate("--policy", "best-fit", "--policy", "first-fit", "--seeds", "1-3");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("workload  trace " + trace.toAbsolutePath().normalize())
        .contains("4 nodes, 8 GPUs; 12 pods")
        .contains("seeds     1-3 (3 run(s) per policy)")
        .contains("protocol  FGD paper");
    List<String> lines = result.out().lines().toList();
    int header =
        lines.indexOf(lines.stream().filter(l -> l.startsWith("policy ")).findFirst().get());
    assertThat(lines.get(header)).contains("x=90", "x=95", "x=100", "x=110", "x=130", "frag@100");
    assertThat(lines.get(header + 1)).startsWith("ideal").contains("10.00", "5.00", "0.00");
    assertThat(lines.get(header + 2)).startsWith("bound").contains("±");
    assertThat(lines.get(header + 3)).startsWith("best-fit ").contains("±");
    assertThat(lines.get(header + 4)).startsWith("first-fit ").contains("±");
    // aligned: every row of the table is as long as the header or ends at the same column
    assertThat(lines.get(header + 3).length()).isEqualTo(lines.get(header + 4).length());
  }

  @Test
  void synthetic_replaysTheGeneratedClusterAndSaysSo() {
    Cli.Result result =
        Cli.run(
            environment,
            "simulate",
            "--synthetic",
            "nodes=40,pods=300,seed=3,shared=0.7,constrained=0.2",
            "--policy",
            "fgd",
            "--seeds",
            "1",
            "--format",
            "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = json(result.out());
    assertThat(root.get("workload").get("synthetic").asBoolean()).isTrue();
    assertThat(root.get("workload").get("nodes").asInt()).isEqualTo(40);
    assertThat(root.get("workload").get("pods").asInt()).isEqualTo(300);
    assertThat(root.get("workload").get("description").asText())
        .startsWith("synthetic: 40 nodes, 300 pods, seed 3, shared 0.70, constrained 0.20");
    assertThat(result.err()).contains("replaying synthetic: 40 nodes");
  }

  @Test
  void synthetic_withATraceDir_isAUsageError() {
    Cli.Result result = simulate("--synthetic", "nodes=10");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--synthetic replaces --trace-dir and --nodes/--pods");
  }

  @Test
  void synthetic_withABadSpec_isAUsageErrorNamingTheKey() {
    Cli.Result result = Cli.run(environment, "simulate", "--synthetic", "nodes=10,share=0.5");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("unknown key(s) [share]");
  }

  @Test
  void simulate_withoutPolicy_runsEveryRegisteredStrategySortedByName() {
    Cli.Result result = simulate("--seeds", "7", "--format", "json", "--quiet");

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> registered =
        List.copyOf(ProviderRegistry.load(PackingStrategy.Provider.class).names());
    assertThat(json(result.out()).get("results").findValuesAsText("policy"))
        .containsExactlyElementsOf(registered);
  }

  @Test
  void json_hasTheDocumentedShape() {
    Cli.Result result =
        simulate("--policy", "fgd,best-fit", "--seeds", "42-43", "--format", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = json(result.out());
    assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(root.get("workload").get("synthetic").asBoolean()).isFalse();
    assertThat(root.get("workload").get("gpus").asLong()).isEqualTo(8);
    assertThat(root.get("protocol").get("maxArrivedPct").asInt()).isEqualTo(130);
    JsonNode fgd = root.get("results").get(0);
    assertThat(fgd.get("policy").asText()).isEqualTo("fgd");
    assertThat(fgd.get("seeds").get(1).asLong()).isEqualTo(43);
    assertThat(fgd.get("points")).hasSize(131);
    assertThat(fgd.get("points").get(100).get("arrivedPct").asInt()).isEqualTo(100);
    assertThat(fgd.get("runs").get(0).get("placed").asInt()).isPositive();
    JsonNode bound = root.get("bound").get("points");
    assertThat(bound).hasSize(131);
    for (int x = 0; x <= 130; x++) {
      assertThat(bound.get(x).get("unallocatedPct").get("mean").asDouble())
          .as("bound at %d", x)
          .isLessThanOrEqualTo(
              fgd.get("points").get(x).get("unallocatedPct").get("mean").asDouble() + 1e-9)
          .isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void html_isSelfContainedWithChartsAndTable() {
    Cli.Result result = simulate("--policy", "fgd,best-fit", "--seeds", "1", "--format", "html");

    assertThat(result.exitCode()).as(result.err()).isZero();
    String html = result.out();
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "</svg>", "<table>");
    assertThat(html.split("<svg", -1)).hasSize(3); // the full range and the 75..130 zoom
    assertThat(html).contains(">fgd<", ">best-fit<", "Ideal (100 − x)", "class=\"bound\"");
    assertThat(html).doesNotContain("http://", "https://", "<script", "<link", "src=");
  }

  @Test
  void html_escapesTextFromOutside() throws Exception {
    Path odd = Cli.tinyTrace(temp.resolve("a<b>&\"c'"));

    Cli.Result result =
        Cli.run(
            environment,
            "simulate",
            "--trace-dir",
            odd.toString(),
            "--policy",
            "best-fit",
            "--seeds",
            "1",
            "--format",
            "html");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("a&lt;b&gt;&amp;&quot;c&#39;").doesNotContain("a<b>");
  }

  @Test
  void out_writesTheFileAndNothingToStdout() throws Exception {
    Path file = temp.resolve("report.json");

    Cli.Result result =
        simulate(
            "--policy", "best-fit", "--seeds", "1", "--format", "json", "--out", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(file).isRegularFile();
    assertThat(json(readString(file)).get("results")).hasSize(1);
    assertThat(result.err()).contains("wrote json report to " + file);
    try (var files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void out_inMissingDirectory_isUsageErrorBeforeSimulating() {
    Cli.Result result =
        simulate("--policy", "best-fit", "--out", temp.resolve("nope/report.txt").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("does not exist").doesNotContain("simulating");
  }

  @Test
  void quiet_printsNothingOnStderr() {
    Cli.Result result = simulate("--policy", "best-fit", "--seeds", "1", "--quiet");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
  }

  @Test
  void defaultPolicy_replaysTheLibrarysDefaultStrategyUnderItsName() {
    Cli.Result result = simulate("--policy", "default", "--seeds", "7", "--format", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(json(result.out()).get("results").findValuesAsText("policy"))
        .containsExactly(DefaultPacking.STRATEGY);
  }

  @Test
  void defaultPolicy_andTheStrategyItNames_isGivenTwice() {
    Cli.Result result = simulate("--policy", "default", "--policy", DefaultPacking.STRATEGY);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("is given twice");
  }

  @Test
  void unknownPolicy_isUsageErrorListingTheKnownNames() {
    Cli.Result result = simulate("--policy", "best-fit", "--policy", "tetris");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("'tetris'")
        .contains("known: best-fit, dot-product, fgd, first-fit")
        .doesNotContain("Exception", "\tat ");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void badSeeds_isUsageErrorNamingTheBadPart() {
    Cli.Result result = simulate("--seeds", "42,4x,50-51");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--seeds").contains("'4x'").doesNotContain("\tat ");
  }

  @Test
  void backwardsSeedRange_isUsageError() {
    Cli.Result result = simulate("--seeds", "51-42");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("'51-42'").contains("backwards");
  }

  @Test
  void unknownFormat_isUsageError() {
    Cli.Result result = simulate("--format", "xml");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("expected table, json or html");
  }

  @Test
  void zeroThreads_isUsageError() {
    Cli.Result result = simulate("--threads", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--threads must be at least 1");
  }

  @Test
  void nodesWithoutPods_isUsageError() {
    Cli.Result result =
        Cli.run(
            environment,
            "simulate",
            "--nodes",
            trace.resolve(OpenbTraceReader.NODE_FILE).toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--nodes needs --pods");
  }

  @Test
  void nodesAndPods_replayThoseFiles() {
    Cli.Result result =
        Cli.run(
            environment,
            "simulate",
            "--nodes",
            trace.resolve(OpenbTraceReader.NODE_FILE).toString(),
            "--pods",
            trace.resolve(OpenbTraceReader.POD_FILE).toString(),
            "--policy",
            "first-fit",
            "--seeds",
            "1",
            "--format",
            "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(json(result.out()).get("workload").get("description").asText())
        .contains(trace.toAbsolutePath().normalize().toString());
  }

  @Test
  void malformedNodeList_isInputErrorWithFileLineAndColumn() throws Exception {
    Path bad = temp.resolve("bad");
    Cli.tinyTrace(bad);
    Path nodes = bad.resolve(OpenbTraceReader.NODE_FILE);
    Files.writeString(
        nodes,
        """
        sn,cpu_milli,memory_mib,gpu,model
        node-0,32000,131072,2,T4
        node-1,32000,131072,two,T4
        """);

    Cli.Result result = Cli.run(environment, "simulate", "--trace-dir", bad.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains(nodes + ":3: column 'gpu'")
        .contains("'two'")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void missingExplicitTraceDir_isUsageErrorNotAFallback() {
    Cli.Result result =
        Cli.run(environment, "simulate", "--trace-dir", temp.resolve("missing").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("no such directory").doesNotContain("SYNTHETIC");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void traceDirWithoutTheFiles_isUsageErrorNamingThem() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("empty"));

    Cli.Result result = Cli.run(environment, "simulate", "--trace-dir", empty.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains(OpenbTraceReader.NODE_FILE)
        .contains(OpenbTraceReader.POD_FILE)
        .doesNotContain("SYNTHETIC");
  }

  @Test
  void traceDirVariable_isUsedWhenNoOptionNamesATrace() {
    CliEnvironment withVariable =
        Cli.environment(temp.resolve("home"), Map.of("GPUAUTOSCALER_TRACE_DIR", trace.toString()));

    Cli.Result result = Cli.run(withVariable, "simulate", "--policy", "first-fit", "--seeds", "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("from $GPUAUTOSCALER_TRACE_DIR");
    assertThat(result.out()).contains("workload  trace " + trace.toAbsolutePath().normalize());
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
