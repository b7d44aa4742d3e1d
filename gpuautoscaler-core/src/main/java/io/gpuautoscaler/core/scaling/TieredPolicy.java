package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code tiered}: capacity by tier. Pending GPU work is packed onto each group's node template and
 * placed on reserved capacity first (already paid for), then on spot for work that checkpoints (and
 * only for it), then on on-demand; within a tier the lowest price per placed GPU-hour wins. When
 * the cloud supplies fewer nodes than asked (insufficient capacity), the group is skipped for
 * {@code unavailable-seconds} (Karpenter's unavailable-offering cache, 3 minutes) and the work
 * falls back to the next group or tier at once. Spot and on-demand GPU caps, a budget's throttle,
 * come from {@link io.gpuautoscaler.api.scaling.ScalingLimits} and bound every scale-up.
 *
 * <p>Scale-down is cluster-autoscaler's rule (50 % of GPUs requested, 10 minutes, not within 10
 * minutes of a scale-up). Stateful: one instance per cluster.
 */
@Beta
public final class TieredPolicy implements ScalingPolicy {
  /** The provider id. */
  public static final String NAME = "tiered";

  private final TieredScaleUp scaleUp;
  private final ScaleDownPlanner scaleDown =
      new ScaleDownPlanner(0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 10, true);

  /** A policy with Karpenter's 3-minute unavailable-offering cache. */
  public TieredPolicy() {
    this(TieredScaleUp.UNAVAILABLE_TTL);
  }

  /**
   * @param unavailableFor how long a group that ran short of capacity is skipped, at least 0
   */
  public TieredPolicy(Duration unavailableFor) {
    this.scaleUp = new TieredScaleUp(unavailableFor);
  }

  @Override
  public ScalingDecision decide(ScalingSnapshot snapshot) {
    scaleUp.observe(snapshot);
    TieredScaleUp.Outcome up = scaleUp.decide(snapshot, NAME);
    if (up.scaleUp().isPresent()) {
      scaleDown.scaledUp(snapshot.now());
      return up.scaleUp().get();
    }
    ScalingDecision down = scaleDown.decide(snapshot, NAME);
    return withNote(down, up.note(), scaleUp.nextExpiry());
  }

  /** A hold with the scale-up's note, reviewed when an unavailable group comes back. */
  static ScalingDecision withNote(ScalingDecision down, String note, Optional<Instant> expiry) {
    if (!(down instanceof ScalingDecision.Hold hold)) {
      return down;
    }
    Optional<Instant> review = hold.reviewAt();
    if (expiry.isPresent() && (review.isEmpty() || expiry.get().isBefore(review.get()))) {
      review = expiry;
    }
    return new ScalingDecision.Hold(hold.reason() + note, review);
  }

  /** Listed in {@code META-INF/services}. Settings: {@code unavailable-seconds} (180). */
  public static final class Provider implements ScalingPolicy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "reserved, then spot for checkpointing work, then on-demand; falls back when a"
          + " group runs short of capacity; cluster-autoscaler's scale-down";
    }

    @Override
    public ScalingPolicy create(Settings settings) {
      settings.requireOnly("scaling policy " + NAME, "unavailable-seconds");
      try {
        return new TieredPolicy(Duration.ofSeconds(settings.getLong("unavailable-seconds", 180)));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("scaling policy " + NAME + ": " + e.getMessage(), e);
      }
    }
  }
}
