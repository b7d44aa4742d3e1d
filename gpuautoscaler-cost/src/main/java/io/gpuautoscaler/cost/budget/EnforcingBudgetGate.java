package io.gpuautoscaler.cost.budget;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.cost.BudgetDecision;
import io.gpuautoscaler.api.cost.BudgetEvaluation;
import io.gpuautoscaler.api.cost.BudgetGate;
import io.gpuautoscaler.api.cost.BudgetState;
import io.gpuautoscaler.api.cost.CostBudget;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A {@link BudgetGate} over the latest budget evaluations, which the evaluation loop hands to
 * {@link #update}. For each budget whose scope selects the workload's namespace:
 *
 * <ul>
 *   <li>under the amount, or {@code alert} enforcement: allowed;
 *   <li>spent, but within the grace period after the amount was reached: allowed, saying when
 *       enforcement starts;
 *   <li>{@code block}: denied until the next period or a larger amount;
 *   <li>{@code throttle}: denied when the scope already runs {@code maxSpotInstances} spot
 *       workloads, else spot only when {@code blockOnDemand}, else allowed.
 * </ul>
 *
 * The most restrictive answer wins (denied, then spot only, then allowed); ties go to the budget
 * whose name sorts first. An evaluation whose period has ended by now is ignored: a new period
 * starts unspent. Deterministic for the same evaluations and clock reading; thread-safe.
 */
public final class EnforcingBudgetGate implements BudgetGate {
  private final Clock clock;
  private volatile List<BudgetEvaluation> evaluations = List.of();

  /** A gate with no budgets yet (it allows everything), reading "now" from {@code clock}. */
  public EnforcingBudgetGate(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /** Replaces the evaluations the gate answers from: one per budget, the latest. */
  public void update(Collection<BudgetEvaluation> latest) {
    List<BudgetEvaluation> copy = new ArrayList<>(requireNonNull(latest, "latest"));
    copy.sort(Comparator.comparing(e -> e.budget().name()));
    for (int i = 1; i < copy.size(); i++) {
      if (copy.get(i).budget().name().equals(copy.get(i - 1).budget().name())) {
        throw new IllegalArgumentException(
            "two evaluations of budget " + copy.get(i).budget().name());
      }
    }
    evaluations = List.copyOf(copy);
  }

  @Override
  public BudgetDecision check(Request request) {
    requireNonNull(request, "request");
    Instant now = clock.instant();
    BudgetDecision strictest = null;
    List<String> allowedReasons = new ArrayList<>();
    for (BudgetEvaluation e : evaluations) {
      if (!e.budget().scope().selects(request.namespaceLabels())
          || !now.isBefore(e.window().end())) {
        continue;
      }
      BudgetDecision d = decide(e, request, now);
      if (d instanceof BudgetDecision.Allowed) {
        allowedReasons.add(d.reason());
      } else if (strictest == null || rank(d) > rank(strictest)) {
        strictest = d;
      }
    }
    if (strictest != null) {
      return strictest;
    }
    if (allowedReasons.isEmpty()) {
      return new BudgetDecision.Allowed(
          "No cost budget covers namespace " + request.namespace() + ".");
    }
    return new BudgetDecision.Allowed(String.join(" ", allowedReasons));
  }

  private static int rank(BudgetDecision d) {
    return d instanceof BudgetDecision.Denied ? 2 : d instanceof BudgetDecision.SpotOnly ? 1 : 0;
  }

  private static BudgetDecision decide(BudgetEvaluation e, Request request, Instant now) {
    CostBudget b = e.budget();
    String standing =
        "Budget "
            + b.name()
            + " ("
            + scopeText(b.scope())
            + ") has spent "
            + Money.usd(e.spentUsd())
            + " of "
            + Money.usd(b.amountUsd())
            + " for the period "
            + e.window().start()
            + ".."
            + e.window().end();
    if (e.state() != BudgetState.EXCEEDED || b.enforcement() == CostBudget.Enforcement.ALERT) {
      return new BudgetDecision.Allowed(standing + ".");
    }
    Instant enforceFrom = e.exceededAt().orElse(e.evaluatedAt()).plus(b.gracePeriod());
    if (now.isBefore(enforceFrom)) {
      return new BudgetDecision.Allowed(
          standing
              + "; it will "
              + b.enforcement().id()
              + " new workloads from "
              + enforceFrom
              + " (grace period "
              + b.gracePeriod()
              + ").");
    }
    String lift =
        " To start "
            + request.workloadName()
            + ", ask the budget's owner to raise its amount, or wait for the next period at "
            + e.window().end()
            + ".";
    if (b.enforcement() == CostBudget.Enforcement.BLOCK) {
      return new BudgetDecision.Denied(
          b.name(), standing + ", and blocks new workloads since " + enforceFrom + "." + lift);
    }
    CostBudget.Throttle t = b.throttle();
    if (e.spotWorkloads() >= t.maxSpotInstances()) {
      return new BudgetDecision.Denied(
          b.name(),
          standing
              + ", and is throttled to "
              + t.maxSpotInstances()
              + " spot workload(s); "
              + e.spotWorkloads()
              + " already run. Stop one of them, or:"
              + lift);
    }
    String headroom =
        " (" + e.spotWorkloads() + " of at most " + t.maxSpotInstances() + " spot workloads run)";
    if (t.blockOnDemand()) {
      return new BudgetDecision.SpotOnly(
          b.name(),
          standing
              + ", and is throttled: new workloads run on spot capacity only"
              + headroom
              + "."
              + lift.replace("To start", "To start on on-demand capacity"));
    }
    return new BudgetDecision.Allowed(standing + ", and is throttled" + headroom + ".");
  }

  private static String scopeText(CostBudget.Scope scope) {
    if (scope.namespaceSelector().isEmpty()) {
      return "all namespaces";
    }
    StringBuilder s = new StringBuilder("namespaces with ");
    for (Map.Entry<String, String> e : scope.namespaceSelector().entrySet()) {
      if (s.length() > "namespaces with ".length()) {
        s.append(',');
      }
      s.append(e.getKey()).append('=').append(e.getValue());
    }
    return s.toString();
  }
}
