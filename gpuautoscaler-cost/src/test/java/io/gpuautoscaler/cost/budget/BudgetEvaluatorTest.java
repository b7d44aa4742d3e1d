package io.gpuautoscaler.cost.budget;

import static io.gpuautoscaler.cost.budget.Budgets.NAMESPACES;
import static io.gpuautoscaler.cost.budget.Budgets.alertBudget;
import static io.gpuautoscaler.cost.budget.Budgets.at;
import static io.gpuautoscaler.cost.budget.Budgets.hour;
import static io.gpuautoscaler.cost.budget.Budgets.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.cost.BudgetEvaluation;
import io.gpuautoscaler.api.cost.BudgetState;
import io.gpuautoscaler.api.cost.CostBudget;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetEvaluatorTest {

  @Test
  void evaluate_handMadeBudget_givesSpentBurnRateForecastAndState() {
    // 24 h into a 720 h period; ml namespaces spent 100 + 200 + 300; web's 5000 is out of scope,
    // so is the idle record, last period's record and the one starting after now.
    List<CostRecord> records =
        List.of(
            record("a", "ml-train", hour(0), 100),
            record("b", "ml-serve", hour(10), 200),
            record("c", "ml-train", hour(23), 300),
            record("w", "web", hour(5), 5000),
            record("old", "ml-train", hour(-1), 999),
            record("future", "ml-train", hour(24), 999),
            idle(hour(3)));

    BudgetEvaluation e =
        new BudgetEvaluator(at(hour(24))).evaluate(alertBudget(), records, NAMESPACES);

    assertThat(e.window()).isEqualTo(new CostBudget.Window(hour(0), hour(720)));
    assertThat(e.spentUsd()).isEqualTo(600.0);
    assertThat(e.burnRateUsdPerHour()).isEqualTo(25.0);
    assertThat(e.forecastUsd()).isEqualTo(600 + 25.0 * 696);
    assertThat(e.state()).isEqualTo(BudgetState.WARNING);
    assertThat(e.crossedThresholds()).containsExactly(50.0);
    assertThat(e.exceededAt()).isEmpty();
    assertThat(e.spentPercent()).isEqualTo(60.0);
  }

  @Test
  void evaluate_overTheAmount_interpolatesWhenItWasReached() {
    // 900 by hour 2; the hour-2 interval costs 400, so 1000 is reached a quarter into it.
    List<CostRecord> records =
        List.of(
            record("a", "ml-train", hour(0), 500),
            record("b", "ml-train", hour(1), 400),
            record("c", "ml-train", hour(2), 400));

    BudgetEvaluation e =
        new BudgetEvaluator(at(hour(5))).evaluate(alertBudget(), records, NAMESPACES);

    assertThat(e.state()).isEqualTo(BudgetState.EXCEEDED);
    assertThat(e.crossedThresholds()).containsExactly(50.0, 100.0);
    assertThat(e.exceededAt()).contains(hour(2).plus(Duration.ofMinutes(15)));
  }

  @Test
  void evaluate_atThePeriodStart_hasNoBurnRate() {
    BudgetEvaluation e =
        new BudgetEvaluator(at(hour(0))).evaluate(alertBudget(), List.of(), NAMESPACES);

    assertThat(e.spentUsd()).isZero();
    assertThat(e.burnRateUsdPerHour()).isZero();
    assertThat(e.forecastUsd()).isZero();
    assertThat(e.state()).isEqualTo(BudgetState.OK);
  }

  @Test
  void evaluate_countsSpotWorkloadsOfTheLatestInterval() {
    List<CostRecord> records =
        List.of(
            record("s1", "ml-train", hour(1), 1, CapacityType.SPOT),
            record("s1", "ml-train", hour(2), 1, CapacityType.SPOT),
            record("s2", "ml-serve", hour(2), 1, CapacityType.SPOT),
            record("od", "ml-serve", hour(2), 1, CapacityType.ON_DEMAND),
            record("gone", "ml-serve", hour(1), 1, CapacityType.SPOT));

    BudgetEvaluation e =
        new BudgetEvaluator(at(hour(3))).evaluate(alertBudget(), records, NAMESPACES);

    assertThat(e.spotWorkloads()).isEqualTo(2);
  }

  @Test
  void calendarMonth_windowIsTheMonthInItsZone() {
    var month = new CostBudget.CalendarMonth(ZoneId.of("Europe/Berlin"));

    var w = month.windowAt(Instant.parse("2026-02-28T23:30:00Z")); // already March 1st in Berlin

    assertThat(w.start()).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
    assertThat(w.end()).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
  }

  @Test
  void periodParse_readsDaysHoursAndCalendarMonth() {
    assertThat(CostBudget.Period.parse("30d"))
        .isEqualTo(new CostBudget.Every(Duration.ofDays(30), Instant.EPOCH));
    assertThat(CostBudget.Period.parse("12h"))
        .isEqualTo(new CostBudget.Every(Duration.ofHours(12), Instant.EPOCH));
    assertThat(CostBudget.Period.parse("calendar-month"))
        .isEqualTo(new CostBudget.CalendarMonth(ZoneId.of("UTC")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CostBudget.Period.parse("30 days"))
        .hasMessageContaining("30 days")
        .hasMessageContaining("calendar-month");
  }

  /**
   * Over random records: the result does not depend on record order, spent never exceeds the
   * forecast, the crossed thresholds are exactly those at or below the spent percent, and the
   * amount was reached no later than now.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void evaluate_randomRecords_holdsInvariants(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> namespaces = List.of("ml-train", "ml-serve", "web", "unlabelled");
    List<CostRecord> records = new ArrayList<>();
    int n = random.nextInt(0, 300);
    for (int i = 0; i < n; i++) {
      records.add(
          record(
              "w" + random.nextInt(20),
              namespaces.get(random.nextInt(namespaces.size())),
              hour(random.nextInt(-48, 800)),
              random.nextDouble() * 40,
              random.nextBoolean() ? CapacityType.SPOT : CapacityType.ON_DEMAND));
    }
    Instant now = hour(random.nextInt(0, 720)).plusSeconds(random.nextInt(3600));
    BudgetEvaluator evaluator = new BudgetEvaluator(at(now));
    CostBudget budget = alertBudget();

    BudgetEvaluation e = evaluator.evaluate(budget, records, NAMESPACES);
    List<CostRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(seed));
    BudgetEvaluation again = evaluator.evaluate(budget, shuffled, NAMESPACES);

    assertThat(again).as("seed %d", seed).isEqualTo(e);
    assertThat(e.forecastUsd()).as("seed %d", seed).isGreaterThanOrEqualTo(e.spentUsd());
    for (CostBudget.Threshold t : budget.thresholds()) {
      assertThat(e.crossedThresholds().contains(t.percent()))
          .as("seed %d, threshold %s", seed, t.percent())
          .isEqualTo(e.spentPercent() >= t.percent() - 1e-9);
    }
    assertThat(e.state() == BudgetState.EXCEEDED).isEqualTo(e.exceededAt().isPresent());
    e.exceededAt().ifPresent(x -> assertThat(x).isBetween(e.window().start(), now));
    double expectedSpent =
        records.stream()
            .filter(r -> r.namespace().startsWith("ml-"))
            .filter(r -> !r.intervalStart().isBefore(e.window().start()))
            .filter(r -> r.intervalStart().isBefore(now))
            .mapToDouble(CostRecord::costUsd)
            .sum();
    assertThat(e.spentUsd()).as("seed %d", seed).isCloseTo(expectedSpent, within(1e-6));
  }

  private static CostRecord idle(Instant start) {
    return new CostRecord(
        CostRecord.Kind.IDLE,
        "idle/node-1",
        "node-1",
        "",
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        "node-1",
        Optional.empty(),
        "H100",
        CapacityType.ON_DEMAND,
        io.gpuautoscaler.api.sharing.SharingMode.EXCLUSIVE,
        start,
        Duration.ofHours(1),
        3600,
        1000,
        777);
  }
}
