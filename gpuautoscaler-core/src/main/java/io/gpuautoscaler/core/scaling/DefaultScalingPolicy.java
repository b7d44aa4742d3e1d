package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.Settings;
import java.time.Duration;

/**
 * {@code default}: the project's recommended combination. Each snapshot is answered by the first of
 * these that acts:
 *
 * <ol>
 *   <li>{@code tiered} scale-up for pending work: reserved, then spot for checkpointing work, then
 *       on-demand, with fallback when a group runs short of capacity;
 *   <li>{@code gpu-utilization} scale-down with multi-node consolidation.
 * </ol>
 *
 * <p>Every setting is a default of the policies it combines (cluster-autoscaler's and Karpenter's
 * published values); none was fitted to a trace. Stateful: one instance per cluster.
 */
@Beta
public final class DefaultScalingPolicy implements ScalingPolicy {
  /** The provider id. */
  public static final String NAME = "default";

  private final TieredScaleUp scaleUp = new TieredScaleUp(TieredScaleUp.UNAVAILABLE_TTL);
  private final Consolidator consolidator =
      new Consolidator(0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 10);

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

  /** Listed in {@code META-INF/services}. No settings: it is the combination as recommended. */
  public static final class Provider implements ScalingPolicy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "the recommended combination: tiered scale-up with fallback, GPU-utilization"
          + " consolidation";
    }

    @Override
    public ScalingPolicy create(Settings settings) {
      settings.requireOnly("scaling policy " + NAME);
      return new DefaultScalingPolicy();
    }
  }
}
