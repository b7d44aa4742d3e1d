package io.gpuautoscaler.cost.budget;

import static io.gpuautoscaler.cost.budget.Budgets.NAMESPACES;
import static io.gpuautoscaler.cost.budget.Budgets.at;
import static io.gpuautoscaler.cost.budget.Budgets.budget;
import static io.gpuautoscaler.cost.budget.Budgets.hour;
import static io.gpuautoscaler.cost.budget.Budgets.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.cost.BudgetDecision;
import io.gpuautoscaler.api.cost.BudgetGate;
import io.gpuautoscaler.api.cost.CostBudget;
import io.gpuautoscaler.api.cost.CostBudget.Enforcement;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnforcingBudgetGateTest {
  private static final BudgetGate.Request ML_JOB =
      new BudgetGate.Request("ml-train", Map.of("team", "ml"), "train-llm");
  private static final BudgetGate.Request WEB_JOB =
      new BudgetGate.Request("web", Map.of("team", "web"), "frontend");

  /** 1400 spent by hour 3 (1000 reached at hour 1 + 30 min), two spot workloads at hour 2. */
  private static final List<CostRecord> OVERSPENT =
      List.of(
          record("a", "ml-train", hour(0), 800),
          record("s1", "ml-train", hour(1), 400, CapacityType.SPOT),
          record("s1", "ml-train", hour(2), 100, CapacityType.SPOT),
          record("s2", "ml-serve", hour(2), 100, CapacityType.SPOT));

  private static final Instant REACHED = hour(1).plus(Duration.ofMinutes(30));

  private static BudgetDecision check(
      CostBudget budget, List<CostRecord> records, Instant now, BudgetGate.Request request) {
    var gate = new EnforcingBudgetGate(at(now));
    gate.update(List.of(new BudgetEvaluator(at(now)).evaluate(budget, records, NAMESPACES)));
    return gate.check(request);
  }

  @Test
  void check_noBudgetForTheNamespace_allows() {
    var d =
        check(
            budget("ml", Enforcement.BLOCK, Duration.ZERO, CostBudget.Throttle.NONE),
            OVERSPENT,
            hour(3),
            WEB_JOB);

    assertThat(d).isInstanceOf(BudgetDecision.Allowed.class);
    assertThat(d.reason()).contains("No cost budget covers namespace web");
  }

  @Test
  void check_alertMode_allowsEvenWhenSpent() {
    var d =
        check(
            budget("ml", Enforcement.ALERT, Duration.ZERO, CostBudget.Throttle.NONE),
            OVERSPENT,
            hour(3),
            ML_JOB);

    assertThat(d).isInstanceOf(BudgetDecision.Allowed.class);
    assertThat(d.reason()).contains("$1,400.00 of $1,000.00");
  }

  @Test
  void check_blockUnderTheAmount_allows() {
    var d =
        check(
            budget("ml", Enforcement.BLOCK, Duration.ZERO, CostBudget.Throttle.NONE),
            OVERSPENT.subList(0, 1),
            hour(3),
            ML_JOB);

    assertThat(d).isInstanceOf(BudgetDecision.Allowed.class);
  }

  @Test
  void check_blockWithinTheGracePeriod_allowsAndSaysWhenItBlocks() {
    var budget = budget("ml", Enforcement.BLOCK, Duration.ofHours(4), CostBudget.Throttle.NONE);

    var d = check(budget, OVERSPENT, hour(3), ML_JOB);

    assertThat(d).isInstanceOf(BudgetDecision.Allowed.class);
    assertThat(d.reason())
        .contains("will block new workloads from " + REACHED.plus(Duration.ofHours(4)));
  }

  @Test
  void check_blockAfterTheGracePeriod_deniesWithWhatToDo() {
    var budget = budget("ml", Enforcement.BLOCK, Duration.ofHours(1), CostBudget.Throttle.NONE);

    var d = check(budget, OVERSPENT, hour(3), ML_JOB);

    assertThat(d).isInstanceOf(BudgetDecision.Denied.class);
    assertThat(((BudgetDecision.Denied) d).budget()).isEqualTo("ml");
    assertThat(d.reason())
        .contains("Budget ml (namespaces with team=ml) has spent $1,400.00 of $1,000.00")
        .contains("blocks new workloads since " + REACHED.plus(Duration.ofHours(1)))
        .contains("raise its amount")
        .contains("next period at " + hour(720))
        .contains("train-llm");
  }

  @Test
  void check_throttleWithSpotRoomAndBlockOnDemand_allowsSpotOnly() {
    var budget =
        budget("ml", Enforcement.THROTTLE, Duration.ZERO, new CostBudget.Throttle(3, true));

    var d = check(budget, OVERSPENT, hour(3), ML_JOB);

    assertThat(d).isInstanceOf(BudgetDecision.SpotOnly.class);
    assertThat(d.reason()).contains("spot capacity only").contains("2 of at most 3");
  }

  @Test
  void check_throttleWithSpotRoomAllowingOnDemand_allows() {
    var budget =
        budget("ml", Enforcement.THROTTLE, Duration.ZERO, new CostBudget.Throttle(3, false));

    var d = check(budget, OVERSPENT, hour(3), ML_JOB);

    assertThat(d).isInstanceOf(BudgetDecision.Allowed.class);
    assertThat(d.reason()).contains("throttled (2 of at most 3");
  }

  @Test
  void check_throttleAtTheSpotLimit_denies() {
    var budget =
        budget("ml", Enforcement.THROTTLE, Duration.ZERO, new CostBudget.Throttle(2, true));

    var d = check(budget, OVERSPENT, hour(3), ML_JOB);

    assertThat(d).isInstanceOf(BudgetDecision.Denied.class);
    assertThat(d.reason()).contains("throttled to 2 spot workload(s); 2 already run");
  }

  @Test
  void check_evaluationFromAnEndedPeriod_isIgnored() {
    var budget = budget("ml", Enforcement.BLOCK, Duration.ZERO, CostBudget.Throttle.NONE);
    var gate = new EnforcingBudgetGate(at(hour(721)));
    gate.update(List.of(new BudgetEvaluator(at(hour(3))).evaluate(budget, OVERSPENT, NAMESPACES)));

    assertThat(gate.check(ML_JOB)).isInstanceOf(BudgetDecision.Allowed.class);
  }

  @Test
  void check_twoBudgets_theStricterWins() {
    var throttle =
        budget("a-throttle", Enforcement.THROTTLE, Duration.ZERO, new CostBudget.Throttle(5, true));
    var block = budget("b-block", Enforcement.BLOCK, Duration.ZERO, CostBudget.Throttle.NONE);
    var evaluator = new BudgetEvaluator(at(hour(3)));
    var gate = new EnforcingBudgetGate(at(hour(3)));
    gate.update(
        List.of(
            evaluator.evaluate(throttle, OVERSPENT, NAMESPACES),
            evaluator.evaluate(block, OVERSPENT, NAMESPACES)));

    var d = gate.check(ML_JOB);

    assertThat(d).isInstanceOf(BudgetDecision.Denied.class);
    assertThat(((BudgetDecision.Denied) d).budget()).isEqualTo("b-block");
  }

  /**
   * Over random spend, enforcement and clock: alert mode and out-of-scope namespaces are always
   * allowed, nothing is denied or restricted before the amount is spent plus the grace period, and
   * the same state gives the same answer.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void check_randomBudgets_holdsInvariants(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Enforcement mode = Enforcement.values()[random.nextInt(3)];
    Duration grace = Duration.ofMinutes(random.nextInt(0, 600));
    var throttle = new CostBudget.Throttle(random.nextInt(0, 4), random.nextBoolean());
    var budget = budget("ml", mode, grace, throttle);
    List<CostRecord> records = new ArrayList<>();
    for (int i = random.nextInt(0, 60); i > 0; i--) {
      records.add(
          record(
              "w" + random.nextInt(6),
              random.nextBoolean() ? "ml-train" : "web",
              hour(random.nextInt(0, 48)),
              random.nextDouble() * 80,
              random.nextBoolean() ? CapacityType.SPOT : CapacityType.ON_DEMAND));
    }
    Instant now = hour(random.nextInt(0, 50));
    var evaluation = new BudgetEvaluator(at(now)).evaluate(budget, records, NAMESPACES);
    var gate = new EnforcingBudgetGate(at(now));
    gate.update(List.of(evaluation));

    BudgetDecision ml = gate.check(ML_JOB);

    assertThat(gate.check(ML_JOB)).as("seed %d", seed).isEqualTo(ml);
    assertThat(gate.check(WEB_JOB)).as("seed %d", seed).isInstanceOf(BudgetDecision.Allowed.class);
    boolean enforcing =
        evaluation.exceededAt().map(x -> !now.isBefore(x.plus(grace))).orElse(false);
    if (mode == Enforcement.ALERT || !enforcing) {
      assertThat(ml).as("seed %d", seed).isInstanceOf(BudgetDecision.Allowed.class);
    } else if (mode == Enforcement.BLOCK) {
      assertThat(ml).as("seed %d", seed).isInstanceOf(BudgetDecision.Denied.class);
    } else if (evaluation.spotWorkloads() >= throttle.maxSpotInstances()) {
      assertThat(ml).as("seed %d", seed).isInstanceOf(BudgetDecision.Denied.class);
    }
    assertThat(ml.reason()).as("seed %d", seed).isNotBlank();
  }
}
