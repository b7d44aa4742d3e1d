package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.core.autoscale.AutoscaleResult;
import io.gpuautoscaler.core.autoscale.AutoscaleScenario;
import io.gpuautoscaler.core.autoscale.AutoscaleSimulator;
import io.gpuautoscaler.core.autoscale.Baselines;
import io.gpuautoscaler.core.scaling.DefaultNodeGroups;
import io.gpuautoscaler.core.trace.Job;
import io.gpuautoscaler.core.trace.SyntheticJobs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one whole autoscaling replay ({@link AutoscaleSimulator#run}) of a synthetic workload:
 * {@link SyntheticJobs} {@code jobs=100000,days=60,seed=1} by default (the "2-month trace
 * of 100k jobs"), under the {@code cluster-autoscaler} or {@code pending-gpu} scenario of {@link
 * Baselines} on the default node groups, seed 1. With {@code checkpointMinutes} above 0 every job
 * checkpoints that often, so {@code pending-gpu} runs it on spot (interruptions included). Mode
 * {@code SingleShotTime}, in seconds: one replay takes tens of seconds.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AutoscaleReplayBenchmark -f 1 -wi 1 -i 2
 * java -jar benchmarks/target/benchmarks.jar AutoscaleReplayBenchmark -p jobs=20000 -p days=14
 * </pre>
 *
 * <p>On a shared machine use {@link AutoscaleCpuTime} instead: it reports the process's CPU
 * seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AutoscaleReplayBenchmark {
  @Param({"cluster-autoscaler", "pending-gpu"})
  public String scenario;

  @Param({"100000"})
  public int jobs;

  @Param({"60"})
  public int days;

  @Param({"0"})
  public int checkpointMinutes;

  private List<Job> trace;

  @Setup(Level.Trial)
  public void setUp() {
    trace = syntheticJobs(jobs, days, checkpointMinutes);
  }

  @Benchmark
  public AutoscaleResult replay() {
    return AutoscaleSimulator.run(scenario(scenario, trace), trace);
  }

  /** {@code jobs} synthetic jobs over {@code days} days, seed 1, 10 teams. */
  static List<Job> syntheticJobs(int jobs, int days, int checkpointMinutes) {
    return new SyntheticJobs(
            jobs,
            days,
            1,
            SyntheticJobs.DEFAULT_TEAMS,
            checkpointMinutes > 0
                ? java.util.Optional.of(Duration.ofMinutes(checkpointMinutes))
                : java.util.Optional.empty())
        .generate();
  }

  /**
   * A fresh scenario (policies keep state, so never reuse one across runs) of {@link Baselines},
   * seed 1, with the default groups' provisioning delay and spot interruption rate.
   */
  static AutoscaleScenario scenario(String name, List<Job> jobs) {
    Duration delay = Duration.ofSeconds(DefaultNodeGroups.PROVISIONING_DELAY_SECONDS);
    double rate = DefaultNodeGroups.SPOT_INTERRUPTIONS_PER_HOUR;
    return switch (name) {
      case "static-peak" -> Baselines.staticPeak(jobs, 1);
      case "cluster-autoscaler" -> Baselines.clusterAutoscaler(delay, rate, 1);
      case "pending-gpu" -> Baselines.pendingGpu(delay, rate, 1);
      default ->
          throw new IllegalArgumentException(
              "unknown scenario " + name + "; known: static-peak, cluster-autoscaler, pending-gpu");
    };
  }
}
