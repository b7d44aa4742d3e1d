package io.gpuautoscaler.cli;

import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.defrag.DefragPlanner;
import io.gpuautoscaler.core.packing.DefaultPacking;
import io.gpuautoscaler.core.sim.Simulator;
import io.gpuautoscaler.core.trace.Trace;
import io.gpuautoscaler.core.trace.TracePod;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-autoscaler defrag}: packs the trace with a policy up to an arrived share of capacity
 * ({@link Simulator#stateAt}), then asks {@link DefragPlanner} for plans of at most N migrations
 * and reports what each frees, per policy, mean over the seeds.
 */
@Command(
    name = "defrag",
    header = "Reports how many GPUs and nodes a few migrations free after a policy has packed.",
    mixinStandardHelpOptions = true,
    versionProvider = GpuAutoscalerCli.Version.class,
    sortOptions = false,
    showDefaultValues = true,
    description = {
      "Replays the workload with each policy as 'simulate' does, stops once the arrived GPU",
      "demand reaches --arrived %% of capacity, and plans at most N migrations of preemptible",
      "pods for each N in --moves (docs/defrag.md). Reports, mean over the seeds, the wholly",
      "free GPUs and the nodes with every GPU free that the plan adds, the moves it uses, and",
      "the most wholly free GPUs on one node (the largest multi-GPU pod that could be placed)",
      "before and after. The workload is chosen as for 'simulate'.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  gpu-autoscaler defrag --policy fgd --policy strand-aware-fgd --seeds 42-44",
      "  gpu-autoscaler defrag --policy fgd --moves 10,50,200 --arrived 95 --preemptible all",
    })
final class DefragCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @Spec private CommandSpec spec;

  @Option(
      names = "--trace-dir",
      paramLabel = "DIR",
      showDefaultValue = Visibility.NEVER,
      description = "Directory with the trace's two CSV files, as for 'simulate'.")
  private Path traceDir;

  @Option(names = "--nodes", paramLabel = "FILE", description = "Node list CSV; needs --pods.")
  private Path nodes;

  @Option(names = "--pods", paramLabel = "FILE", description = "Pod list CSV; needs --nodes.")
  private Path pods;

  @Option(
      names = "--synthetic",
      paramLabel = "SPEC",
      description = "A generated cluster and workload instead of a trace, as for 'simulate'.")
  private String synthetic;

  @Option(
      names = "--synthetic-seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Seed of the built-in synthetic workload, used when no trace is found.")
  private long syntheticSeed;

  @Option(
      names = "--policy",
      paramLabel = "NAME",
      split = ",",
      defaultValue = "fgd",
      description =
          "Packing strategy that packs before planning; repeatable, or comma-separated;"
              + " 'default' names the library's default strategy.")
  private List<String> policies = new ArrayList<>();

  @Option(
      names = "--seeds",
      paramLabel = "SPEC",
      defaultValue = "42-44",
      converter = SeedSpec.Converter.class,
      description =
          "Seeds, one packed cluster per policy and seed. Ranges and lists as 'simulate'.")
  private SeedSpec seeds;

  @Option(
      names = "--arrived",
      paramLabel = "PCT",
      defaultValue = "100",
      description = "Arrived GPU demand, in %% of capacity, at which the cluster is taken.")
  private double arrivedPct;

  @Option(
      names = "--moves",
      paramLabel = "N[,N...]",
      split = ",",
      defaultValue = "10,50,200",
      description = "Move budgets: one plan of at most N migrations each.")
  private List<Integer> moves = new ArrayList<>();

  @Option(
      names = "--preemptible",
      paramLabel = "WHICH",
      defaultValue = "shared",
      description =
          "Which pods may move: shared (those that share a GPU), best-effort (QoS BE in the"
              + " trace), all (every GPU pod).")
  private String preemptible;

  @Option(
      names = {"-q", "--quiet"},
      description = "No notes on stderr (warnings and errors still appear).")
  private boolean quiet;

  DefragCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Predicate<Workload> movable = preemptible(preemptible);
    if (!(arrivedPct > 0)) {
      throw CliException.usage("--arrived must be above 0, was " + arrivedPct);
    }
    for (int m : moves) {
      if (m < 0) {
        throw CliException.usage("--moves must be at least 0, was " + m);
      }
    }
    ProviderRegistry<PackingStrategy.Provider> registry =
        ProviderRegistry.load(PackingStrategy.Provider.class);
    List<String> names = policies.stream().map(p -> DefaultPacking.resolve(p.trim())).toList();
    names.forEach(registry::require);
    TraceSource source =
        SimulateCommand.source(environment, synthetic, traceDir, nodes, pods, syntheticSeed);
    Trace trace = SimulateCommand.load(source, err, quiet, environment);
    Simulator simulator = SimulateCommand.simulator(trace, registry);
    DefragPlanner planner = new DefragPlanner(movable);
    List<Long> seedList = seeds.seeds();

    out.printf(
        Locale.ROOT,
        "Defragmentation at arrived %s %% of capacity; %s; preemptible: %s; seeds %s%n",
        fmt(arrivedPct),
        trace.description(),
        preemptible,
        SeedSpec.format(seedList));
    out.printf(
        Locale.ROOT,
        "%-18s %6s %10s %11s %18s %12s %20s%n",
        "policy",
        "moves",
        "moves used",
        "GPUs freed",
        "GPUs freed (seeds)",
        "nodes freed",
        "largest free block");
    for (String policy : names) {
      double[][] sums = new double[moves.size()][5];
      List<List<Integer>> perSeed = new ArrayList<>();
      for (int i = 0; i < moves.size(); i++) {
        perSeed.add(new ArrayList<>());
      }
      for (long seed : seedList) {
        ClusterState state = simulator.stateAt(policy, seed, arrivedPct);
        for (int i = 0; i < moves.size(); i++) {
          DefragPlanner.Plan plan = planner.plan(state, moves.get(i));
          sums[i][0] += plan.migrations().size();
          sums[i][1] += plan.gpusFreed();
          sums[i][2] += plan.nodesFreed();
          sums[i][3] += plan.largestGpuBlockBefore();
          sums[i][4] += plan.largestGpuBlockAfter();
          perSeed.get(i).add(plan.gpusFreed());
        }
        if (!quiet) {
          err.printf(Locale.ROOT, "gpu-autoscaler: %s seed %d planned%n", policy, seed);
          err.flush();
        }
      }
      double n = seedList.size();
      for (int i = 0; i < moves.size(); i++) {
        out.printf(
            Locale.ROOT,
            "%-18s %6d %10.1f %11.1f %18s %12.1f %20s%n",
            policy,
            moves.get(i),
            sums[i][0] / n,
            sums[i][1] / n,
            perSeed.get(i).toString().replace(" ", ""),
            sums[i][2] / n,
            String.format(Locale.ROOT, "%.1f -> %.1f", sums[i][3] / n, sums[i][4] / n));
      }
    }
    out.flush();
    return GpuAutoscalerCli.EXIT_OK;
  }

  static Predicate<Workload> preemptible(String which) {
    return switch (which) {
      case "shared" -> Workload::sharesGpu;
      case "all" -> w -> true;
      case "best-effort" -> w -> "BE".equals(w.labels().get(TracePod.QOS_LABEL));
      default ->
          throw CliException.usage(
              "--preemptible must be shared, best-effort or all, was " + which);
    };
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
