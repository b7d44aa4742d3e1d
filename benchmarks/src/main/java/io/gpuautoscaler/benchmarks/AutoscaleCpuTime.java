package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.core.autoscale.AutoscaleResult;
import io.gpuautoscaler.core.autoscale.AutoscaleSimulator;
import io.gpuautoscaler.core.trace.Job;
import io.gpuautoscaler.core.trace.PhillyTraceReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CPU seconds of the whole process per autoscaling replay ({@link AutoscaleReplayBenchmark}'s
 * work), for the 100k-job synthetic workload and for the Philly Pollux table: a number that stays
 * comparable when other processes share the machine, which wall time does not. Each scenario runs
 * once, in this order, in one JVM (so the first run also pays for JIT compilation, as a single
 * {@code simulate} call does). Two numbers per run: the process's CPU (JIT and GC threads included)
 * and the replaying thread's alone.
 *
 * <pre>
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.gpuautoscaler.benchmarks.AutoscaleCpuTime \
 *     [checkpoint-minutes] [pollux-file]
 * </pre>
 *
 * <p>The Pollux file defaults to {@code
 * ../shared/data/philly/philly.pollux-vc.before-2017-11-13.csv} (run from the repository root); it
 * is skipped with a note when absent.
 */
public final class AutoscaleCpuTime {
  private static final List<String> SCENARIOS = List.of("cluster-autoscaler", "pending-gpu");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private AutoscaleCpuTime() {}

  public static void main(String[] args) {
    int checkpointMinutes = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Path pollux =
        Path.of(
            args.length > 1
                ? args[1]
                : "../shared/data/philly/philly.pollux-vc.before-2017-11-13.csv");
    List<Job> synthetic = AutoscaleReplayBenchmark.syntheticJobs(100_000, 60, checkpointMinutes);
    replay("synthetic jobs=100000,days=60,seed=1", synthetic);
    if (Files.isRegularFile(pollux)) {
      List<Job> jobs = PhillyTraceReader.read(pollux).jobs();
      if (checkpointMinutes > 0) {
        List<Job> with = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
          with.add(j.withCheckpointInterval(Duration.ofMinutes(checkpointMinutes)));
        }
        jobs = with;
      }
      replay("pollux " + pollux.getFileName(), jobs);
    } else {
      System.out.println("[benchmarks] no Pollux file at " + pollux + "; skipped");
    }
  }

  private static void replay(String workload, List<Job> jobs) {
    for (String name : SCENARIOS) {
      long cpu = processCpuNanos();
      long thread = THREADS.getCurrentThreadCpuTime();
      AutoscaleResult r =
          AutoscaleSimulator.run(AutoscaleReplayBenchmark.scenario(name, jobs), jobs);
      double seconds = (processCpuNanos() - cpu) / 1e9;
      double threadSeconds = (THREADS.getCurrentThreadCpuTime() - thread) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-45s %-20s %7d jobs %5d days  cpu %6.1f s (replay thread %6.1f s)  cost $%,.0f  busy"
              + " %,.0f GPU-h  p95 %.0f s  lost %,.1f GPU-h%n",
          workload,
          name,
          jobs.size(),
          r.span().toDays(),
          seconds,
          threadSeconds,
          r.costUsd(),
          r.gpuHoursBusy(),
          r.pendingSeconds().p95(),
          r.gpuHoursLost());
    }
  }

  private static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
