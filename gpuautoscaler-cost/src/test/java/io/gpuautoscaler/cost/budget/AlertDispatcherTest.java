package io.gpuautoscaler.cost.budget;

import static io.gpuautoscaler.cost.budget.Budgets.NAMESPACES;
import static io.gpuautoscaler.cost.budget.Budgets.alertBudget;
import static io.gpuautoscaler.cost.budget.Budgets.at;
import static io.gpuautoscaler.cost.budget.Budgets.hour;
import static io.gpuautoscaler.cost.budget.Budgets.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.Alert;
import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.cost.AlertDeliveryException;
import io.gpuautoscaler.api.cost.BudgetEvaluation;
import io.gpuautoscaler.api.cost.CostBudget;
import io.gpuautoscaler.api.cost.CostRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlertDispatcherTest {
  private final RecordingChannel chat = new RecordingChannel();
  private final RecordingChannel pager = new RecordingChannel();
  private final List<Duration> slept = new ArrayList<>();
  private final InMemoryAlertLedger ledger = new InMemoryAlertLedger();
  private final AlertDispatcher dispatcher =
      new AlertDispatcher(
          Map.of("chat", chat, "pager", pager),
          ledger,
          new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(3)),
          slept::add);

  private static BudgetEvaluation evaluate(CostBudget budget, Instant now, double spentUsd) {
    List<CostRecord> records =
        spentUsd == 0 ? List.of() : List.of(record("a", "ml-train", hour(0), spentUsd));
    return new BudgetEvaluator(at(now)).evaluate(budget, records, NAMESPACES);
  }

  @Test
  void dispatch_thresholdReached_sendsOnceEvenWhenReEvaluated() {
    var first = dispatcher.dispatch(evaluate(alertBudget(), hour(2), 600));
    var second = dispatcher.dispatch(evaluate(alertBudget(), hour(3), 650));
    var third = dispatcher.dispatch(evaluate(alertBudget(), hour(4), 700));

    assertThat(first).hasSize(1);
    assertThat(second).isEmpty();
    assertThat(third).isEmpty();
    assertThat(chat.received).hasSize(1);
    Alert alert = chat.received.get(0);
    assertThat(alert.action()).isEqualTo(Alert.Action.TRIGGER);
    assertThat(alert.thresholdPercent()).isEqualTo(50.0);
    assertThat(alert.severity()).isEqualTo(Alert.Severity.WARNING);
    assertThat(alert.dedupKey()).isEqualTo("gpuautoscaler/budget/ml/" + hour(0) + "/50");
    assertThat(alert.summary()).startsWith("Budget ml reached 50%: spent $600.00 of $1,000.00");
    assertThat(pager.received).isEmpty();
  }

  @Test
  void dispatch_eachThresholdGoesToItsOwnChannels() {
    dispatcher.dispatch(evaluate(alertBudget(), hour(2), 600));
    dispatcher.dispatch(evaluate(alertBudget(), hour(3), 1100));

    assertThat(chat.received).extracting(Alert::thresholdPercent).containsExactly(50.0, 100.0);
    assertThat(pager.received).extracting(Alert::thresholdPercent).containsExactly(100.0);
    assertThat(pager.received.get(0).severity()).isEqualTo(Alert.Severity.CRITICAL);
  }

  @Test
  void dispatch_whenTheStateClears_resolvesWithTheSameDedupKey() {
    dispatcher.dispatch(evaluate(alertBudget(), hour(2), 600));
    // Costs corrected downwards: below 50% again in the same period.
    var cleared = dispatcher.dispatch(evaluate(alertBudget(), hour(3), 100));
    var again = dispatcher.dispatch(evaluate(alertBudget(), hour(4), 100));

    assertThat(cleared)
        .extracting(AlertDispatcher.Delivery::action)
        .containsExactly(Alert.Action.RESOLVE);
    assertThat(again).isEmpty();
    assertThat(chat.received)
        .extracting(Alert::action)
        .containsExactly(Alert.Action.TRIGGER, Alert.Action.RESOLVE);
    assertThat(chat.received.get(1).dedupKey()).isEqualTo(chat.received.get(0).dedupKey());
    assertThat(chat.received.get(1).summary()).startsWith("Resolved: budget ml");
    assertThat(ledger.open("ml")).isEmpty();
  }

  @Test
  void dispatch_nextPeriod_resolvesTheLastPeriodsAlertsAndAlertsAfresh() {
    dispatcher.dispatch(evaluate(alertBudget(), hour(2), 600));
    BudgetEvaluation nextPeriod =
        new BudgetEvaluator(at(hour(722)))
            .evaluate(alertBudget(), List.of(record("b", "ml-train", hour(720), 700)), NAMESPACES);

    dispatcher.dispatch(nextPeriod);

    assertThat(chat.received)
        .extracting(Alert::action)
        .containsExactly(Alert.Action.TRIGGER, Alert.Action.RESOLVE, Alert.Action.TRIGGER);
    assertThat(chat.received.get(1).dedupKey()).contains(hour(0).toString());
    assertThat(chat.received.get(2).dedupKey()).contains(hour(720).toString());
  }

  @Test
  void dispatch_retryableFailures_retryWithExponentialBackoffThenSucceed() {
    chat.failNext(true, true, true);

    var deliveries = dispatcher.dispatch(evaluate(alertBudget(), hour(2), 600));

    assertThat(deliveries)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.delivered()).isTrue();
              assertThat(d.attempts()).isEqualTo(4);
            });
    assertThat(slept)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    assertThat(chat.received).hasSize(1);
  }

  @Test
  void dispatch_permanentFailure_doesNotRetryAndTriesAgainNextEvaluation() {
    chat.failNext(false);

    var failed = dispatcher.dispatch(evaluate(alertBudget(), hour(2), 600));
    var retried = dispatcher.dispatch(evaluate(alertBudget(), hour(3), 600));

    assertThat(failed)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.delivered()).isFalse();
              assertThat(d.attempts()).isEqualTo(1);
              assertThat(d.error()).hasValueSatisfying(m -> assertThat(m).contains("rejected"));
            });
    assertThat(slept).isEmpty();
    assertThat(retried).singleElement().satisfies(d -> assertThat(d.delivered()).isTrue());
  }

  @Test
  void dispatch_unconfiguredChannel_failsBeforeSendingAnything() {
    var budget =
        CostBudget.alertOnly(
            "ml",
            new CostBudget.Scope(Map.of("team", "ml")),
            1000,
            Budgets.thirtyDays(),
            List.of(new CostBudget.Threshold(10, List.of("chat", "teams"))));

    assertThatThrownBy(() -> dispatcher.dispatch(evaluate(budget, hour(2), 600)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'teams'")
        .hasMessageContaining("[chat, pager]");
    assertThat(chat.received).isEmpty();
  }

  @Test
  void retryPolicy_backoffDoublesUpToTheCap() {
    var policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(500));

    assertThat(List.of(1, 2, 3, 4, 5).stream().map(policy::backoffAfter))
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(500),
            Duration.ofMillis(500));
  }

  /**
   * Over a random walk of spend (up and down) and time, with the channel always up: after every
   * dispatch, the open alerts are exactly the reached thresholds of the current period, and every
   * channel has seen triggers and resolves alternate per dedup key, starting with a trigger.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void dispatch_randomWalk_neverDuplicatesAndAlwaysMatchesTheState(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    CostBudget budget = alertBudget();
    int h = 1;
    for (int step = 0; step < 60; step++) {
      h += random.nextInt(1, 60);
      Instant now = hour(h);
      CostBudget.Window w = budget.period().windowAt(now);
      double spent = random.nextDouble() * 1500;
      BudgetEvaluation e =
          new BudgetEvaluator(at(now))
              .evaluate(budget, List.of(record("a", "ml-train", w.start(), spent)), NAMESPACES);

      dispatcher.dispatch(e);

      assertThat(ledger.open("ml"))
          .as("seed %d step %d", seed, step)
          .allSatisfy(k -> assertThat(k.periodStart()).isEqualTo(w.start()))
          .extracting(AlertKey::thresholdPercent)
          .allSatisfy(p -> assertThat(e.crossedThresholds()).contains(p));
      assertThat(ledger.open("ml"))
          .hasSize(
              (e.crossedThresholds().contains(50.0) ? 1 : 0)
                  + (e.crossedThresholds().contains(100.0) ? 2 : 0));
    }
    for (RecordingChannel channel : List.of(chat, pager)) {
      Map<String, Alert.Action> last = new java.util.HashMap<>();
      for (Alert a : channel.received) {
        Alert.Action previous = last.put(a.dedupKey(), a.action());
        Alert.Action expectedPrevious =
            a.action() == Alert.Action.TRIGGER ? Alert.Action.RESOLVE : Alert.Action.TRIGGER;
        if (previous != null || a.action() == Alert.Action.RESOLVE) {
          assertThat(previous).as("seed %d key %s", seed, a.dedupKey()).isEqualTo(expectedPrevious);
        }
      }
    }
  }

  /** A channel that keeps what it receives and fails on command. */
  static final class RecordingChannel implements AlertChannel {
    final List<Alert> received = new ArrayList<>();
    private final Deque<Boolean> failures = new ArrayDeque<>();

    void failNext(Boolean... retryable) {
      failures.addAll(List.of(retryable));
    }

    @Override
    public void deliver(Alert alert) {
      Boolean fail = failures.poll();
      if (fail != null) {
        throw new AlertDeliveryException(fail ? "HTTP 503" : "rejected: HTTP 400", fail);
      }
      received.add(alert);
    }
  }
}
