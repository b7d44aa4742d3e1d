package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.trace.SyntheticOpenb;
import java.util.Arrays;

/** Setting keys that every built-in packing strategy accepts, whether or not it uses them. */
public final class BuiltinSettings {
  /** The run's random seed (long). Used by strategies that draw random numbers. */
  public static final String SEED = "seed";

  /**
   * The target workload in {@link io.gpuautoscaler.core.fragmentation.TargetWorkload#format()}
   * form. Used by fragmentation-aware strategies.
   */
  public static final String TARGET_WORKLOAD = "target-workload";

  private BuiltinSettings() {}

  /**
   * The {@code target-workload} setting, or the typical shapes of the Alibaba trace's default pod
   * list ({@link SyntheticOpenb#typicalTarget()}) when it is not set.
   *
   * @throws io.gpuautoscaler.api.ConfigurationException when the setting is malformed
   */
  static TargetWorkload targetWorkload(Settings settings) {
    return settings
        .get(TARGET_WORKLOAD)
        .map(TargetWorkload::parse)
        .orElseGet(SyntheticOpenb::typicalTarget);
  }

  /** Fails on keys other than the context keys above and {@code own}. */
  static Settings check(Settings settings, String strategy, String... own) {
    String[] known = Arrays.copyOf(own, own.length + 2);
    known[own.length] = SEED;
    known[own.length + 1] = TARGET_WORKLOAD;
    return settings.requireOnly("packing strategy " + strategy, known);
  }
}
