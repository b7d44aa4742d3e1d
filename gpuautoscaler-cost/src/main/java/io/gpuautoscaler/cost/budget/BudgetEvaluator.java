package io.gpuautoscaler.cost.budget;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.cost.BudgetEvaluation;
import io.gpuautoscaler.api.cost.BudgetState;
import io.gpuautoscaler.api.cost.CostBudget;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates a {@link CostBudget} against cost records at the injected clock's current instant:
 * spent so far in the current period, burn rate, a linear forecast at the period's end, the state
 * and when the amount was reached.
 *
 * <p>A record counts when it is a workload's (not idle) cost, its namespace is selected by the
 * budget's scope and its interval starts within the current period before now. A record is counted
 * whole in the period its interval starts in, as a store keys it. The burn rate is the average over
 * the elapsed part of the period, and the forecast extends it linearly: simple, explainable, and
 * blind to a spike in the last hour (an alert on the spent amount catches what it misses).
 *
 * <p>Pure apart from the clock: the same records, labels and clock reading give the same result,
 * whatever the records' order. Thread-safe. O(n log n) for n records.
 */
public final class BudgetEvaluator {
  private static final double SECONDS_PER_HOUR = 3600.0;
  private static final Comparator<CostRecord> ORDER =
      Comparator.comparing(CostRecord::intervalStart)
          .thenComparing(CostRecord::workloadUid)
          .thenComparing(CostRecord::node)
          .thenComparingDouble(CostRecord::costUsd);

  private final Clock clock;

  /** An evaluator reading "now" from {@code clock}. */
  public BudgetEvaluator(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Evaluates {@code budget} now.
   *
   * @param records cost records of any namespaces and times; those out of scope or period are
   *     skipped; may be empty
   * @param namespaceLabels each namespace's labels; a namespace missing here has no labels, so only
   *     a budget with an empty selector counts it
   */
  public BudgetEvaluation evaluate(
      CostBudget budget,
      Collection<CostRecord> records,
      Map<String, Map<String, String>> namespaceLabels) {
    requireNonNull(budget, "budget");
    requireNonNull(records, "records");
    requireNonNull(namespaceLabels, "namespaceLabels");
    Instant now = clock.instant();
    CostBudget.Window window = budget.period().windowAt(now);

    List<CostRecord> counted = new ArrayList<>();
    for (CostRecord r : records) {
      if (r.kind() != CostRecord.Kind.WORKLOAD
          || r.namespace().isEmpty()
          || r.intervalStart().isBefore(window.start())
          || !r.intervalStart().isBefore(now)
          || !budget.scope().selects(namespaceLabels.getOrDefault(r.namespace(), Map.of()))) {
        continue;
      }
      counted.add(r);
    }
    // Floating-point sums depend on order: a fixed order makes the result independent of the
    // caller's, and grouping by interval start makes the crossing instant well defined.
    counted.sort(ORDER);
    TreeMap<Instant, IntervalCost> byStart = new TreeMap<>();
    for (CostRecord r : counted) {
      byStart.computeIfAbsent(r.intervalStart(), s -> new IntervalCost()).add(r);
    }

    double spent = 0;
    Optional<Instant> exceededAt = Optional.empty();
    for (Map.Entry<Instant, IntervalCost> e : byStart.entrySet()) {
      IntervalCost interval = e.getValue();
      double before = spent;
      spent += interval.costUsd;
      if (exceededAt.isEmpty() && spent >= budget.amountUsd() && interval.costUsd > 0) {
        // Costs accrue evenly within an interval, so the amount was reached part-way through it.
        double fraction = (budget.amountUsd() - before) / interval.costUsd;
        long millis = Math.round(fraction * interval.length.toMillis());
        Instant crossed = e.getKey().plusMillis(millis);
        exceededAt = Optional.of(crossed.isAfter(now) ? now : crossed);
      }
    }

    double elapsedHours =
        Duration.between(window.start(), now).toMillis() / 1000.0 / SECONDS_PER_HOUR;
    double remainingHours =
        Duration.between(now, window.end()).toMillis() / 1000.0 / SECONDS_PER_HOUR;
    double burnRate = elapsedHours > 0 ? spent / elapsedHours : 0;
    double forecast = spent + burnRate * remainingHours;

    List<Double> crossed = new ArrayList<>();
    for (CostBudget.Threshold t : budget.thresholds()) {
      if (reached(spent, budget.amountUsd(), t.percent())) {
        crossed.add(t.percent());
      }
    }
    BudgetState state =
        spent >= budget.amountUsd()
            ? BudgetState.EXCEEDED
            : crossed.isEmpty() ? BudgetState.OK : BudgetState.WARNING;
    int spot = byStart.isEmpty() ? 0 : byStart.lastEntry().getValue().spotWorkloads.size();
    return new BudgetEvaluation(
        budget, window, now, spent, burnRate, forecast, state, crossed, exceededAt, spot);
  }

  /** Whether {@code spentUsd} reached {@code percent} of {@code amountUsd}. */
  static boolean reached(double spentUsd, double amountUsd, double percent) {
    return spentUsd * 100 >= amountUsd * percent;
  }

  private static final class IntervalCost {
    double costUsd;
    Duration length = Duration.ZERO;
    final Set<String> spotWorkloads = new HashSet<>();

    void add(CostRecord r) {
      costUsd += r.costUsd();
      if (r.interval().compareTo(length) > 0) {
        length = r.interval();
      }
      if (r.capacityType() == CapacityType.SPOT && r.seconds() > 0) {
        spotWorkloads.add(r.workloadUid());
      }
    }
  }
}
