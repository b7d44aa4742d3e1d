package io.gpuautoscaler.core.autoscale;

import io.gpuautoscaler.core.scaling.DefaultNodeGroups;
import io.gpuautoscaler.core.trace.Job;
import io.gpuautoscaler.core.trace.JobTrace;
import io.gpuautoscaler.core.trace.PhillyTraceReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays a Philly job table through static-peak, cluster-autoscaler and pending-gpu on the default
 * node groups and prints the metrics. Run from the worktree root after {@code mvn -o -pl
 * gpuautoscaler-core -am test-compile}:
 *
 * <pre>
 * java -cp "gpuautoscaler-core/target/test-classes:gpuautoscaler-core/target/classes:\
 * gpuautoscaler-api/target/classes:$(cat /tmp/cp.txt)" \
 *   io.gpuautoscaler.core.autoscale.PhillyAutoscaleDemo \
 *   ../shared/data/philly/philly.pollux-vc.before-2017-11-13.csv [checkpoint-minutes] [seed]
 * </pre>
 *
 * <p>With {@code checkpoint-minutes} every job is assumed to save its progress that often (the
 * trace does not say); without it no job checkpoints, so none may run on spot or be moved.
 */
public final class PhillyAutoscaleDemo {
  private PhillyAutoscaleDemo() {}

  public static void main(String[] args) {
    Path file =
        Path.of(
            args.length > 0
                ? args[0]
                : "../shared/data/philly/philly.pollux-vc.before-2017-11-13.csv");
    long checkpointMinutes = args.length > 1 ? Long.parseLong(args[1]) : 0;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    long t0 = System.nanoTime();
    JobTrace trace = PhillyTraceReader.read(file);
    List<Job> jobs = trace.jobs();
    if (checkpointMinutes > 0) {
      List<Job> withCheckpoints = new ArrayList<>(jobs.size());
      for (Job j : jobs) {
        withCheckpoints.add(j.withCheckpointInterval(Duration.ofMinutes(checkpointMinutes)));
      }
      jobs = withCheckpoints;
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d jobs, %s .. %s, peak concurrent GPUs %d, read in %.1f s%n",
        trace.source(),
        jobs.size(),
        jobs.get(0).submitTime(),
        jobs.get(jobs.size() - 1).submitTime(),
        Baselines.peakConcurrentGpus(jobs),
        (System.nanoTime() - t0) / 1e9);
    trace.notes().forEach(n -> System.out.println("  note: " + n));
    System.out.println(
        "  checkpoints: "
            + (checkpointMinutes > 0 ? "every " + checkpointMinutes + " min (assumed)" : "none")
            + "; provisioning delay "
            + DefaultNodeGroups.PROVISIONING_DELAY_SECONDS
            + " s; spot interruptions "
            + DefaultNodeGroups.SPOT_INTERRUPTIONS_PER_HOUR
            + "/node-hour; seed "
            + seed);
    Duration delay = Duration.ofSeconds(DefaultNodeGroups.PROVISIONING_DELAY_SECONDS);
    double rate = DefaultNodeGroups.SPOT_INTERRUPTIONS_PER_HOUR;
    List<AutoscaleScenario> scenarios =
        List.of(
            Baselines.staticPeak(jobs, seed),
            Baselines.clusterAutoscaler(delay, rate, seed),
            Baselines.pendingGpu(delay, rate, seed));
    System.out.printf(
        Locale.ROOT,
        "%-20s %12s %11s %11s %6s %9s %9s %9s %6s %6s %9s %6s %7s %6s %6s%n",
        "policy",
        "cost USD",
        "GPU-h prov",
        "GPU-h busy",
        "util%",
        "pend p50",
        "pend p95",
        "pend p99",
        "intr",
        "evict",
        "GPU-h lost",
        "peakN",
        "unfin",
        "cpu s",
        "wall s");
    for (AutoscaleScenario s : scenarios) {
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      AutoscaleResult r = AutoscaleSimulator.run(s, jobs);
      double wall = (System.nanoTime() - start) / 1e9;
      // The whole process's CPU (JIT and GC included): on a shared machine wall time says little.
      double cpu = (processCpuNanos() - cpuStart) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%-20s %12.0f %11.0f %11.0f %6.1f %9.0f %9.0f %9.0f %6d %6d %9.1f %6d %7d %6.1f %6.1f%n",
          r.name(),
          r.costUsd(),
          r.gpuHoursProvisioned(),
          r.gpuHoursBusy(),
          r.utilizationPct(),
          r.pendingSeconds().p50(),
          r.pendingSeconds().p95(),
          r.pendingSeconds().p99(),
          r.jobsInterrupted(),
          r.jobsEvicted(),
          r.gpuHoursLost(),
          r.peakNodes(),
          r.jobsNeverFinished(),
          cpu,
          wall);
      System.out.println("    cost by group: " + r.costUsdByGroup());
      System.out.println(
          "    decisions "
              + r.decisions()
              + ", scale-ups "
              + r.scaleUps()
              + " (+"
              + r.nodesAdded()
              + " nodes), removed "
              + r.nodesRemoved()
              + ", notices "
              + r.interruptionNotices()
              + ", span "
              + r.span().toDays()
              + " d, lost/busy "
              + String.format(Locale.ROOT, "%.2f%%", 100 * r.gpuHoursLost() / r.gpuHoursBusy()));
      r.sampleReasons().stream()
          .limit(3)
          .forEach(reason -> System.out.println("    e.g. " + reason));
    }
  }

  private static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
