package io.gpuautoscaler.cli;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.DisruptionBudget;
import io.gpuautoscaler.api.scaling.ScalingLimits;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.autoscale.AutoscaleResult;
import io.gpuautoscaler.core.autoscale.AutoscaleScenario;
import io.gpuautoscaler.core.autoscale.AutoscaleSimulator;
import io.gpuautoscaler.core.autoscale.Baselines;
import io.gpuautoscaler.core.packing.BestFitStrategy;
import io.gpuautoscaler.core.pricing.PriceTable;
import io.gpuautoscaler.core.scaling.ClusterAutoscalerPolicy;
import io.gpuautoscaler.core.scaling.SimulatedGroup;
import io.gpuautoscaler.core.trace.Job;
import io.gpuautoscaler.core.trace.JobTrace;
import io.gpuautoscaler.core.trace.PhillyTraceReader;
import io.gpuautoscaler.core.trace.SyntheticJobs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code simulate --jobs}: replays a job trace through the {@link AutoscaleSimulator} under the
 * baselines ({@code static-peak}, {@code cluster-autoscaler}) and each {@code --autoscale} policy,
 * and writes a table, JSON or HTML report ({@code docs/simulate-jobs.md}).
 *
 * <p>Everything that can be checked before the slow part is: options, the output path, the price
 * file, the node groups, the policy names, and the trace.
 */
final class SimulateJobs {
  /** The most points a timeline should have, so that the HTML stays small. */
  static final int TARGET_SAMPLES = 1500;

  private final CliEnvironment environment;
  private final JobsOptions options;
  private final ReportFormat format;
  private final Path out;
  private final boolean quiet;
  private final PrintWriter stdout;
  private final PrintWriter err;

  SimulateJobs(
      CliEnvironment environment,
      JobsOptions options,
      ReportFormat format,
      Path out,
      boolean quiet,
      PrintWriter stdout,
      PrintWriter err) {
    this.environment = environment;
    this.options = options;
    this.format = format;
    this.out = out;
    this.quiet = quiet;
    this.stdout = stdout;
    this.err = err;
  }

  int run() throws IOException {
    Optional<Duration> checkpoint = checkpoint(options.checkpointEvery);
    String wantedFormat = jobsFormat(options.jobsFormat);
    ProviderRegistry<ScalingPolicy.Provider> registry =
        ProviderRegistry.load(ScalingPolicy.Provider.class);
    List<String> policies = policyNames(registry, options.autoscale);
    ScalingLimits limits = limits(options);

    PriceTable prices = PriceTable.embedded();
    String pricesOrigin = "embedded table (docs/simulate-jobs.md)";
    if (options.prices != null) {
      prices = prices.overriddenBy(readPrices(options.prices));
      pricesOrigin = "embedded table overridden by " + options.prices;
    }
    List<NodeGroupsFile.Spec> specs;
    String groupsOrigin;
    if (options.nodeGroups == null) {
      specs = NodeGroupsFile.defaults(prices);
      groupsOrigin = "default set (docs/examples/node-groups.yaml)";
    } else {
      specs = readGroups(options.nodeGroups, prices);
      groupsOrigin = options.nodeGroups.toString();
    }
    List<SimulatedGroup> all = specs.stream().map(NodeGroupsFile.Spec::simulated).toList();
    List<SimulatedGroup> onDemand =
        all.stream().filter(g -> g.group().capacityType() == CapacityType.ON_DEMAND).toList();
    if (onDemand.isEmpty()) {
      throw CliException.usage(
          "the node groups ("
              + groupsOrigin
              + ") have no on-demand group; the baselines static-peak and cluster-autoscaler"
              + " need one");
    }

    Optional<SyntheticJobs> synthetic = synthetic(options.jobs);
    String traceFormat =
        synthetic.isPresent() ? "synthetic" : traceFormat(options.jobs, wantedFormat);
    JobTrace trace =
        synthetic.isPresent()
            ? new JobTrace(
                "synthetic:" + spec(synthetic.get()),
                synthetic.get().generate(),
                List.of(
                    "the built-in synthetic workload (SyntheticJobs, docs/autoscaling.md), not a"
                        + " real trace: "
                        + spec(synthetic.get())))
            : readTrace(options.jobs);
    List<Job> jobs = withCheckpoints(trace.jobs(), checkpoint);
    if (jobs.isEmpty()) {
      throw CliException.input(options.jobs + ": the trace has no job", null);
    }
    long peak = Baselines.peakConcurrentGpus(jobs);
    Duration step = sampleStep(jobs);

    List<AutoscaleScenario> scenarios = new ArrayList<>();
    scenarios.add(Baselines.staticPeak(jobs, staticShape(onDemand), options.seed));
    scenarios.add(
        AutoscaleScenario.of(
            ClusterAutoscalerPolicy.NAME, onDemand, new ClusterAutoscalerPolicy(), options.seed));
    for (String name : policies) {
      ScalingPolicy policy;
      try {
        policy = registry.require(name).create(Settings.empty());
      } catch (ConfigurationException e) {
        throw CliException.usage("--autoscale " + name + ": " + e.getMessage());
      }
      scenarios.add(
          new AutoscaleScenario(
              name,
              all,
              policy,
              new BestFitStrategy(),
              limits,
              AutoscaleScenario.DEFAULT_SCAN_INTERVAL,
              options.seed));
    }

    if (!quiet) {
      err.printf(
          Locale.ROOT,
          "gpu-autoscaler: replaying %s (%s): %d jobs, %d scenario(s), checkpoints %s%n",
          options.jobs,
          traceFormat,
          jobs.size(),
          scenarios.size(),
          checkpoint.map(d -> "every " + DurationSpec.format(d) + " (assumed)").orElse("none"));
      for (String note : trace.notes()) {
        err.println("  note: " + note);
      }
      err.flush();
    }

    List<JobsReport.Scenario> results = new ArrayList<>();
    try (ProgressBar bar =
        new ProgressBar(
            err,
            environment.nanoTime(),
            (long) jobs.size() * scenarios.size(),
            scenarios.size(),
            !quiet)) {
      bar.startTicking();
      for (AutoscaleScenario scenario : scenarios) {
        int[] reported = {0};
        AutoscaleResult result =
            AutoscaleSimulator.run(
                scenario,
                jobs,
                step,
                (finished, total, at) -> {
                  bar.arrived(finished - reported[0]);
                  reported[0] = finished;
                });
        // Jobs that never finished still count as done for the bar: the run is over.
        bar.arrived(jobs.size() - reported[0]);
        bar.runDone();
        results.add(
            new JobsReport.Scenario(
                scenario.name(),
                scenario.groups().stream().map(g -> g.group().id()).toList(),
                result));
      }
      bar.finish(true);
    }

    JobsReport report =
        new JobsReport(
            GpuAutoscalerCli.version(),
            options.jobs.toString(),
            traceFormat,
            jobs.size(),
            jobs.get(0).submitTime(),
            jobs.get(jobs.size() - 1).submitTime(),
            peak,
            trace.notes(),
            checkpoint,
            options.seed,
            groupsOrigin,
            pricesOrigin,
            specs,
            assumptions(checkpoint, specs, options.nodeGroups == null, limits),
            step,
            results);
    write(report);
    return GpuAutoscalerCli.EXIT_OK;
  }

  private void write(JobsReport report) throws IOException {
    if (out == null) {
      write(report, stdout);
      stdout.flush();
      return;
    }
    try {
      AtomicFiles.write(out, w -> write(report, w));
    } catch (IOException e) {
      throw CliException.input("cannot write " + out + ": " + e.getMessage(), e);
    }
    if (!quiet) {
      err.println("gpu-autoscaler: wrote " + format.id() + " report to " + out);
      err.flush();
    }
  }

  private void write(JobsReport report, Writer w) throws IOException {
    switch (format) {
      case TABLE -> JobsTableReport.write(report, w);
      case JSON -> JobsJsonReport.write(report, w);
      case HTML -> JobsHtmlReport.write(report, w);
    }
  }

  /** {@code --checkpoint-every}: a positive duration, or {@code none}. */
  static Optional<Duration> checkpoint(String spec) {
    if (spec.strip().equals("none")) {
      return Optional.empty();
    }
    Duration d;
    try {
      d = DurationSpec.parse(spec);
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--checkpoint-every: " + e.getMessage() + ", or none");
    }
    if (d.isZero()) {
      throw CliException.usage("--checkpoint-every must be positive, or none; was " + spec);
    }
    return Optional.of(d);
  }

  /** {@code --jobs-format}, with {@code philly} standing for either Philly table. */
  static String jobsFormat(String given) {
    String f = given.strip().toLowerCase(Locale.ROOT);
    return switch (f) {
      case "auto", "philly" -> "auto";
      case "pollux", "rfold" -> f;
      default ->
          throw CliException.usage(
              "--jobs-format: unknown format '"
                  + given
                  + "'; expected auto, philly, pollux or rfold");
    };
  }

  /**
   * The policies of {@code --autoscale}, each checked against the registry; a baseline's name is
   * refused because the baselines always run.
   */
  static List<String> policyNames(
      ProviderRegistry<ScalingPolicy.Provider> registry, List<String> given) {
    Set<String> names = new LinkedHashSet<>();
    for (String raw : given) {
      String name = raw.strip();
      if (name.equals(ClusterAutoscalerPolicy.NAME) || name.equals(Baselines.STATIC_PEAK)) {
        throw CliException.usage(
            "--autoscale "
                + name
                + ": the baselines static-peak and cluster-autoscaler always run");
      }
      if (registry.find(name).isEmpty()) {
        throw CliException.usage(
            "--autoscale: unknown scaling policy '"
                + name
                + "'; known: "
                + String.join(", ", registry.names()));
      }
      if (!names.add(name)) {
        throw CliException.usage("--autoscale " + name + " is given twice");
      }
    }
    return List.copyOf(names);
  }

  /** The static-peak cluster's node: the widest on-demand group, then the cheapest per GPU. */
  static SimulatedGroup staticShape(List<SimulatedGroup> onDemand) {
    return onDemand.stream()
        .min(
            Comparator.comparingInt((SimulatedGroup g) -> -g.group().gpusPerNode())
                .thenComparingDouble(g -> g.group().pricePerGpuHourUsd())
                .thenComparing(g -> g.group().id()))
        .orElseThrow();
  }

  /**
   * The timeline step: the span every job would need if none waited, over {@value #TARGET_SAMPLES},
   * rounded to a whole minute and at least one. Queueing lengthens a run, so a timeline may have
   * somewhat more points.
   */
  static Duration sampleStep(List<Job> jobs) {
    Instant start = jobs.get(0).submitTime();
    Instant end = start;
    for (Job j : jobs) {
      Instant e = j.submitTime().plus(j.duration());
      if (e.isAfter(end)) {
        end = e;
      }
    }
    long minutes = Math.round(Duration.between(start, end).toSeconds() / 60.0 / TARGET_SAMPLES);
    return Duration.ofMinutes(Math.max(1, minutes));
  }

  private static List<Job> withCheckpoints(List<Job> jobs, Optional<Duration> checkpoint) {
    if (checkpoint.isEmpty()) {
      return jobs;
    }
    List<Job> result = new ArrayList<>(jobs.size());
    for (Job j : jobs) {
      // A job whose trace says how it checkpoints keeps that; the Philly tables say nothing.
      result.add(
          j.checkpointInterval().isPresent() ? j : j.withCheckpointInterval(checkpoint.get()));
    }
    return result;
  }

  /** The caps and disruption budget of the --autoscale policies, checked. */
  static ScalingLimits limits(JobsOptions options) {
    OptionalInt spot = cap(options.maxSpotGpus, "--max-spot-gpus");
    OptionalInt onDemand = cap(options.maxOnDemandGpus, "--max-on-demand-gpus");
    DisruptionBudget budget = DisruptionBudget.unlimited();
    if (options.disruptionBudget != null) {
      String text = options.disruptionBudget.trim();
      try {
        int slash = text.indexOf('/');
        int concurrent = Integer.parseInt(slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) {
          budget = new DisruptionBudget(concurrent, Integer.MAX_VALUE, Duration.ofHours(1));
        } else {
          String rest = text.substring(slash + 1);
          int at = rest.indexOf('@');
          if (at < 0) {
            throw new IllegalArgumentException("expected N/M@DURATION");
          }
          budget =
              new DisruptionBudget(
                  concurrent,
                  Integer.parseInt(rest.substring(0, at)),
                  DurationSpec.parse(rest.substring(at + 1)));
        }
      } catch (IllegalArgumentException e) {
        throw CliException.usage(
            "--disruption-budget '"
                + options.disruptionBudget
                + "': "
                + e.getMessage()
                + " (expected N or N/M@DURATION, e.g. 2 or 2/10@1h)");
      }
    }
    return new ScalingLimits(spot, onDemand, budget);
  }

  private static String describe(DisruptionBudget b) {
    if (b.equals(DisruptionBudget.unlimited())) {
      return "unlimited";
    }
    String concurrent =
        b.maxConcurrent() == Integer.MAX_VALUE ? "any number" : String.valueOf(b.maxConcurrent());
    return concurrent
        + " nodes at once"
        + (b.maxPerWindow() == Integer.MAX_VALUE
            ? ""
            : ", " + b.maxPerWindow() + " per " + DurationSpec.format(b.window()));
  }

  private static OptionalInt cap(Integer value, String option) {
    if (value == null) {
      return OptionalInt.empty();
    }
    if (value < 0) {
      throw CliException.usage(option + " must be >= 0, was " + value);
    }
    return OptionalInt.of(value);
  }

  private static List<String> assumptions(
      Optional<Duration> checkpoint,
      List<NodeGroupsFile.Spec> specs,
      boolean defaultSet,
      ScalingLimits limits) {
    List<String> notes = new ArrayList<>();
    if (!limits.equals(ScalingLimits.none())) {
      notes.add(
          "limits of the --autoscale policies: spot GPUs "
              + (limits.maxSpotGpus().isPresent() ? limits.maxSpotGpus().getAsInt() : "uncapped")
              + ", on-demand GPUs "
              + (limits.maxOnDemandGpus().isPresent()
                  ? limits.maxOnDemandGpus().getAsInt()
                  : "uncapped")
              + ", disruption budget "
              + describe(limits.disruption())
              + "; the baselines run without them");
    }
    notes.add(
        checkpoint
            .map(
                d ->
                    "checkpoints: the trace has no checkpoint information; every job is assumed to"
                        + " save its progress every "
                        + DurationSpec.format(d)
                        + " (--checkpoint-every), so an interruption or a scale-down loses at most"
                        + " that much of its work")
            .orElse(
                "checkpoints: none (--checkpoint-every none): no job may run on spot or be moved,"
                    + " and an interruption would lose all of a job's work"));
    if (defaultSet) {
      notes.add(
          "provisioning delay 300 s and 0.05 spot interruptions per node-hour: the default set's"
              + " values, assumed (no stored source measures them)");
      notes.add(
          "reserved price: 0.63 x on-demand, GCP's published 1-year committed-use discount of 37 %,"
              + " assumed (not in the project's price reference); the 4 reserved nodes are billed"
              + " for the whole run");
    } else {
      notes.add(
          "provisioning delays, spot interruption rates and capacity limits: as the node-groups"
              + " file gives them");
    }
    boolean anyTable = specs.stream().anyMatch(s -> !s.priceSource().equals("node-groups file"));
    if (anyTable) {
      notes.add(
          "prices: list prices from the price table; spot prices change continuously and are a"
              + " snapshot");
    }
    notes.add(
        "static-peak: fixed on-demand nodes for the peak concurrent GPU demand, billed from the"
            + " first submission to the last finish");
    return notes;
  }

  /**
   * The format the file's header names, checked against {@code --jobs-format}; reading the header
   * twice keeps {@link PhillyTraceReader} the one judge of the content.
   */
  private static String traceFormat(Path file, String wanted) {
    String header;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      header = r.readLine();
    } catch (IOException e) {
      throw CliException.input("cannot read job trace " + file + ": " + describe(e), e);
    }
    String h = header == null ? "" : header.replace("\uFEFF", "").strip();
    String found =
        h.equals(PhillyTraceReader.POLLUX_HEADER)
            ? "pollux"
            : h.equals(PhillyTraceReader.RFOLD_HEADER) ? "rfold" : "unknown";
    if (!wanted.equals("auto") && !found.equals("unknown") && !found.equals(wanted)) {
      throw CliException.input(
          file
              + ":1: --jobs-format "
              + wanted
              + " was given, but the header is the "
              + found
              + " table's",
          null);
    }
    return found;
  }

  private static String spec(SyntheticJobs s) {
    return "jobs="
        + s.jobs()
        + ",days="
        + s.days()
        + ",seed="
        + s.seed()
        + ",teams="
        + s.teams()
        + s.checkpointInterval().map(c -> ",checkpoint-minutes=" + c.toMinutes()).orElse("");
  }

  /** The synthetic workload {@code --jobs synthetic[:SPEC]} names, if it names one. */
  private static Optional<SyntheticJobs> synthetic(Path jobs) {
    String text = jobs.toString();
    if (!text.equals("synthetic") && !text.startsWith("synthetic:")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          SyntheticJobs.parse(
              text.equals("synthetic") ? "" : text.substring("synthetic:".length())));
    } catch (ConfigurationException e) {
      throw CliException.usage("--jobs " + text + ": " + e.getMessage());
    }
  }

  private static JobTrace readTrace(Path file) {
    try {
      return PhillyTraceReader.read(file);
    } catch (InputFormatException e) {
      throw CliException.input(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw CliException.input(e.getMessage(), e);
    }
  }

  private static PriceTable readPrices(Path file) {
    try {
      return PriceTable.read(file);
    } catch (InputFormatException | UncheckedIOException e) {
      throw CliException.input(e.getMessage(), e);
    }
  }

  private static List<NodeGroupsFile.Spec> readGroups(Path file, PriceTable prices) {
    try {
      return NodeGroupsFile.read(file, prices);
    } catch (InputFormatException | UncheckedIOException e) {
      throw CliException.input(e.getMessage(), e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
