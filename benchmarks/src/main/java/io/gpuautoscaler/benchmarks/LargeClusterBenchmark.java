package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.packing.BuiltinSettings;
import io.gpuautoscaler.core.trace.SyntheticSpec;
import io.gpuautoscaler.core.trace.Trace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
 * Placement decisions per second on a generated cluster of the trace's 15 node shapes and a
 * workload of the trace's pod mix ({@link SyntheticSpec}, {@code nodes=N,seed=1}: what {@code
 * gpu-autoscaler simulate --synthetic nodes=N,seed=1} replays). Nodes and pods are shuffled with
 * seed 42, and the strategy under test replays the pods until the arrived GPU demand reaches 90 %
 * of capacity, as {@link TraceClusterBenchmark} does on the trace; {@code decide} and {@code churn}
 * (see {@link SteadyCluster}) then use the pods that had not arrived yet, then the others.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LargeClusterBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * java -jar benchmarks/target/benchmarks.jar LargeClusterBenchmark -p strategy=fgd -p nodes=10000
 * </pre>
 *
 * Filling 50,000 nodes (about 300,000 placements) takes a few seconds per trial with the indexed
 * strategies (first-fit, best-fit, worst-fit); the strategies that score every node state take
 * minutes there, so they are not in the default parameters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class LargeClusterBenchmark {
  /** Arrived GPU demand, as a share of capacity, replayed before timing starts. */
  static final double FILL_ARRIVED = 0.90;

  @Param({"best-fit", "first-fit", "worst-fit"})
  String strategy;

  @Param({"50000"})
  int nodes;

  SteadyCluster cluster;

  @Setup
  public void setUp() {
    Trace trace = SyntheticSpec.parse("nodes=" + nodes + ",seed=1").generate();
    var random = new SplittableRandom(42); // fixed seed: runs stay comparable
    List<Workload> pods = BenchmarkTraces.shuffledPods(trace, random);
    var state = ClusterState.of(BenchmarkTraces.shuffledNodes(trace, random));
    TargetWorkload target =
        TargetWorkload.typicalOf(trace.workloads(), TargetWorkload.DEFAULT_COVERAGE);
    PackingStrategy packing =
        ProviderRegistry.load(PackingStrategy.Provider.class)
            .require(strategy)
            .create(
                Settings.empty()
                    .with(BuiltinSettings.SEED, "42")
                    .with(BuiltinSettings.TARGET_WORKLOAD, target.format()));

    long start = System.nanoTime();
    long limit = (long) (FILL_ARRIVED * state.totalGpuMilli());
    long arrived = 0;
    int next = 0;
    var placed = new ArrayDeque<String>();
    while (arrived < limit && next < pods.size()) {
      Workload pod = pods.get(next++);
      if (packing.place(state, pod) instanceof PlacementResult.Placed p) {
        state.apply(pod, p.value());
        placed.addLast(pod.name());
      }
      arrived += pod.totalGpuMilli(); // failed pods count as arrived, as in the paper
    }
    long fillMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    int arrivedPods = next;
    List<Workload> later = new ArrayList<>(pods.subList(next, pods.size()));
    later.addAll(pods.subList(0, next));
    cluster =
        new SteadyCluster(
            state,
            packing,
            placed,
            later,
            i -> {
              Workload pod = later.get(i % later.size());
              return pod.withName(pod.name() + "-arrival-" + i);
            });
    System.out.printf(
        Locale.ROOT,
        "%n[benchmarks] %s on %s: %d of %d pods arrived (%.1f %% of capacity), %d placed,"
            + " %.1f %% GPU allocated, filled in %d ms%n",
        strategy,
        trace.description(),
        arrivedPods,
        pods.size(),
        100.0 * arrived / state.totalGpuMilli(),
        state.workloadCount(),
        100 * cluster.gpuAllocation(),
        fillMillis);
  }

  @TearDown
  public void tearDown() {
    System.out.println(
        "\n[benchmarks] " + strategy + " on " + nodes + " synthetic nodes: " + cluster.summary());
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
