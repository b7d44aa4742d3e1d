package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate --jobs} on a small Pollux-format trace: formats, assumptions, errors. */
class SimulateJobsTest {
  @TempDir Path temp;
  private Path trace;
  private CliEnvironment environment;

  @BeforeEach
  void setUp() throws Exception {
    trace = temp.resolve("philly.csv");
    // 24 jobs over 6 hours: 1, 2, 4, 8 and 16 GPUs, minutes to hours long, out of order once.
    StringBuilder csv = new StringBuilder("timestamp,duration,num_gpus,gpu_time,cluster\n");
    int[] gpus = {1, 2, 8, 4, 1, 16, 8, 2};
    for (int i = 0; i < 24; i++) {
      int g = gpus[i % gpus.length];
      int duration = 600 + 900 * (i % 5);
      int minute = i == 5 ? 1 : 15 * i;
      csv.append(
          String.format(
              "2017-10-09 %02d:%02d:00,%d,%d,%d,vc%d%n",
              minute / 60, minute % 60, duration, g, duration * g, i % 3));
    }
    Files.writeString(trace, csv.toString());
    environment = Cli.environment(temp.resolve("home"), Map.of());
  }

  private Cli.Result simulate(String... args) {
    List<String> all = new ArrayList<>(List.of("simulate", "--jobs", trace.toString()));
    all.addAll(List.of(args));
    return Cli.run(environment, all.toArray(String[]::new));
  }

  @Test
  void table_hasTheBaselinesThePolicyAndTheAssumptions() {
    Cli.Result result = simulate("--autoscale", "pending-gpu", "--quiet");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("GPU Autoscaler autoscaling replay")
        .contains(trace + " (pollux): 24 jobs")
        .contains("default set (docs/examples/node-groups.yaml)")
        .contains(
            "a2-highgpu-8g-reserved: gcp us-central1-a a2-highgpu-8g, 8 x A100-40GB, reserved")
        .contains("every job is assumed to save its progress every 30m")
        .contains("0.63 x on-demand")
        .contains("seed        1");
    List<String> lines = result.out().lines().toList();
    int header =
        lines.indexOf(lines.stream().filter(l -> l.startsWith("policy ")).findFirst().get());
    assertThat(lines.get(header))
        .contains(
            "cost USD", "vs static-peak", "vs cluster-autoscaler", "GPU-h lost", "peak nodes");
    assertThat(lines.get(header + 1)).startsWith("static-peak ").contains("+0.0 %");
    assertThat(lines.get(header + 2)).startsWith("cluster-autoscaler ");
    assertThat(lines.get(header + 3)).startsWith("pending-gpu ");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void json_hasEveryDocumentedFieldAndIsTheSameForTheSameSeed() throws Exception {
    Cli.Result first = simulate("--autoscale", "pending-gpu", "--format", "json", "--quiet");
    Cli.Result second = simulate("--autoscale", "pending-gpu", "--format", "json", "--quiet");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    JsonNode root = new ObjectMapper().readTree(first.out());
    assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(root.get("trace").get("jobs").asInt()).isEqualTo(24);
    assertThat(root.get("trace").get("format").asText()).isEqualTo("pollux");
    assertThat(root.get("assumptions").get("checkpointEvery").asText()).isEqualTo("30m");
    assertThat(root.get("assumptions").get("checkpointEverySeconds").asLong()).isEqualTo(1800);
    assertThat(root.get("assumptions").get("notes").get(0).asText())
        .contains("assumed to save its progress every 30m");
    assertThat(root.get("nodeGroups")).hasSize(5);
    assertThat(root.get("nodeGroups").get(4).get("capacityType").asText()).isEqualTo("reserved");
    JsonNode results = root.get("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).get("policy").asText()).isEqualTo("static-peak");
    assertThat(results.get(1).get("policy").asText()).isEqualTo("cluster-autoscaler");
    assertThat(results.get(2).get("policy").asText()).isEqualTo("pending-gpu");
    for (JsonNode r : results) {
      for (String field :
          List.of(
              "policy",
              "costUsd",
              "costUsdByGroup",
              "gpuHoursProvisioned",
              "gpuHoursBusy",
              "utilizationPct",
              "pendingSeconds",
              "jobsInterrupted",
              "jobsEvicted",
              "gpuHoursLost",
              "gpuHoursLostToInterruptions",
              "jobsNeverFinished",
              "peakNodes",
              "scaleUps",
              "nodesAdded",
              "nodesRemoved",
              "interruptionNotices",
              "insufficientCapacityEvents",
              "sampleReasons")) {
        assertThat(r.has(field)).as(r.get("policy") + "." + field).isTrue();
      }
      assertThat(r.get("pendingSeconds").has("p99")).isTrue();
      assertThat(r.get("jobsNeverFinished").asInt()).isZero();
      assertThat(r.get("gpuHoursBusy").asDouble()).isPositive();
      assertThat(r.get("gpuHoursProvisioned").asDouble())
          .isGreaterThanOrEqualTo(r.get("gpuHoursBusy").asDouble());
    }
    // cluster-autoscaler runs on the on-demand groups only; pending-gpu on all five.
    assertThat(results.get(1).get("nodeGroups")).hasSize(2);
    assertThat(results.get(2).get("nodeGroups")).hasSize(5);
    assertThat(results.get(0).get("vsStaticPeakPct").asDouble()).isZero();
  }

  @Test
  void checkpointNone_isReportedAndChangesTheAssumption() throws Exception {
    Cli.Result result =
        simulate("--checkpoint-every", "none", "--format", "json", "--quiet", "--seed", "7");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(result.out());
    assertThat(root.get("assumptions").get("checkpointEvery").asText()).isEqualTo("none");
    assertThat(root.get("assumptions").get("checkpointEverySeconds").isNull()).isTrue();
    assertThat(root.get("seed").asLong()).isEqualTo(7);
    // Without --autoscale only the baselines run.
    assertThat(root.get("results")).hasSize(2);
  }

  @Test
  void html_isSelfContainedWithChartsPerScenario() throws Exception {
    Path out = temp.resolve("report.html");
    Cli.Result result =
        simulate("--autoscale", "pending-gpu", "--format", "html", "--out", out.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("wrote html report to " + out);
    String html = Files.readString(out);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<svg id=\"cost\"", "<svg id=\"s0-gpus\"", "<svg id=\"s2-pending\"")
        .contains("<h2>pending-gpu</h2>", "reserved provisioned", "spot busy")
        .contains("Assumed, not measured: checkpoints")
        .doesNotContain("<script", " src=", " href=", "@import");
  }

  @Test
  void nodeGroupsAndPricesFiles_areUsed() throws Exception {
    Path prices = temp.resolve("prices.csv");
    Files.writeString(
        prices,
        "cloud,region,instance_type,capacity_type,gpus,gpu_model,usd_per_hour,source,as_of\n"
            + "aws,us-east-1,p4d.24xlarge,spot,8,A100-40GB,9.5,my-quote,2026-08-01\n");
    Path groups = temp.resolve("groups.yaml");
    String group =
        """
          - id: %s
            cloud: aws
            region: us-east-1
            zone: us-east-1a
            instanceType: p4d.24xlarge
            gpuModel: A100-40GB
            gpusPerNode: 8
            cpusPerNode: 96
            memoryGiBPerNode: 1152
            capacityType: %s
            min: 0
            max: 50
            provisioningDelay: 3m
        """;
    Files.writeString(
        groups,
        "nodeGroups:\n"
            + group.formatted("p4d-od", "on-demand")
            + group.formatted("p4d-spot", "spot")
            + "    interruptionsPerHour: 0.02\n");

    Cli.Result result =
        simulate(
            "--node-groups",
            groups.toString(),
            "--prices",
            prices.toString(),
            "--autoscale",
            "pending-gpu",
            "--format",
            "json",
            "--quiet");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(result.out());
    assertThat(root.get("nodeGroups").get(0).get("pricePerHourUsd").asDouble())
        .isEqualTo(21.957642);
    assertThat(root.get("nodeGroups").get(1).get("priceSource").asText())
        .isEqualTo("my-quote (as of 2026-08-01)");
    assertThat(root.get("results").get(0).get("costUsdByGroup").has("p4d-od")).isTrue();
  }

  @Test
  void mixingModes_isAUsageErrorNamingTheOptions() {
    Cli.Result jobsWithPacking = simulate("--policy", "fgd", "--seeds", "1");
    assertThat(jobsWithPacking.exitCode()).isEqualTo(2);
    assertThat(jobsWithPacking.err())
        .contains("--policy, --seeds apply to the packing mode, not to --jobs");

    Cli.Result packingWithJobs =
        Cli.run(environment, "simulate", "--autoscale", "pending-gpu", "--seed", "3");
    assertThat(packingWithJobs.exitCode()).isEqualTo(2);
    assertThat(packingWithJobs.err())
        .contains("--autoscale, --seed need --jobs FILE (the autoscaling mode)");

    Cli.Result oneOption = Cli.run(environment, "simulate", "--checkpoint-every", "1h");
    assertThat(oneOption.exitCode()).isEqualTo(2);
    assertThat(oneOption.err()).contains("--checkpoint-every needs --jobs FILE");
  }

  @Test
  void limits_capThePoliciesButNotTheBaselines() throws Exception {
    Path groups = temp.resolve("od-and-spot.yaml");
    String group =
        """
          - id: %s
            cloud: gcp
            region: us-central1
            zone: us-central1-a
            instanceType: a2-highgpu-8g
            gpuModel: A100-40GB
            gpusPerNode: 8
            cpusPerNode: 96
            memoryGiBPerNode: 680
            capacityType: %s
            min: 0
            max: 50
            provisioningDelay: 5m
        """;
    Files.writeString(
        groups,
        "nodeGroups:\n"
            + group.formatted("od", "on-demand")
            + group.formatted("spot", "spot")
            + "    interruptionsPerHour: 0.05\n");
    List<String> common =
        List.of(
            "--node-groups",
            groups.toString(),
            "--autoscale",
            "pending-gpu",
            "--format",
            "json",
            "--quiet");
    List<String> capped = new ArrayList<>(common);
    capped.addAll(List.of("--max-spot-gpus", "0", "--disruption-budget", "2/10@1h"));

    Cli.Result result = simulate(capped.toArray(String[]::new));
    Cli.Result uncapped = simulate(common.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(result.out());
    JsonNode policy = root.get("results").get(2);
    assertThat(policy.get("policy").asText()).isEqualTo("pending-gpu");
    assertThat(policy.get("costUsdByGroup").get("spot").asDouble()).isZero();
    assertThat(policy.get("costUsdByGroup").get("od").asDouble()).isPositive();
    assertThat(root.get("assumptions").toString())
        .contains("spot GPUs 0")
        .contains("2 nodes at once, 10 per 1h");
    JsonNode free = new ObjectMapper().readTree(uncapped.out()).get("results").get(2);
    assertThat(free.get("costUsdByGroup").get("spot").asDouble()).isPositive();
  }

  @Test
  void syntheticJobs_needNoFileAndAreReproducible() throws Exception {
    List<String> args =
        List.of(
            "simulate",
            "--jobs",
            "synthetic:jobs=300,days=2,seed=5,teams=3",
            "--autoscale",
            "default",
            "--format",
            "json",
            "--quiet");
    Cli.Result first = Cli.run(environment, args.toArray(String[]::new));
    Cli.Result second = Cli.run(environment, args.toArray(String[]::new));

    assertThat(first.exitCode()).as(first.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(first.out());
    assertThat(root.get("results")).hasSize(3);
    assertThat(root.get("results").get(2).get("policy").asText()).isEqualTo("default");
    assertThat(root.toString()).contains("jobs=300,days=2,seed=5,teams=3");
    assertThat(first.out()).isEqualTo(second.out());

    Cli.Result bad = Cli.run(environment, "simulate", "--jobs", "synthetic:jobz=3");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown key 'jobz'");
  }

  @Test
  void badOptions_areUsageErrors() {
    Cli.Result budget = simulate("--disruption-budget", "2/ten@1h");
    assertThat(budget.exitCode()).isEqualTo(2);
    assertThat(budget.err()).contains("--disruption-budget '2/ten@1h'").contains("2/10@1h");

    Cli.Result cap = simulate("--max-spot-gpus", "-1");
    assertThat(cap.exitCode()).isEqualTo(2);
    assertThat(cap.err()).contains("--max-spot-gpus must be >= 0");

    Cli.Result checkpoint = simulate("--checkpoint-every", "soon");
    assertThat(checkpoint.exitCode()).isEqualTo(2);
    assertThat(checkpoint.err()).contains("--checkpoint-every: expected a whole number and a unit");

    Cli.Result zero = simulate("--checkpoint-every", "0m");
    assertThat(zero.exitCode()).isEqualTo(2);

    Cli.Result unknown = simulate("--autoscale", "magic");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("unknown scaling policy 'magic'; known: ")
        .contains("pending-gpu");

    Cli.Result baseline = simulate("--autoscale", "cluster-autoscaler");
    assertThat(baseline.exitCode()).isEqualTo(2);
    assertThat(baseline.err()).contains("always run");

    Cli.Result format = simulate("--jobs-format", "alibaba");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("expected auto, philly, pollux or rfold");
  }

  @Test
  void malformedTrace_failsWithFileLineAndColumn() throws Exception {
    Files.writeString(
        trace,
        "timestamp,duration,num_gpus,gpu_time,cluster\n"
            + "2017-10-09 00:00:00,60,1,60,vc1\n"
            + "2017-10-09 00:01:00,sixty,1,60,vc1\n");

    Cli.Result result = simulate("--quiet");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains(trace + ":3: column 'duration': expected a number of seconds, found 'sixty'");
  }

  @Test
  void wrongJobsFormat_andMissingTrace_areInputErrors() {
    Cli.Result wrong = simulate("--jobs-format", "rfold", "--quiet");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .contains(":1: --jobs-format rfold was given, but the header is the pollux");

    Cli.Result philly = simulate("--jobs-format", "philly", "--quiet");
    assertThat(philly.exitCode()).as(philly.err()).isZero();

    Cli.Result missing =
        Cli.run(environment, "simulate", "--jobs", temp.resolve("nope.csv").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("nope.csv");
  }

  @Test
  void badNodeGroupsFile_isAnInputErrorWithItsLine() throws Exception {
    Path groups = temp.resolve("bad.yaml");
    Files.writeString(groups, "nodeGroups:\n  - id: x\n    colour: red\n");

    Cli.Result result = simulate("--node-groups", groups.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains(groups + ":3: unknown field 'colour'");
  }
}
