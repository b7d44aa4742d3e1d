package io.gpuautoscaler.core.autoscale;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.core.scaling.ClusterAutoscalerPolicy;
import io.gpuautoscaler.core.scaling.DefaultNodeGroups;
import io.gpuautoscaler.core.scaling.PendingGpuPolicy;
import io.gpuautoscaler.core.scaling.SimulatedGroup;
import io.gpuautoscaler.core.scaling.StaticPolicy;
import io.gpuautoscaler.core.trace.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios every autoscaling result is compared with, and the project's first policy, on the
 * {@link DefaultNodeGroups}:
 *
 * <ul>
 *   <li>{@code static-peak}: a fixed cluster of on-demand 8-GPU nodes, as many as the peak
 *       concurrent GPU demand needs ({@link #peakConcurrentGpus}), running from the first
 *       submission to the last finish;
 *   <li>{@code cluster-autoscaler}: {@link ClusterAutoscalerPolicy} on the on-demand groups;
 *   <li>{@code pending-gpu}: {@link PendingGpuPolicy} on every default group, spot included.
 * </ul>
 */
@Beta
public final class Baselines {
  /** The static-peak scenario's name. */
  public static final String STATIC_PEAK = "static-peak";

  private Baselines() {}

  /**
   * The most GPUs jobs hold at once if every job starts when submitted and runs without a break:
   * the demand an autoscaler would see without queueing. A job's interval is {@code [submit, submit
   * + duration)}, so a job ending as another starts does not overlap it. O(j log j).
   */
  public static long peakConcurrentGpus(List<Job> jobs) {
    long[][] changes = new long[jobs.size() * 2][];
    int i = 0;
    for (Job j : jobs) {
      long start = j.submitTime().toEpochMilli();
      changes[i++] = new long[] {start, j.gpus()};
      changes[i++] = new long[] {start + j.duration().toMillis(), -j.gpus()};
    }
    // Ends before starts at the same instant: half-open intervals.
    java.util.Arrays.sort(
        changes, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    long now = 0;
    long peak = 0;
    for (long[] c : changes) {
      now += c[1];
      peak = Math.max(peak, now);
    }
    return peak;
  }

  /**
   * The static-peak scenario: {@code ceil(peak / 8)} on-demand {@code a2-highgpu-8g} nodes, fixed
   * (minimum = maximum = target). Fragmentation can still make jobs wait: the peak counts GPUs, not
   * how they pack.
   */
  public static AutoscaleScenario staticPeak(List<Job> jobs, long seed) {
    return staticPeak(
        jobs,
        SimulatedGroup.of(
            defaultGroup("a2-highgpu-8g-on-demand"),
            io.gpuautoscaler.core.scaling.Cloud.GCP,
            Duration.ZERO),
        seed);
  }

  /**
   * The static-peak scenario on another node shape: {@code ceil(peak / gpusPerNode)} nodes of
   * {@code shape}'s group, fixed and running from the start (provisioning delay 0, no
   * interruptions), so that a node-groups file outside the default set gets its own baseline.
   *
   * @param shape the group whose nodes the static cluster has; its bounds are replaced
   */
  public static AutoscaleScenario staticPeak(List<Job> jobs, SimulatedGroup shape, long seed) {
    NodeGroup od = shape.group();
    int nodes =
        (int) Math.max(1, (peakConcurrentGpus(jobs) + od.gpusPerNode() - 1) / od.gpusPerNode());
    NodeGroup fixed = od.withBounds(nodes, nodes, nodes);
    return AutoscaleScenario.of(
        STATIC_PEAK,
        List.of(SimulatedGroup.of(fixed, shape.cloud(), Duration.ZERO)),
        new StaticPolicy(),
        seed);
  }

  /** The cluster-autoscaler scenario: on-demand default groups, from zero nodes. */
  public static AutoscaleScenario clusterAutoscaler(
      Duration provisioningDelay, double spotInterruptionsPerHour, long seed) {
    List<SimulatedGroup> groups = new ArrayList<>();
    for (SimulatedGroup g :
        DefaultNodeGroups.simulated(provisioningDelay, spotInterruptionsPerHour)) {
      if (g.group().capacityType() == CapacityType.ON_DEMAND) {
        groups.add(g);
      }
    }
    return AutoscaleScenario.of(
        ClusterAutoscalerPolicy.NAME, groups, new ClusterAutoscalerPolicy(), seed);
  }

  /** The pending-gpu scenario: every default group, spot included, from zero nodes. */
  public static AutoscaleScenario pendingGpu(
      Duration provisioningDelay, double spotInterruptionsPerHour, long seed) {
    return AutoscaleScenario.of(
        PendingGpuPolicy.NAME,
        DefaultNodeGroups.simulated(provisioningDelay, spotInterruptionsPerHour),
        new PendingGpuPolicy(),
        seed);
  }

  private static NodeGroup defaultGroup(String id) {
    for (NodeGroup g : DefaultNodeGroups.groups()) {
      if (g.id().equals(id)) {
        return g;
      }
    }
    throw new IllegalStateException("no default group " + id);
  }
}
