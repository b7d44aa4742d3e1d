package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A budget's standing at one instant: what its scope spent so far in the current period, how fast,
 * and where a linear projection ends the period.
 *
 * @param budget the budget evaluated
 * @param window the period that contains {@code evaluatedAt}
 * @param evaluatedAt the instant of the evaluation (the clock's reading); within {@code window}
 * @param spentUsd cost of the scope's workloads from the window's start up to {@code evaluatedAt};
 *     at least 0
 * @param burnRateUsdPerHour {@code spentUsd} over the hours elapsed in the window; 0 at its start
 * @param forecastUsd {@code spentUsd} plus the burn rate over the rest of the window
 * @param state where {@code spentUsd} stands against the thresholds and the amount
 * @param crossedThresholds the percents of the budget's thresholds that {@code spentUsd} reached,
 *     ascending
 * @param exceededAt when the cumulative cost reached the amount in this window, if it did
 * @param spotWorkloads distinct workloads of the scope on spot capacity in the latest cost interval
 *     that started before {@code evaluatedAt}: what the throttle's {@code maxSpotInstances} is
 *     compared with; at least 0
 */
@Beta
public record BudgetEvaluation(
    CostBudget budget,
    CostBudget.Window window,
    Instant evaluatedAt,
    double spentUsd,
    double burnRateUsdPerHour,
    double forecastUsd,
    BudgetState state,
    List<Double> crossedThresholds,
    Optional<Instant> exceededAt,
    int spotWorkloads) {

  public BudgetEvaluation {
    requireNonNull(budget, "budget");
    requireNonNull(window, "window");
    requireNonNull(evaluatedAt, "evaluatedAt");
    if (evaluatedAt.isBefore(window.start()) || !evaluatedAt.isBefore(window.end())) {
      throw new IllegalArgumentException(
          "evaluatedAt " + evaluatedAt + " is outside " + window + " of budget " + budget.name());
    }
    checkUsd("spentUsd", spentUsd, budget);
    checkUsd("burnRateUsdPerHour", burnRateUsdPerHour, budget);
    checkUsd("forecastUsd", forecastUsd, budget);
    requireNonNull(state, "state");
    crossedThresholds = List.copyOf(requireNonNull(crossedThresholds, "crossedThresholds"));
    requireNonNull(exceededAt, "exceededAt");
    if (spotWorkloads < 0) {
      throw new IllegalArgumentException("spotWorkloads must be >= 0, was " + spotWorkloads);
    }
  }

  private static void checkUsd(String field, double value, CostBudget budget) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          field + " of budget " + budget.name() + " must be finite and >= 0, was " + value);
    }
  }

  /** {@code spentUsd} in percent of the budget's amount. */
  public double spentPercent() {
    return spentUsd / budget.amountUsd() * 100;
  }
}
