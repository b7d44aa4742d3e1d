package io.gpuautoscaler.cli;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.sharing.SharingPolicy;
import io.gpuautoscaler.api.sharing.SharingSelector;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.packing.DefaultPacking;
import io.gpuautoscaler.core.sharing.selector.PolicySharingSelector;
import io.gpuautoscaler.core.sim.ReplayOptions;
import io.gpuautoscaler.core.sim.SharingReplay;
import io.gpuautoscaler.core.sim.SharingReport;
import io.gpuautoscaler.core.sim.SharingScheme;
import io.gpuautoscaler.core.sim.SimulationReport;
import io.gpuautoscaler.core.sim.Simulator;
import io.gpuautoscaler.core.trace.OpenbTraceReader;
import io.gpuautoscaler.core.trace.SyntheticOpenb;
import io.gpuautoscaler.core.trace.SyntheticSpec;
import io.gpuautoscaler.core.trace.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-autoscaler simulate}: replays a trace with packing strategies under the FGD paper's
 * protocol ({@link ReplayOptions#PAPER}) and writes a table, JSON or HTML report; with {@code
 * --jobs}, replays a job trace through autoscaled node groups instead ({@link SimulateJobs}).
 *
 * <p>Which workload is replayed is decided by {@link TraceLocator}; when it falls back to the
 * synthetic workload a warning on stderr says so (even with {@code --quiet}), and every report
 * names its workload.
 */
@Command(
    name = "simulate",
    header = {
      "Replays a trace with packing strategies and reports the unallocated GPU; with --jobs,",
      "replays a job trace through autoscaled node groups and reports cost and waiting."
    },
    mixinStandardHelpOptions = true,
    versionProvider = GpuAutoscalerCli.Version.class,
    sortOptions = false,
    showDefaultValues = true,
    description = {
      "Replays a GPU cluster trace with packing strategies under the protocol of the FGD paper",
      "(Weng et al., USENIX ATC'23): per seed, the pods are shuffled and random clones appended",
      "until 130%% of the GPU capacity has arrived; each pod gets one placement attempt. Reports",
      "unallocated GPU %% against arrived workload %%, mean±sd over the seeds.",
      "",
      "Workload: --nodes/--pods, else --trace-dir, else $GPUAUTOSCALER_TRACE_DIR, else",
      "<home>/../shared/data/alibaba-gpu-v2023, else <home>/traces/alibaba-gpu-v2023 (where",
      "scripts/download-trace.sh puts it), else a built-in synthetic workload (with a warning).",
      "",
      "With --jobs FILE (autoscaling mode, docs/simulate-jobs.md): replays the jobs with their",
      "submit times and durations through the packing engine, a queue, and node groups that",
      "grow and shrink with delays, spot interruptions and prices. The baselines static-peak",
      "and cluster-autoscaler always run first, then each --autoscale policy. Reports cost,",
      "GPU-hours provisioned and busy, pending time, interruptions and lost work.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  gpu-autoscaler simulate --policy fgd --policy best-fit --seeds 42-43",
      "  gpu-autoscaler simulate --seeds 42-51 --format html --out report.html",
      "  gpu-autoscaler simulate --nodes nodes.csv --pods pods.csv --format json --quiet",
      "  gpu-autoscaler simulate --sharing exclusive,auto --seeds 42-44",
      "  gpu-autoscaler simulate --jobs philly.csv --autoscale pending-gpu",
      "  gpu-autoscaler simulate --jobs philly.csv --autoscale pending-gpu --node-groups my.yaml \\",
      "      --checkpoint-every none --format html --out autoscale.html",
    })
final class SimulateCommand implements Callable<Integer> {
  /** The options of the packing mode, refused with {@code --jobs}. */
  private static final List<String> PACKING_OPTIONS =
      List.of(
          "--trace-dir",
          "--nodes",
          "--pods",
          "--policy",
          "--seeds",
          "--threads",
          "--synthetic-seed",
          "--synthetic",
          "--sharing",
          "--sharing-rules");

  private final CliEnvironment environment;

  @Mixin private JobsOptions jobsOptions = new JobsOptions();

  @Spec private CommandSpec spec;

  @Option(
      names = "--trace-dir",
      paramLabel = "DIR",
      showDefaultValue = Visibility.NEVER,
      description = {
        "Directory with the trace's two CSV files:",
        OpenbTraceReader.NODE_FILE + " and " + OpenbTraceReader.POD_FILE + ".",
        "Default: $GPUAUTOSCALER_TRACE_DIR, then the places above."
      })
  private Path traceDir;

  @Option(
      names = "--nodes",
      paramLabel = "FILE",
      description = "Node list CSV (openb format); needs --pods.")
  private Path nodes;

  @Option(
      names = "--pods",
      paramLabel = "FILE",
      description = "Pod list CSV (openb format, 5 or 11 columns); needs --nodes.")
  private Path pods;

  @Option(
      names = "--policy",
      paramLabel = "NAME",
      split = ",",
      showDefaultValue = Visibility.NEVER,
      description = {
        "Packing strategy to replay; repeatable, or comma-separated. 'default' is the",
        "library's default strategy (" + DefaultPacking.STRATEGY + ").",
        "Default: every registered strategy, by name (see 'gpu-autoscaler policies')."
      })
  private List<String> policies = new ArrayList<>();

  @Option(
      names = "--seeds",
      paramLabel = "SPEC",
      defaultValue = "42-51",
      converter = SeedSpec.Converter.class,
      description = "Seeds, one run per policy and seed. Ranges and lists: 42-51, 42,44,50-51.")
  private SeedSpec seeds;

  @Option(
      names = "--threads",
      paramLabel = "N",
      showDefaultValue = Visibility.NEVER,
      description = "Runs in parallel. Default: the number of processors.")
  private Integer threads;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = ReportFormat.Converter.class,
      description = "table, json (schema: docs/simulate-json.md) or html (self-contained page).")
  private ReportFormat format;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      description = "Write the report to FILE (replaced only once complete). Default: stdout.")
  private Path out;

  @Option(
      names = "--synthetic-seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seed of the built-in synthetic workload, used when no trace is found.")
  private long syntheticSeed;

  @Option(
      names = "--synthetic",
      paramLabel = "SPEC",
      description =
          "Replay a generated cluster and workload instead of a trace, e.g."
              + " nodes=10000,seed=7,shared=0.6,multi=0.05,constrained=0.3 (keys: nodes, seed,"
              + " pods, shapes, cpu, shared, whole, multi, constrained; docs/simulate.md).")
  private String synthetic;

  @Option(
      names = "--sharing",
      paramLabel = "SCHEME",
      split = ",",
      showDefaultValue = Visibility.NEVER,
      description = {
        "Replay sharing schemes and report jobs per GPU:",
        "exclusive (whole GPUs, fractions rounded up) and/or",
        "auto (the 'policy' sharing selector: MIG, MPS, time-slicing).",
        "Repeatable or comma-separated. Without --policy, no packing",
        "strategy is replayed (docs/sharing.md)."
      })
  private List<String> sharing = new ArrayList<>();

  @Option(
      names = "--sharing-rules",
      paramLabel = "SPEC",
      description = {
        "Change the sharing policy's thresholds for --sharing auto, e.g.",
        "time-slicing-for-latency-sensitive=true,max-replicas=4",
        "(keys: modes, max-shared-compute-milli, min-utilization-gain,",
        "time-slicing-for-latency-sensitive, mig-for-isolation,",
        "max-replicas; docs/sharing.md)."
      })
  private String sharingRules;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar or notes on stderr (warnings and errors still appear).")
  private boolean quiet;

  SimulateCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    ParseResult parsed = spec.commandLine().getParseResult();
    if (jobsOptions.jobs != null) {
      refuse(parsed, PACKING_OPTIONS, "applies", "apply", "to the packing mode, not to --jobs");
      checkOut();
      return new SimulateJobs(
              environment, jobsOptions, format, out, quiet, spec.commandLine().getOut(), err)
          .run();
    }
    refuse(parsed, JobsOptions.NAMES, "needs", "need", "--jobs FILE (the autoscaling mode)");
    int threadCount = threads == null ? environment.processors() : threads;
    if (threadCount < 1) {
      throw CliException.usage("--threads must be at least 1, was " + threadCount);
    }
    ProviderRegistry<PackingStrategy.Provider> registry =
        ProviderRegistry.load(PackingStrategy.Provider.class);
    List<SharingScheme> schemes = schemes();
    SharingPolicy sharingPolicy = sharingPolicy(schemes);
    List<String> names =
        schemes.isEmpty() || !policies.isEmpty() ? policyNames(registry) : List.of();
    checkOut();

    TraceSource source = source(environment, synthetic, traceDir, nodes, pods, syntheticSeed);
    Trace trace = load(source, err, quiet, environment);

    List<Long> seedList = seeds.seeds();
    int runs = names.size() * seedList.size();
    Simulator simulator = simulator(trace, registry);
    Optional<SharingReport> sharingReport = Optional.empty();
    if (!schemes.isEmpty()) {
      sharingReport =
          Optional.of(sharing(trace, sharingPolicy, schemes, seedList, threadCount, err));
    }
    SimulationReport report;
    if (names.isEmpty()) {
      report = boundOnly(trace, simulator, seedList);
    } else {
      report = pack(simulator, names, seedList, threadCount, runs, err);
    }

    ReportData data =
        new ReportData(
            report,
            sharingReport,
            !(source instanceof TraceSource.Files),
            GpuAutoscalerCli.version());
    if (out == null) {
      PrintWriter stdout = spec.commandLine().getOut();
      format.write(data, stdout);
      stdout.flush();
    } else {
      try {
        AtomicFiles.write(out, w -> format.write(data, w));
      } catch (IOException e) {
        throw CliException.input("cannot write " + out + ": " + describe(e), e);
      }
      if (!quiet) {
        err.println("gpu-autoscaler: wrote " + format.id() + " report to " + out);
        err.flush();
      }
    }
    return GpuAutoscalerCli.EXIT_OK;
  }

  /** A usage error naming the options of {@code names} that were given, if any. */
  private static void refuse(
      ParseResult parsed, List<String> names, String verbOne, String verbMany, String why) {
    List<String> given = names.stream().filter(parsed::hasMatchedOption).toList();
    if (!given.isEmpty()) {
      throw CliException.usage(
          String.join(", ", given) + " " + (given.size() == 1 ? verbOne : verbMany) + " " + why);
    }
  }

  /** The policy of {@code --sharing-rules}, checked before anything slow happens. */
  private SharingPolicy sharingPolicy(List<SharingScheme> schemes) {
    if (sharingRules == null) {
      return SharingPolicy.DEFAULT;
    }
    if (!schemes.contains(SharingScheme.AUTO)) {
      throw CliException.usage("--sharing-rules applies to --sharing auto only");
    }
    try {
      return SharingPolicy.of(SharingRulesSpec.parse(sharingRules));
    } catch (ConfigurationException e) {
      throw CliException.usage("--sharing-rules: " + e.getMessage());
    }
  }

  /** The schemes asked for with {@code --sharing}, each once. */
  private List<SharingScheme> schemes() {
    List<SharingScheme> result = new ArrayList<>();
    for (String label : sharing) {
      SharingScheme scheme;
      try {
        scheme = SharingScheme.fromLabel(label);
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--sharing: " + e.getMessage());
      }
      if (result.contains(scheme)) {
        throw CliException.usage("--sharing " + scheme.label() + " is given twice");
      }
      result.add(scheme);
    }
    return result;
  }

  private SharingReport sharing(
      Trace trace,
      SharingPolicy policy,
      List<SharingScheme> schemes,
      List<Long> seedList,
      int threadCount,
      PrintWriter err) {
    SharingSelector selector =
        ProviderRegistry.load(SharingSelector.Provider.class)
            .require(PolicySharingSelector.NAME)
            .create(io.gpuautoscaler.api.spi.Settings.empty());
    SharingReplay replay;
    try {
      replay =
          new SharingReplay(trace, ReplayOptions.PAPER, selector, policy, GpuCatalog.builtin());
    } catch (IllegalArgumentException e) {
      throw CliException.input(e.getMessage(), e);
    }
    if (!quiet) {
      err.printf(
          Locale.ROOT,
          "gpu-autoscaler: sharing %s x %d seed(s)%n",
          schemes.stream().map(SharingScheme::label).toList(),
          seedList.size());
      for (String note : replay.notes()) {
        err.println("  note: " + note);
      }
      err.flush();
    }
    return replay.run(schemes, seedList, threadCount);
  }

  /** A report with the bound only, for a run that replays sharing schemes and no strategy. */
  private static SimulationReport boundOnly(Trace trace, Simulator simulator, List<Long> seedList) {
    List<double[]> runs = new ArrayList<>();
    for (long seed : seedList) {
      runs.add(simulator.boundUnallocatedPct(seed));
    }
    List<SimulationReport.BoundPoint> bound = new ArrayList<>();
    for (int x = 0; x <= ReplayOptions.PAPER.maxArrivedPct(); x++) {
      double[] values = new double[runs.size()];
      for (int r = 0; r < values.length; r++) {
        values[r] = runs.get(r)[x];
      }
      bound.add(new SimulationReport.BoundPoint(x, io.gpuautoscaler.core.sim.Stat.of(values)));
    }
    return new SimulationReport(
        trace.description(),
        trace.nodes().size(),
        simulator.capacityMilli() / 1000,
        trace.pods().size(),
        ReplayOptions.PAPER,
        List.of(),
        bound);
  }

  private SimulationReport pack(
      Simulator simulator,
      List<String> names,
      List<Long> seedList,
      int threadCount,
      int runs,
      PrintWriter err) {
    if (!quiet) {
      err.printf(
          Locale.ROOT,
          "gpu-autoscaler: %d polic%s x %d seed(s) = %d run(s) on %d thread(s)%n",
          names.size(),
          names.size() == 1 ? "y" : "ies",
          seedList.size(),
          runs,
          Math.min(threadCount, runs));
      err.flush();
    }
    try (ProgressBar progress =
        new ProgressBar(
            err, environment.nanoTime(), simulator.arrivedMilliPerRun() * runs, runs, !quiet)) {
      progress.startTicking();
      SimulationReport report = simulator.run(names, seedList, threadCount, progress);
      progress.finish(true);
      return report;
    }
  }

  /**
   * The policies asked for, checked against the registry before anything slow happens; {@value
   * DefaultPacking#ALIAS} stands for the library's default strategy.
   */
  private List<String> policyNames(ProviderRegistry<PackingStrategy.Provider> registry) {
    if (policies.isEmpty()) {
      return List.copyOf(registry.names());
    }
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (String given : policies) {
      String name = DefaultPacking.resolve(given.trim());
      registry.require(name);
      if (!seen.add(name)) {
        throw CliException.usage("--policy " + given.trim() + " is given twice");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /** Fails before the simulation, not after it, when the report could not be written. */
  private void checkOut() {
    if (out == null) {
      return;
    }
    if (Files.isDirectory(out)) {
      throw CliException.usage("--out " + out + " is a directory; give a file name");
    }
    Path dir = out.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw CliException.usage("--out " + out + ": directory " + dir + " does not exist");
    }
  }

  /** The workload the options name, as described in the command's help. */
  static TraceSource source(
      CliEnvironment environment,
      String synthetic,
      Path traceDir,
      Path nodes,
      Path pods,
      long syntheticSeed) {
    if (synthetic != null) {
      if (traceDir != null || nodes != null || pods != null) {
        throw CliException.usage("--synthetic replaces --trace-dir and --nodes/--pods; give one");
      }
      try {
        return new TraceSource.Generated(SyntheticSpec.parse(synthetic));
      } catch (ConfigurationException e) {
        throw CliException.usage("--synthetic: " + e.getMessage());
      }
    }
    return new TraceLocator(environment)
        .locate(
            Optional.ofNullable(traceDir),
            Optional.ofNullable(nodes),
            Optional.ofNullable(pods),
            syntheticSeed);
  }

  /** Reads or generates the workload, saying on {@code err} which one it is. */
  static Trace load(
      TraceSource source, PrintWriter err, boolean quiet, CliEnvironment environment) {
    if (source instanceof TraceSource.Generated g) {
      Trace generated;
      try {
        generated = g.spec().generate();
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--synthetic: " + e.getMessage());
      }
      if (!quiet) {
        err.println("gpu-autoscaler: replaying " + generated.description());
        err.flush();
      }
      return generated;
    }
    if (source instanceof TraceSource.Synthetic s) {
      err.println(
          "gpu-autoscaler: warning: no trace found, so this replays the built-in SYNTHETIC"
              + " workload (seed "
              + s.seed()
              + "), not the Alibaba trace.");
      err.println("  searched: " + String.join("; ", s.searched()));
      err.println(
          "  to get the real trace run scripts/download-trace.sh (it puts it in "
              + environment.home().resolve("traces").resolve(TraceLocator.TRACE_FOLDER)
              + "), or pass --trace-dir DIR, or --nodes FILE --pods FILE.");
      err.flush();
      return SyntheticOpenb.trace(s.seed());
    }
    TraceSource.Files files = (TraceSource.Files) source;
    if (!quiet) {
      err.println(
          "gpu-autoscaler: replaying " + files.description() + " (from " + files.origin() + ")");
      err.flush();
    }
    Trace read;
    try {
      read = OpenbTraceReader.read(files.nodes(), files.pods());
    } catch (UncheckedIOException e) {
      throw CliException.input(e.getMessage(), e);
    }
    return new Trace(files.description(), read.nodes(), read.pods());
  }

  static Simulator simulator(Trace trace, ProviderRegistry<PackingStrategy.Provider> registry) {
    try {
      return new Simulator(trace, registry, ReplayOptions.PAPER);
    } catch (IllegalArgumentException e) {
      // The trace parsed but cannot be replayed: no GPU in the cluster or no GPU pod.
      throw CliException.input(e.getMessage(), e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
