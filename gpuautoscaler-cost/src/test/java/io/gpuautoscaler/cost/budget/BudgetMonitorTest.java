package io.gpuautoscaler.cost.budget;

import static io.gpuautoscaler.cost.budget.Budgets.NAMESPACES;
import static io.gpuautoscaler.cost.budget.Budgets.at;
import static io.gpuautoscaler.cost.budget.Budgets.budget;
import static io.gpuautoscaler.cost.budget.Budgets.hour;
import static io.gpuautoscaler.cost.budget.Budgets.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.cost.Alert;
import io.gpuautoscaler.api.cost.BudgetDecision;
import io.gpuautoscaler.api.cost.BudgetGate;
import io.gpuautoscaler.api.cost.CostBudget;
import io.gpuautoscaler.api.cost.CostRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetMonitorTest {
  private final AlertDispatcherTest.RecordingChannel chat =
      new AlertDispatcherTest.RecordingChannel();
  private final AlertDispatcherTest.RecordingChannel pager =
      new AlertDispatcherTest.RecordingChannel();
  private final EnforcingBudgetGate gate = new EnforcingBudgetGate(at(hour(3)));
  private final BudgetMonitor monitor =
      new BudgetMonitor(
          new BudgetEvaluator(at(hour(3))),
          new AlertDispatcher(
              Map.of("chat", chat, "pager", pager),
              new InMemoryAlertLedger(),
              RetryPolicy.DEFAULT,
              d -> {}),
          gate);
  private final CostBudget block =
      budget("ml", CostBudget.Enforcement.BLOCK, Duration.ZERO, CostBudget.Throttle.NONE);

  @Test
  void runOnce_alertsOnceAndTheGateEnforces() {
    List<CostRecord> records = new ArrayList<>(List.of(record("a", "ml-train", hour(0), 1100)));

    var first = monitor.runOnce(List.of(block), records, NAMESPACES);
    monitor.runOnce(List.of(block), records, NAMESPACES);

    assertThat(first).singleElement().satisfies(e -> assertThat(e.spentUsd()).isEqualTo(1100.0));
    assertThat(chat.received).extracting(Alert::thresholdPercent).containsExactly(50.0, 100.0);
    assertThat(pager.received).extracting(Alert::thresholdPercent).containsExactly(100.0);
    assertThat(gate.check(new BudgetGate.Request("ml-serve", Map.of("team", "ml"), "serve")))
        .isInstanceOf(BudgetDecision.Denied.class);
  }

  @Test
  void runOnce_duplicateBudgetNames_fail() {
    assertThatThrownBy(() -> monitor.runOnce(List.of(block, block), List.of(), NAMESPACES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two budgets named ml");
  }
}
