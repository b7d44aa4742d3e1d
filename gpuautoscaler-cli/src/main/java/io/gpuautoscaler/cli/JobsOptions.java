package io.gpuautoscaler.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * The options of {@code simulate --jobs}, the autoscaling mode ({@link SimulateJobs}). {@code
 * --jobs} switches the mode; the others are usage errors without it.
 */
final class JobsOptions {
  /** The options of this mode, as the usage errors name them. */
  static final List<String> NAMES =
      List.of(
          "--jobs-format",
          "--autoscale",
          "--node-groups",
          "--prices",
          "--checkpoint-every",
          "--max-spot-gpus",
          "--max-on-demand-gpus",
          "--disruption-budget",
          "--seed");

  @Option(
      names = "--jobs",
      paramLabel = "FILE|synthetic[:SPEC]",
      description = {
        "Autoscaling mode: replay this job trace (Philly, Pollux or RFold table) through",
        "node groups that grow and shrink, with the baselines static-peak and",
        "cluster-autoscaler and each --autoscale policy (docs/simulate-jobs.md).",
        "'synthetic' replays the built-in seeded workload instead (no file needed), e.g.",
        "synthetic:jobs=100000,days=60,seed=1,teams=10 (those are its defaults)."
      })
  Path jobs;

  @Option(
      names = "--jobs-format",
      paramLabel = "FORMAT",
      defaultValue = "auto",
      description = "auto (by the header), philly (either Philly table), pollux or rfold.")
  String jobsFormat;

  @Option(
      names = "--autoscale",
      paramLabel = "POLICY",
      split = ",",
      showDefaultValue = Visibility.NEVER,
      description = {
        "Scaling policies to run on all node groups, after the baselines; repeatable or",
        "comma-separated ('default': the recommended combination, once registered).",
        "Default: the baselines only."
      })
  List<String> autoscale = new ArrayList<>();

  @Option(
      names = "--node-groups",
      paramLabel = "FILE",
      showDefaultValue = Visibility.NEVER,
      description = {
        "Node groups (YAML, docs/simulate-jobs.md). Default: GCP us-central1 A100 groups,",
        "on-demand and spot, and 4 reserved nodes (docs/examples/node-groups.yaml)."
      })
  Path nodeGroups;

  @Option(
      names = "--prices",
      paramLabel = "FILE",
      showDefaultValue = Visibility.NEVER,
      description = "Price file (CSV) that overrides and extends the embedded price table.")
  Path prices;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "DURATION",
      defaultValue = "30m",
      description = {
        "ASSUMED checkpoint interval of every job (the trace has none), e.g. 30m, 2h;",
        "'none': no job checkpoints, so none runs on spot or is moved."
      })
  String checkpointEvery;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of the simulated spot interruptions.")
  long seed;

  @Option(
      names = "--max-spot-gpus",
      paramLabel = "N",
      description =
          "Budget throttle: the most spot GPUs the --autoscale policies may ask for (default: no"
              + " cap). The baselines are not capped.")
  Integer maxSpotGpus;

  @Option(
      names = "--max-on-demand-gpus",
      paramLabel = "N",
      description =
          "Budget throttle: the most on-demand GPUs the --autoscale policies may ask for (default:"
              + " no cap).")
  Integer maxOnDemandGpus;

  @Option(
      names = "--disruption-budget",
      paramLabel = "N[/M@DURATION]",
      description = {
        "Voluntary disruptions the --autoscale policies may cause: at most N nodes drained at once,",
        "and with /M@DURATION at most M removals started within any DURATION (e.g. 2/10@1h).",
        "Default: unlimited. Spot reclaims count against it."
      })
  String disruptionBudget;
}
