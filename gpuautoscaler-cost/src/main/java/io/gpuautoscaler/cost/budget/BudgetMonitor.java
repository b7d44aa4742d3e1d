package io.gpuautoscaler.cost.budget;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.cost.BudgetEvaluation;
import io.gpuautoscaler.api.cost.CostBudget;
import io.gpuautoscaler.api.cost.CostRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One budget cycle, as the operator's loop runs it: evaluate every budget, send the alerts the
 * evaluations call for, then hand the evaluations to the gate that admission asks. Deterministic
 * for the same inputs and clock reading; not meant to run concurrently with itself.
 */
public final class BudgetMonitor {
  private final BudgetEvaluator evaluator;
  private final AlertDispatcher dispatcher;
  private final EnforcingBudgetGate gate;

  /**
   * @param evaluator evaluates budgets at its clock's now
   * @param dispatcher sends and resolves alerts
   * @param gate receives every cycle's evaluations
   */
  public BudgetMonitor(
      BudgetEvaluator evaluator, AlertDispatcher dispatcher, EnforcingBudgetGate gate) {
    this.evaluator = requireNonNull(evaluator, "evaluator");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher");
    this.gate = requireNonNull(gate, "gate");
  }

  /**
   * Runs one cycle. The gate is updated before any alert is sent, so enforcement holds even when a
   * delivery fails.
   *
   * @param budgets the budgets, with unique names; may be empty
   * @param records cost records covering at least the budgets' current periods
   * @param namespaceLabels each namespace's labels
   * @return one evaluation per budget, in the order given
   * @throws IllegalArgumentException when two budgets share a name
   * @throws io.gpuautoscaler.api.ConfigurationException when a threshold names an unconfigured
   *     channel (the gate has been updated by then)
   */
  public List<BudgetEvaluation> runOnce(
      List<CostBudget> budgets,
      Collection<CostRecord> records,
      Map<String, Map<String, String>> namespaceLabels) {
    requireNonNull(budgets, "budgets");
    TreeSet<String> names = new TreeSet<>();
    for (CostBudget b : budgets) {
      if (!names.add(b.name())) {
        throw new IllegalArgumentException("two budgets named " + b.name());
      }
    }
    List<BudgetEvaluation> evaluations = new ArrayList<>();
    for (CostBudget b : budgets) {
      evaluations.add(evaluator.evaluate(b, records, namespaceLabels));
    }
    // The gate first: enforcement must not wait for, or fail with, a chat service.
    gate.update(evaluations);
    for (BudgetEvaluation e : evaluations) {
      dispatcher.dispatch(e);
    }
    return List.copyOf(evaluations);
  }
}
