package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.core.sim.ReplayOptions;
import io.gpuautoscaler.core.sim.RunResult;
import io.gpuautoscaler.core.sim.Simulator;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one whole trace replay under the FGD paper's protocol ({@link Simulator#replay}, seed 42,
 * {@link ReplayOptions#PAPER}): the default pod list shuffled and inflated with clones to 130 % of
 * the GPU capacity (about 10,500 pods on the 1,213-node cluster), one placement attempt per pod,
 * the fragmentation recomputed after each. This is one cell of the paper's experiment, which takes
 * its own simulator about 10 minutes. Falls back to the synthetic look-alike without the trace (see
 * {@link BenchmarkTraces}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TraceReplayBenchmark
 * java -jar benchmarks/target/benchmarks.jar TraceReplayBenchmark -p strategy=fgd -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TraceReplayBenchmark {
  @Param({
    "first-fit",
    "best-fit",
    "worst-fit",
    "random",
    "dot-product",
    "gpu-clustering",
    "gpu-packing",
    "fgd"
  })
  String strategy;

  Simulator simulator;

  @Setup
  public void setUp() {
    simulator =
        new Simulator(
            BenchmarkTraces.defaultTrace(),
            ProviderRegistry.load(PackingStrategy.Provider.class),
            ReplayOptions.PAPER);
  }

  @Benchmark // the result carries the curves: returning it keeps the whole run alive
  public RunResult replay() {
    return simulator.replay(strategy, 42, milli -> {});
  }
}
