package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.Settings;
import java.time.Duration;

/**
 * {@code gpu-utilization}: removes nodes whose GPUs have been under a threshold — requested share
 * and, where DCGM metrics exist, measured activity — for a cool-down, when their workloads can move
 * and fit elsewhere (checked by packing) and the disruption budget allows; several under-used nodes
 * are consolidated into fewer at once, Karpenter-style (see {@link Consolidator}). It scales up as
 * {@link TieredPolicy} does, so that it can run a cluster on its own.
 *
 * <p>Defaults: threshold 0.5, cool-down 10 minutes, no scale-down within 10 minutes of a scale-up,
 * 10 empty nodes at once (cluster-autoscaler's values, not tuned to any trace). Stateful: one
 * instance per cluster.
 */
@Beta
public final class GpuUtilizationPolicy implements ScalingPolicy {
  /** The provider id. */
  public static final String NAME = "gpu-utilization";

  private final TieredScaleUp scaleUp = new TieredScaleUp(TieredScaleUp.UNAVAILABLE_TTL);
  private final Consolidator consolidator;

  /** A policy with the defaults. */
  public GpuUtilizationPolicy() {
    this(0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 10);
  }

  /**
   * @param threshold GPU share (requested, and measured where known) under which a node is
   *     under-used, in (0, 1]
   * @param coolDown how long a node must stay under-used before it goes
   * @param delayAfterAdd no scale-down until this long after a scale-up
   * @param maxEmptyBulkDelete the most empty nodes removed at once, at least 1
   */
  public GpuUtilizationPolicy(
      double threshold, Duration coolDown, Duration delayAfterAdd, int maxEmptyBulkDelete) {
    this.consolidator = new Consolidator(threshold, coolDown, delayAfterAdd, maxEmptyBulkDelete);
  }

  @Override
  public ScalingDecision decide(ScalingSnapshot snapshot) {
    scaleUp.observe(snapshot);
    TieredScaleUp.Outcome up = scaleUp.decide(snapshot, NAME);
    if (up.scaleUp().isPresent()) {
      consolidator.scaledUp(snapshot.now());
      return up.scaleUp().get();
    }
    return TieredPolicy.withNote(
        consolidator.decide(snapshot, NAME, 0), up.note(), scaleUp.nextExpiry());
  }

  /**
   * Listed in {@code META-INF/services}. Settings: {@code threshold} (0.5), {@code
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
      return "removes and consolidates nodes whose GPUs stay under a threshold (requested and"
          + " DCGM activity) when their work fits elsewhere; tiered scale-up";
    }

    @Override
    public ScalingPolicy create(Settings settings) {
      settings.requireOnly(
          "scaling policy " + NAME,
          "threshold",
          "cool-down-seconds",
          "scale-down-delay-after-add-seconds",
          "max-empty-bulk-delete");
      try {
        return new GpuUtilizationPolicy(
            settings.getDouble("threshold", 0.5),
            Duration.ofSeconds(settings.getLong("cool-down-seconds", 600)),
            Duration.ofSeconds(settings.getLong("scale-down-delay-after-add-seconds", 600)),
            settings.getInt("max-empty-bulk-delete", 10));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("scaling policy " + NAME + ": " + e.getMessage(), e);
      }
    }
  }
}
