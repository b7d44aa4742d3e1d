package io.gpuautoscaler.core.sim;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;

/**
 * The knobs of the FGD paper's replay protocol.
 *
 * @param tuningRatio the arrived GPU demand to reach, as a multiple of the cluster's GPU capacity
 *     (1.3 in the paper): the shuffled pods are followed by random clones until it is reached
 * @param maxArrivedPct the last arrival point of the reported curves (130 in the paper)
 * @param targetCoverage the share of pods the target workload's typical shapes cover (0.95)
 */
@Beta
public record ReplayOptions(double tuningRatio, int maxArrivedPct, double targetCoverage) {

  /** The paper's protocol: inflate to 130 %, report 0..130 %, 95 % coverage. */
  public static final ReplayOptions PAPER =
      new ReplayOptions(1.3, 130, TargetWorkload.DEFAULT_COVERAGE);

  public ReplayOptions {
    if (!(tuningRatio > 0) || !Double.isFinite(tuningRatio) || tuningRatio > 100) {
      throw new IllegalArgumentException("tuningRatio must be in (0, 100], was " + tuningRatio);
    }
    if (maxArrivedPct < 1 || maxArrivedPct > 10_000) {
      throw new IllegalArgumentException("maxArrivedPct must be in 1..10000, was " + maxArrivedPct);
    }
    if (!(targetCoverage > 0 && targetCoverage <= 1)) {
      throw new IllegalArgumentException("targetCoverage must be in (0, 1], was " + targetCoverage);
    }
  }
}
