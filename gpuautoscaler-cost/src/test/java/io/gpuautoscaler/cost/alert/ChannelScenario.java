package io.gpuautoscaler.cost.alert;

import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.cost.BudgetEvaluation;
import io.gpuautoscaler.api.cost.CostBudget;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.cost.budget.AlertDispatcher;
import io.gpuautoscaler.cost.budget.BudgetEvaluator;
import io.gpuautoscaler.cost.budget.InMemoryAlertLedger;
import io.gpuautoscaler.cost.budget.RetryPolicy;
import io.gpuautoscaler.cost.budget.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One channel, found by name through {@link ProviderRegistry} as an operator finds it, behind a
 * real {@link AlertDispatcher}: a budget of $1,000 alerting at 50% (warning) and 100% (critical).
 */
final class ChannelScenario {
  static final Instant PERIOD_START = Instant.parse("2026-11-01T00:00:00Z");
  static final CostBudget BUDGET =
      CostBudget.alertOnly(
          "ml",
          new CostBudget.Scope(Map.of("team", "ml")),
          1000,
          new CostBudget.Every(Duration.ofDays(30), PERIOD_START),
          List.of(
              new CostBudget.Threshold(50, List.of("ch")),
              new CostBudget.Threshold(100, List.of("ch"))));

  final AlertChannel channel;
  final List<Duration> slept = new ArrayList<>();
  final AlertDispatcher dispatcher;
  private int hour = 1;

  ChannelScenario(String provider, Settings settings) {
    this(provider, settings, null);
  }

  /** With {@code sleeper} run after each recorded wait (null: none), e.g. to start a server. */
  ChannelScenario(String provider, Settings settings, Sleeper alsoOnSleep) {
    channel = ProviderRegistry.load(AlertChannel.Provider.class).require(provider).create(settings);
    dispatcher =
        new AlertDispatcher(
            Map.of("ch", channel),
            new InMemoryAlertLedger(),
            new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(1)),
            wait -> {
              slept.add(wait);
              if (alsoOnSleep != null) {
                alsoOnSleep.sleep(wait);
              }
            });
  }

  /** Evaluates the budget an hour later than last time with {@code spentUsd} spent, and sends. */
  List<AlertDispatcher.Delivery> spend(double spentUsd) {
    return dispatcher.dispatch(evaluate(spentUsd));
  }

  BudgetEvaluation evaluate(double spentUsd) {
    hour++;
    Instant now = PERIOD_START.plus(Duration.ofHours(hour));
    CostRecord record =
        new CostRecord(
            CostRecord.Kind.WORKLOAD,
            "pod-1",
            "train",
            "ml-train",
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            "node-1",
            Optional.empty(),
            "H100",
            CapacityType.ON_DEMAND,
            SharingMode.EXCLUSIVE,
            PERIOD_START,
            Duration.ofHours(1),
            3600,
            8000,
            spentUsd);
    return new BudgetEvaluator(Clock.fixed(now, ZoneOffset.UTC))
        .evaluate(BUDGET, List.of(record), Map.of("ml-train", Map.of("team", "ml")));
  }
}
