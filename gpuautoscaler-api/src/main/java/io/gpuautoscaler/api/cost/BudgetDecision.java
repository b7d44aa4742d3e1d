package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;

/**
 * A {@link BudgetGate}'s answer for a workload about to start. Each outcome carries a reason a
 * person can act on: which budget, how much is spent, and what would change the answer.
 */
@Beta
public sealed interface BudgetDecision
    permits BudgetDecision.Allowed, BudgetDecision.SpotOnly, BudgetDecision.Denied {

  /** Why, in one or two sentences for the person who submitted the workload. */
  String reason();

  /**
   * Start it wherever it fits.
   *
   * @param reason why (no budget applies, under budget, within the grace period, ...)
   */
  record Allowed(String reason) implements BudgetDecision {
    public Allowed {
      requireReason(reason);
    }
  }

  /**
   * Start it, but only on spot capacity.
   *
   * @param budget the budget that throttles
   * @param reason why, and what would lift the limit
   */
  record SpotOnly(String budget, String reason) implements BudgetDecision {
    public SpotOnly {
      requireNonNull(budget, "budget");
      requireReason(reason);
    }
  }

  /**
   * Do not start it.
   *
   * @param budget the budget that denies
   * @param reason why, and what would lift the denial
   */
  record Denied(String budget, String reason) implements BudgetDecision {
    public Denied {
      requireNonNull(budget, "budget");
      requireReason(reason);
    }
  }

  private static void requireReason(String reason) {
    requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a budget decision needs a reason");
    }
  }
}
