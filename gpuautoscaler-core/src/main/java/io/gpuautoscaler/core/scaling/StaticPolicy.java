package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.Settings;

/**
 * {@code static}: never changes anything. With groups sized up front it is the fixed cluster that
 * autoscaling is measured against (the {@code static-peak} baseline sizes it for the peak demand).
 * Stateless and thread-safe.
 */
@Beta
public final class StaticPolicy implements ScalingPolicy {
  /** The provider id. */
  public static final String NAME = "static";

  @Override
  public ScalingDecision decide(ScalingSnapshot snapshot) {
    return ScalingDecision.Hold.because(NAME + ": the cluster's size is fixed");
  }

  /** Listed in {@code META-INF/services}; takes no settings. */
  public static final class Provider implements ScalingPolicy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "keeps every group at its size; the fixed-cluster baseline";
    }

    @Override
    public ScalingPolicy create(Settings settings) {
      settings.requireOnly("scaling policy " + NAME);
      return new StaticPolicy();
    }
  }
}
