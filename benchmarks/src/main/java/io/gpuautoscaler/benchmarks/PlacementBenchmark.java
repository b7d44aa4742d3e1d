package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.packing.BuiltinSettings;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Placement decisions per second of every built-in strategy on a synthetic cluster of 8-GPU nodes
 * ({@link SyntheticCluster}) that the strategy itself first fills to 70 % of its GPU milli. {@code
 * decide} times one decision on the unchanged state; {@code churn} times a decision plus applying
 * it and releasing the oldest workload, at steady utilization (see {@link SteadyCluster}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PlacementBenchmark -p strategy=best-fit -p nodes=10000
 * java -jar benchmarks/target/benchmarks.jar PlacementBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 *
 * The setup (filling 10,000 nodes with the O(n) strategies) takes several seconds per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PlacementBenchmark {
  /** Share of the cluster's GPU milli allocated before timing starts. */
  static final double FILL_GPU_FRACTION = 0.70;

  /** Probe workloads {@code decide} cycles through: enough to defeat branch prediction. */
  static final int PROBES = 4096;

  @Param({
    "first-fit",
    "best-fit",
    "worst-fit",
    "random",
    "dot-product",
    "gpu-clustering",
    "gpu-packing",
    "fgd",
    "strand-aware-fgd",
    "horizon-fgd"
  })
  String strategy; // every built-in packing provider's name

  @Param({"1000", "5000", "10000"})
  int nodes;

  SteadyCluster cluster;

  @Setup
  public void setUp() {
    var random = new SplittableRandom(42); // fixed seed: runs stay comparable
    var state = ClusterState.of(SyntheticCluster.nodes(random, nodes));
    PackingStrategy packing =
        ProviderRegistry.load(PackingStrategy.Provider.class)
            .require(strategy)
            .create(Settings.empty().with(BuiltinSettings.SEED, "42"));
    long start = System.nanoTime();
    var placed = SyntheticCluster.fill(state, packing, random, FILL_GPU_FRACTION);
    long fillMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    var probes = SyntheticCluster.workloads(random, "probe", PROBES);
    var arrivals = random.split();
    cluster =
        new SteadyCluster(
            state,
            packing,
            placed,
            probes,
            i -> SyntheticCluster.workload(arrivals, "arrival-" + i));
    System.out.printf(
        Locale.ROOT,
        "%n[benchmarks] %s on %d synthetic nodes: %d workloads, %.1f %% GPU allocated, filled in"
            + " %d ms%n",
        strategy,
        nodes,
        state.workloadCount(),
        100 * cluster.gpuAllocation(),
        fillMillis);
  }

  @TearDown
  public void tearDown() {
    System.out.println(
        "\n[benchmarks] "
            + strategy
            + " on "
            + nodes
            + " synthetic nodes"
            + ": "
            + cluster.summary());
  }

  @Benchmark // returning the result stops the JIT from discarding the work
  public PlacementResult decide() {
    return cluster.decide();
  }

  @Benchmark
  public PlacementResult churn() {
    return cluster.churn();
  }
}
