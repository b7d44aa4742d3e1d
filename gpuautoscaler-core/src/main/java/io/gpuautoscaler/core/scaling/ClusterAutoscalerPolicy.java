package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.PendingWorkload;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.Settings;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The baseline: Kubernetes cluster-autoscaler with its defaults, on on-demand groups only. It
 * scales up when workloads are pending and do not fit on nodes already provisioning, choosing the
 * group with the {@code least-waste} expander (fewest idle GPUs on the new nodes; then the most
 * workloads helped; then the group id, where cluster-autoscaler picks at random). It scales down a
 * node whose requested GPUs stay under 50 % for 10 minutes, not within 10 minutes of a scale-up,
 * empty nodes up to 10 at a time and others one at a time when their workloads can move and fit
 * elsewhere (cluster-autoscaler's {@code --scale-down-gpu-utilization-threshold}, {@code
 * --scale-down-unneeded-time}, {@code --scale-down-delay-after-add}, {@code
 * --max-empty-bulk-delete}). GPU activity metrics are ignored, as cluster-autoscaler ignores them.
 *
 * <p>A workload that does not checkpoint counts as not movable (the {@code safe-to-evict: false}
 * annotation that training jobs carry on clusters run this way). Stateful: one instance per
 * cluster.
 */
@Beta
public final class ClusterAutoscalerPolicy implements ScalingPolicy {
  /** The provider id. */
  public static final String NAME = "cluster-autoscaler";

  private final ScaleUpPlanner scaleUp = new ScaleUpPlanner();
  private final ScaleDownPlanner scaleDown;

  /** A policy with cluster-autoscaler's defaults. */
  public ClusterAutoscalerPolicy() {
    this(0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 10);
  }

  /**
   * A policy with other scale-down settings.
   *
   * @param threshold requested GPU share under which a node is unneeded, in (0, 1]
   * @param unneededTime how long a node must stay unneeded
   * @param delayAfterAdd no scale-down until this long after a scale-up
   * @param maxEmptyBulkDelete the most empty nodes removed at once, at least 1
   */
  public ClusterAutoscalerPolicy(
      double threshold, Duration unneededTime, Duration delayAfterAdd, int maxEmptyBulkDelete) {
    PendingGpuPolicy.check(threshold, unneededTime, delayAfterAdd, maxEmptyBulkDelete);
    this.scaleDown =
        new ScaleDownPlanner(threshold, unneededTime, delayAfterAdd, maxEmptyBulkDelete, false);
  }

  @Override
  public ScalingDecision decide(ScalingSnapshot snapshot) {
    List<List<PendingWorkload>> gangs = ScaleUpPlanner.gangs(snapshot.pending());
    String pendingNote = "";
    if (!gangs.isEmpty()) {
      List<List<PendingWorkload>> uncovered = scaleUp.notCoveredByProvisioning(snapshot, gangs);
      if (!uncovered.isEmpty()) {
        Optional<ScaleUpPlanner.Option> best =
            scaleUp
                .options(snapshot, uncovered, g -> g.capacityType() == CapacityType.ON_DEMAND)
                .stream()
                .min(
                    Comparator.comparingDouble(ScaleUpPlanner.Option::idleFraction)
                        .thenComparing(
                            Comparator.comparingInt(ScaleUpPlanner.Option::workloads).reversed())
                        .thenComparing(o -> o.group().id()));
        if (best.isPresent()) {
          ScaleUpPlanner.Option o = best.get();
          scaleDown.scaledUp(snapshot.now());
          return new ScalingDecision.ScaleUp(
              o.group().id(),
              o.nodes(),
              NAME
                  + ": "
                  + ScaleUpPlanner.workloads(uncovered)
                  + " pending workloads ("
                  + ScaleUpPlanner.gpus(uncovered)
                  + " GPUs) fit on no ready or provisioning node; least-waste: "
                  + o.describe());
        }
        pendingNote =
            "; "
                + ScaleUpPlanner.workloads(uncovered)
                + " pending workloads fit no on-demand group with room left";
      }
    }
    ScalingDecision down = scaleDown.decide(snapshot, NAME);
    if (down instanceof ScalingDecision.Hold hold && !pendingNote.isEmpty()) {
      return new ScalingDecision.Hold(hold.reason() + pendingNote, hold.reviewAt());
    }
    return down;
  }

  /**
   * Listed in {@code META-INF/services}. Settings: {@code scale-down-utilization-threshold} (0.5),
   * {@code scale-down-unneeded-time-seconds} (600), {@code scale-down-delay-after-add-seconds}
   * (600), {@code max-empty-bulk-delete} (10).
   */
  public static final class Provider implements ScalingPolicy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "baseline: cluster-autoscaler defaults, on-demand only, least-waste expander";
    }

    @Override
    public ScalingPolicy create(Settings settings) {
      settings.requireOnly(
          "scaling policy " + NAME,
          "scale-down-utilization-threshold",
          "scale-down-unneeded-time-seconds",
          "scale-down-delay-after-add-seconds",
          "max-empty-bulk-delete");
      try {
        return new ClusterAutoscalerPolicy(
            settings.getDouble("scale-down-utilization-threshold", 0.5),
            Duration.ofSeconds(settings.getLong("scale-down-unneeded-time-seconds", 600)),
            Duration.ofSeconds(settings.getLong("scale-down-delay-after-add-seconds", 600)),
            settings.getInt("max-empty-bulk-delete", 10));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("scaling policy " + NAME + ": " + e.getMessage(), e);
      }
    }
  }
}
