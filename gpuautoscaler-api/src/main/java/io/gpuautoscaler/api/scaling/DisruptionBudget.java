package io.gpuautoscaler.api.scaling;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Duration;

/**
 * How many nodes voluntary scale-down may disrupt, after Karpenter's NodePool disruption budgets.
 * Interruptions by the cloud are not voluntary and are not limited by it.
 *
 * @param maxConcurrent the most nodes being drained or deleted at once, at least 1
 * @param maxPerWindow the most nodes whose removal may start within any {@code window}, at least 1
 * @param window the sliding window {@code maxPerWindow} counts over, positive
 */
@Beta
public record DisruptionBudget(int maxConcurrent, int maxPerWindow, Duration window) {
  public DisruptionBudget {
    Checks.positive(maxConcurrent, "maxConcurrent");
    Checks.positive(maxPerWindow, "maxPerWindow");
    requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
  }

  /** No practical limit: as many nodes as exist, at any pace. */
  public static DisruptionBudget unlimited() {
    return new DisruptionBudget(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ofMinutes(1));
  }

  /**
   * How many more nodes may be disrupted now.
   *
   * @param inFlight nodes being drained or deleted now
   * @param startedInWindow nodes whose removal started within the last {@link #window()}
   */
  public int allowedNow(int inFlight, int startedInWindow) {
    return Math.max(0, Math.min(maxConcurrent - inFlight, maxPerWindow - startedInWindow));
  }
}
