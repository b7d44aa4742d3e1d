package io.gpuautoscaler.api.cost;

import io.gpuautoscaler.api.Beta;

/** Where a budget stands in its current period, by what has been spent (not the forecast). */
@Beta
public enum BudgetState {
  /** Spent less than the lowest alert threshold (or the amount, when there is no threshold). */
  OK,
  /** Spent at least one alert threshold's share, but less than the whole amount. */
  WARNING,
  /** Spent the whole amount or more. */
  EXCEEDED
}
