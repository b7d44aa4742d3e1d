package io.gpuautoscaler.cost.budget;

import io.gpuautoscaler.api.cost.CostBudget;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.sharing.SharingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fixtures for budget tests: a 30-day budget from 2026-11-01 and hand-made cost records. */
final class Budgets {
  static final Instant PERIOD_START = Instant.parse("2026-11-01T00:00:00Z");
  static final Map<String, Map<String, String>> NAMESPACES =
      Map.of(
          "ml-train", Map.of("team", "ml"),
          "ml-serve", Map.of("team", "ml"),
          "web", Map.of("team", "web"));

  private Budgets() {}

  static CostBudget.Period thirtyDays() {
    return new CostBudget.Every(Duration.ofDays(30), PERIOD_START);
  }

  static CostBudget budget(
      String name, CostBudget.Enforcement mode, Duration grace, CostBudget.Throttle throttle) {
    return new CostBudget(
        name,
        new CostBudget.Scope(Map.of("team", "ml")),
        1000,
        thirtyDays(),
        List.of(
            new CostBudget.Threshold(50, List.of("chat")),
            new CostBudget.Threshold(100, List.of("chat", "pager"))),
        mode,
        grace,
        throttle);
  }

  static CostBudget alertBudget() {
    return budget("ml", CostBudget.Enforcement.ALERT, Duration.ZERO, CostBudget.Throttle.NONE);
  }

  static CostRecord record(
      String uid, String namespace, Instant start, double costUsd, CapacityType capacity) {
    return new CostRecord(
        CostRecord.Kind.WORKLOAD,
        uid,
        uid,
        namespace,
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        "node-1",
        Optional.empty(),
        "H100",
        capacity,
        SharingMode.EXCLUSIVE,
        start,
        Duration.ofHours(1),
        3600,
        1000,
        costUsd);
  }

  static CostRecord record(String uid, String namespace, Instant start, double costUsd) {
    return record(uid, namespace, start, costUsd, CapacityType.ON_DEMAND);
  }

  static Clock at(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  static Instant hour(int h) {
    return PERIOD_START.plus(Duration.ofHours(h));
  }
}
