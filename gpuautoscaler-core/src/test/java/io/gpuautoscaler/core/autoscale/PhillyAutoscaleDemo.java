package io.gpuautoscaler.core.autoscale;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.scaling.Cloud;
import io.gpuautoscaler.core.scaling.DefaultNodeGroups;
import io.gpuautoscaler.core.scaling.SimulatedGroup;
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
    List<String> names =
        args.length > 3
            ? List.of(args[3].split(","))
            : List.of(
                "static-peak",
                "cluster-autoscaler",
                "pending-gpu",
                "tiered",
                "gpu-utilization",
                "default");
    // The default groups plus an assumed commitment: 4 reserved 8-GPU nodes at 63 % of on-demand.
    List<SimulatedGroup> groups = new ArrayList<>(DefaultNodeGroups.simulated(delay, rate));
    NodeGroup od8 =
        groups.stream()
            .map(SimulatedGroup::group)
            .filter(g -> g.id().equals("a2-highgpu-8g-on-demand"))
            .findFirst()
            .orElseThrow();
    groups.add(
        SimulatedGroup.of(
            new NodeGroup(
                "a2-highgpu-8g-reserved",
                od8.instanceType(),
                od8.gpuModel(),
                od8.gpusPerNode(),
                od8.cpuMilliPerNode(),
                od8.memoryMibPerNode(),
                CapacityType.RESERVED,
                od8.zone(),
                4,
                4,
                4,
                od8.pricePerHourUsd() * 0.63),
            Cloud.GCP,
            delay));
    var registry = ProviderRegistry.load(ScalingPolicy.Provider.class);
    List<AutoscaleScenario> scenarios = new ArrayList<>();
    for (String name : names) {
      scenarios.add(
          switch (name) {
            case "static-peak" -> Baselines.staticPeak(jobs, seed);
            case "cluster-autoscaler" -> Baselines.clusterAutoscaler(delay, rate, seed);
            case "pending-gpu" -> Baselines.pendingGpu(delay, rate, seed);
            default ->
                AutoscaleScenario.of(
                    name, groups, registry.require(name).create(Settings.empty()), seed);
          });
    }
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
              + String.format(Locale.ROOT, "%.2f%%", 100 * r.gpuHoursLost() / r.gpuHoursBusy())
              + String.format(
                  Locale.ROOT,
                  ", lost to reclaims/busy %.2f%%",
                  100 * r.gpuHoursLostToInterruptions() / r.gpuHoursBusy()));
      r.sampleReasons().stream()
          .limit(3)
          .forEach(reason -> System.out.println("    e.g. " + reason));
    }
  }

  private static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
