/**
 * Cost budgets: evaluation against cost records ({@link
 * io.gpuautoscaler.cost.budget.BudgetEvaluator}), alerts sent once per threshold per period ({@link
 * io.gpuautoscaler.cost.budget.AlertDispatcher}), and the admission-time gate ({@link
 * io.gpuautoscaler.cost.budget.EnforcingBudgetGate}).
 */
package io.gpuautoscaler.cost.budget;
