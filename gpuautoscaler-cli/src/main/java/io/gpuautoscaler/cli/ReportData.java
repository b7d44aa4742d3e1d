package io.gpuautoscaler.cli;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.core.sim.PolicyResult;
import io.gpuautoscaler.core.sim.RunResult;
import io.gpuautoscaler.core.sim.SharingReport;
import io.gpuautoscaler.core.sim.SimulationReport;
import io.gpuautoscaler.core.sim.Stat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A simulation's results plus what the reports say about where they came from, and the few derived
 * numbers every format shows the same way.
 *
 * @param simulation the simulator's report; without packing results when only {@code --sharing} was
 *     asked for
 * @param sharing the sharing replay's report, when {@code --sharing} was given
 * @param synthetic whether the workload is the built-in synthetic one rather than a trace
 * @param version the tool's version
 */
record ReportData(
    SimulationReport simulation,
    Optional<SharingReport> sharing,
    boolean synthetic,
    String version) {
  /** The arrival points of the sharing summary. */
  static final int[] SHARING_POINTS = {50, 100, 130};

  /** The arrival points of the summary table: the FGD paper's Fig. 9a and bar plots. */
  static final int[] TABLE_POINTS = {90, 95, 100, 110, 130};

  /** The arrival points whose fragmentation the summary table shows. */
  static final int[] FRAGMENTATION_POINTS = {100, 130};

  ReportData {
    requireNonNull(simulation, "simulation");
    requireNonNull(sharing, "sharing");
    requireNonNull(version, "version");
  }

  /** A report without a sharing replay. */
  ReportData(SimulationReport simulation, boolean synthetic, String version) {
    this(simulation, Optional.empty(), synthetic, version);
  }

  /** The sharing summary's points that the protocol reaches. */
  int[] sharingPoints() {
    return reachable(SHARING_POINTS);
  }

  /** Whether packing strategies were replayed. */
  boolean hasPacking() {
    return !simulation.results().isEmpty();
  }

  /** The summary's unallocated points that the protocol reaches. */
  int[] tablePoints() {
    return reachable(TABLE_POINTS);
  }

  /** The summary's fragmentation points that the protocol reaches. */
  int[] fragmentationPoints() {
    return reachable(FRAGMENTATION_POINTS);
  }

  private int[] reachable(int[] points) {
    int max = simulation.options().maxArrivedPct();
    return IntStream.of(points).filter(x -> x <= max).toArray();
  }

  /** The seeds every policy ran with. */
  List<Long> seeds() {
    if (!simulation.results().isEmpty()) {
      return simulation.results().get(0).seeds();
    }
    return sharing
        .filter(s -> !s.results().isEmpty())
        .map(s -> s.results().get(0).seeds())
        .orElse(List.of());
  }

  /** The paper's "Ideal" line: what a perfect packer leaves unallocated at arrival x %. */
  static double ideal(int x) {
    return Math.max(0, 100 - x);
  }

  /** Mean failed pods per run. */
  static double failedMean(PolicyResult result) {
    return result.runs().stream().mapToInt(RunResult::failed).average().orElse(0);
  }

  /** {@code mean±sd} with two decimals. */
  static String meanSd(Stat stat) {
    return String.format(Locale.ROOT, "%.2f±%.2f", stat.mean(), stat.sd());
  }

  /** Two decimals, the precision of the paper's tables. */
  static String fixed2(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** One decimal. */
  static String fixed1(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  /** The header lines every format shows, as label and text. */
  List<String[]> summary() {
    SimulationReport s = simulation;
    List<Long> seeds = seeds();
    return List.of(
        new String[] {"workload", s.workload()},
        new String[] {
          "cluster",
          String.format(
              Locale.ROOT,
              "%d nodes, %d GPUs; %d pods in the workload (before the protocol's clones)",
              s.nodes(),
              s.gpus(),
              s.pods())
        },
        new String[] {
          "seeds",
          SeedSpec.format(seeds)
              + " ("
              + seeds.size()
              + " run(s) per "
              + (hasPacking() ? "policy" : "sharing scheme")
              + ")"
        },
        new String[] {"protocol", protocol()});
  }

  /** The protocol in one line. */
  String protocol() {
    var o = simulation.options();
    return String.format(
        Locale.ROOT,
        "FGD paper (ATC'23): shuffled pods + random clones up to %s%% of GPU capacity, one"
            + " placement attempt per pod; target workload: shapes of %s%% of pods",
        trim(o.tuningRatio() * 100),
        trim(o.targetCoverage() * 100));
  }

  private static String trim(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
