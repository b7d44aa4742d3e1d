package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.Settings;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code pending-gpu}: scales up for pending GPU workloads by packing them, with the project's
 * packing engine, onto each group's node template, and picks the group by tier and price, like
 * cluster-autoscaler's {@code price} expander chained with {@code least-waste}: capacity already
 * paid for first, then spot for work that checkpoints (and only for it), then on-demand; within a
 * tier the lowest price per placed GPU-hour; then the fewest idle GPUs; then the group id. Scales
 * down with a GPU-utilization rule and a cool-down: a node whose requested GPU share stays under
 * the threshold for the cool-down (and, where GPU metrics exist, whose measured activity does too)
 * goes when its workloads can move and fit elsewhere, empty nodes in bulk, within the disruption
 * budget.
 *
 * <p>Defaults: threshold 0.5, cool-down 10 minutes, no scale-down within 10 minutes of a scale-up,
 * at most 10 empty nodes at once: cluster-autoscaler's values, so that the differences measured
 * against that baseline come from the choice of groups, not from tuned timings. Stateful: one
 * instance per cluster.
 */
@Beta
public final class PendingGpuPolicy implements ScalingPolicy {
  /** The provider id. */
  public static final String NAME = "pending-gpu";

  // Without an unavailable-offering cache: that fallback is what tiered adds.
  private final TieredScaleUp scaleUp = new TieredScaleUp(Duration.ZERO);
  private final ScaleDownPlanner scaleDown;

  /** A policy with the defaults. */
  public PendingGpuPolicy() {
    this(0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 10);
  }

  /**
   * A policy with other scale-down settings.
   *
   * @param threshold GPU share (requested, and measured where known) under which a node is
   *     under-used, in (0, 1]
   * @param coolDown how long a node must stay under-used before it goes
   * @param delayAfterAdd no scale-down until this long after a scale-up
   * @param maxEmptyBulkDelete the most empty nodes removed at once, at least 1
   */
  public PendingGpuPolicy(
      double threshold, Duration coolDown, Duration delayAfterAdd, int maxEmptyBulkDelete) {
    check(threshold, coolDown, delayAfterAdd, maxEmptyBulkDelete);
    this.scaleDown =
        new ScaleDownPlanner(threshold, coolDown, delayAfterAdd, maxEmptyBulkDelete, true);
  }

  static void check(double threshold, Duration unneeded, Duration delay, int bulk) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
    }
    if (unneeded.isNegative() || delay.isNegative()) {
      throw new IllegalArgumentException(
          "durations must be >= 0, were " + unneeded + " and " + delay);
    }
    if (bulk < 1) {
      throw new IllegalArgumentException("maxEmptyBulkDelete must be >= 1, was " + bulk);
    }
  }

  @Override
  public ScalingDecision decide(ScalingSnapshot snapshot) {
    TieredScaleUp.Outcome up = scaleUp.decide(snapshot, NAME);
    if (up.scaleUp().isPresent()) {
      scaleDown.scaledUp(snapshot.now());
      return up.scaleUp().get();
    }
    return TieredPolicy.withNote(scaleDown.decide(snapshot, NAME), up.note(), Optional.empty());
  }

  /**
   * Listed in {@code META-INF/services}. Settings: {@code scale-down-gpu-threshold} (0.5), {@code
   * cool-down-seconds} (600), {@code scale-down-delay-after-add-seconds} (600), {@code
   * max-empty-bulk-delete} (10).
   */
  public static final class Provider implements ScalingPolicy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "scale up by packing pending GPU work on node templates, cheapest tier first;"
          + " GPU-utilization scale-down with a cool-down";
    }

    @Override
    public ScalingPolicy create(Settings settings) {
      settings.requireOnly(
          "scaling policy " + NAME,
          "scale-down-gpu-threshold",
          "cool-down-seconds",
          "scale-down-delay-after-add-seconds",
          "max-empty-bulk-delete");
      try {
        return new PendingGpuPolicy(
            settings.getDouble("scale-down-gpu-threshold", 0.5),
            Duration.ofSeconds(settings.getLong("cool-down-seconds", 600)),
            Duration.ofSeconds(settings.getLong("scale-down-delay-after-add-seconds", 600)),
            settings.getInt("max-empty-bulk-delete", 10));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("scaling policy " + NAME + ": " + e.getMessage(), e);
      }
    }
  }
}
