package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.packing.BuiltinSettings;
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
 * Placement decisions per second on the Alibaba GPU trace's own cluster (1,213 nodes, 6,212 GPUs of
 * seven models), with the trace's pods: the FGD paper's setting. The default pod list, sorted by
 * name and shuffled with seed 42 (the nodes too, as the simulator does), is replayed with the
 * strategy under test until the arrived GPU demand reaches 90 % of capacity; {@code decide} and
 * {@code churn} (see {@link SteadyCluster}) then use the pods that had not arrived yet, and after
 * them the others. FGD measures fragmentation against the trace's typical pod shapes, as in the
 * simulator. Falls back to the synthetic look-alike without the trace (see {@link
 * BenchmarkTraces}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TraceClusterBenchmark
 * java -jar benchmarks/target/benchmarks.jar TraceClusterBenchmark -p strategy=fgd -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TraceClusterBenchmark {
  /** Arrived GPU demand, as a share of capacity, replayed before timing starts. */
  static final double FILL_ARRIVED = 0.90;

  @Param({"fgd", "best-fit"})
  String strategy;

  SteadyCluster cluster;

  @Setup
  public void setUp() {
    Trace trace = BenchmarkTraces.defaultTrace();
    var random = new SplittableRandom(42);
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
        "%n[benchmarks] %s on the trace cluster: %d of %d pods arrived (%.1f %% of capacity),"
            + " %d placed, %.1f %% GPU allocated%n",
        strategy,
        arrivedPods,
        pods.size(),
        100.0 * arrived / state.totalGpuMilli(),
        state.workloadCount(),
        100 * cluster.gpuAllocation());
  }

  @TearDown
  public void tearDown() {
    System.out.println(
        "\n[benchmarks] " + strategy + " on the trace cluster" + ": " + cluster.summary());
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
