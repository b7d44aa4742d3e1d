package io.gpuautoscaler.cost.budget;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.Alert;
import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.cost.AlertDeliveryException;
import io.gpuautoscaler.api.cost.BudgetEvaluation;
import io.gpuautoscaler.api.cost.CostBudget;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns budget evaluations into alerts: each threshold reached in a period is sent once to each of
 * its channels, and resolved once it is no longer reached (the period ended, the amount was raised,
 * costs were corrected, or the threshold was removed). Re-evaluating an unchanged budget sends
 * nothing.
 *
 * <p>A failed delivery is retried with exponential backoff ({@link RetryPolicy}) while the channel
 * calls the failure retryable; an alert still undelivered stays unsent in the {@link AlertLedger},
 * so the next evaluation tries it again. Deliveries happen in a fixed order (budget, period,
 * threshold, channel). Log lines name budgets, thresholds and channels, never a channel's secrets.
 *
 * <p>Thread-safe: evaluations are dispatched one at a time.
 */
public final class AlertDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

  private final Map<String, AlertChannel> channels;
  private final AlertLedger ledger;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  /**
   * @param channels the configured channels by the names budgets' thresholds use
   * @param ledger where open alerts are remembered
   * @param retry how failed deliveries are retried
   * @param sleeper how to wait between attempts
   */
  public AlertDispatcher(
      Map<String, AlertChannel> channels, AlertLedger ledger, RetryPolicy retry, Sleeper sleeper) {
    requireNonNull(channels, "channels");
    channels.forEach(
        (name, channel) -> {
          requireNonNull(name, "channel name");
          requireNonNull(channel, "channel " + name);
        });
    this.channels = new TreeMap<>(channels);
    this.ledger = requireNonNull(ledger, "ledger");
    this.retry = requireNonNull(retry, "retry");
    this.sleeper = requireNonNull(sleeper, "sleeper");
  }

  /**
   * Sends the triggers and resolves that {@code evaluation} calls for, and records them.
   *
   * @return one entry per delivery attempted, in delivery order; empty when nothing changed
   * @throws ConfigurationException when a threshold names a channel that is not configured; nothing
   *     is sent then
   */
  public synchronized List<Delivery> dispatch(BudgetEvaluation evaluation) {
    requireNonNull(evaluation, "evaluation");
    CostBudget budget = evaluation.budget();
    TreeSet<AlertKey> wanted = new TreeSet<>();
    for (CostBudget.Threshold t : budget.thresholds()) {
      for (String channel : t.channels()) {
        if (!channels.containsKey(channel)) {
          throw new ConfigurationException(
              "budget "
                  + budget.name()
                  + " sends its "
                  + Money.percent(t.percent())
                  + "% alert to channel '"
                  + channel
                  + "', which is not configured; configured: "
                  + channels.keySet());
        }
        if (evaluation.crossedThresholds().contains(t.percent())) {
          wanted.add(
              new AlertKey(budget.name(), evaluation.window().start(), t.percent(), channel));
        }
      }
    }
    Set<AlertKey> open = new TreeSet<>(ledger.open(budget.name()));

    List<Delivery> deliveries = new ArrayList<>();
    for (AlertKey key : open) {
      if (wanted.contains(key)) {
        continue;
      }
      AlertChannel channel = channels.get(key.channel());
      if (channel == null) {
        LOG.warn(
            "Dropping the open {}% alert of budget {}: channel {} is no longer configured",
            Money.percent(key.thresholdPercent()), key.budget(), key.channel());
        ledger.resolved(key);
        continue;
      }
      Delivery d = deliver(channel, key, alert(Alert.Action.RESOLVE, key, evaluation));
      if (d.delivered()) {
        ledger.resolved(key);
      }
      deliveries.add(d);
    }
    for (AlertKey key : wanted) {
      if (open.contains(key)) {
        continue;
      }
      Delivery d =
          deliver(channels.get(key.channel()), key, alert(Alert.Action.TRIGGER, key, evaluation));
      if (d.delivered()) {
        ledger.opened(key);
      }
      deliveries.add(d);
    }
    return List.copyOf(deliveries);
  }

  private Delivery deliver(AlertChannel channel, AlertKey key, Alert alert) {
    for (int attempt = 1; ; attempt++) {
      try {
        channel.deliver(alert);
        LOG.info(
            "Sent {} of budget {} at {}% to channel {} (attempt {})",
            alert.action(),
            key.budget(),
            Money.percent(key.thresholdPercent()),
            key.channel(),
            attempt);
        return new Delivery(key, alert.action(), attempt, Optional.empty());
      } catch (AlertDeliveryException e) {
        boolean again = e.retryable() && attempt < retry.maxAttempts();
        if (again) {
          Duration wait = retry.backoffAfter(attempt);
          LOG.debug(
              "Attempt {} to send to channel {} failed, retrying in {}: {}",
              attempt,
              key.channel(),
              wait,
              e.getMessage());
          try {
            sleeper.sleep(wait);
            continue;
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
        }
        // Not thrown: the other channels still get their alerts, and the next evaluation retries.
        LOG.warn(
            "Could not send {} of budget {} at {}% to channel {} after {} attempt(s): {}",
            alert.action(),
            key.budget(),
            Money.percent(key.thresholdPercent()),
            key.channel(),
            attempt,
            e.getMessage());
        return new Delivery(key, alert.action(), attempt, Optional.of(e.getMessage()));
      }
    }
  }

  static Alert alert(Alert.Action action, AlertKey key, BudgetEvaluation evaluation) {
    CostBudget budget = evaluation.budget();
    String percent = Money.percent(key.thresholdPercent());
    String summary;
    if (action == Alert.Action.TRIGGER) {
      summary =
          String.format(
              java.util.Locale.ROOT,
              "Budget %s reached %s%%: spent %s of %s in the period %s..%s; forecast %s at its end.",
              budget.name(),
              percent,
              Money.usd(evaluation.spentUsd()),
              Money.usd(budget.amountUsd()),
              evaluation.window().start(),
              evaluation.window().end(),
              Money.usd(evaluation.forecastUsd()));
    } else {
      summary =
          String.format(
              java.util.Locale.ROOT,
              "Resolved: budget %s is no longer at %s%% for the period starting %s"
                  + " (now %s of %s in the period %s..%s).",
              budget.name(),
              percent,
              key.periodStart(),
              Money.usd(evaluation.spentUsd()),
              Money.usd(budget.amountUsd()),
              evaluation.window().start(),
              evaluation.window().end());
    }
    return new Alert(
        action,
        key.thresholdPercent(),
        severity(key.thresholdPercent()),
        dedupKey(key),
        summary,
        evaluation);
  }

  static Alert.Severity severity(double percent) {
    if (percent >= 100) {
      return Alert.Severity.CRITICAL;
    }
    return percent >= 90 ? Alert.Severity.ERROR : Alert.Severity.WARNING;
  }

  /**
   * {@code gpuautoscaler/budget/<name>/<period start>/<percent>}: the same for a trigger and its
   * resolve, and for every channel, so receivers group them. Hashed when longer than PagerDuty's
   * 255 characters.
   */
  static String dedupKey(AlertKey key) {
    String plain =
        "gpuautoscaler/budget/"
            + key.budget()
            + "/"
            + key.periodStart()
            + "/"
            + Money.percent(key.thresholdPercent());
    if (plain.length() <= 255) {
      return plain;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8));
      return "gpuautoscaler/budget/sha256/" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * One delivery: an alert to one channel, with the attempts it took.
   *
   * @param key the alert
   * @param action trigger or resolve
   * @param attempts attempts made, at least 1
   * @param error the last failure's message when it was not delivered; empty when it was
   */
  public record Delivery(AlertKey key, Alert.Action action, int attempts, Optional<String> error) {
    public Delivery {
      requireNonNull(key, "key");
      requireNonNull(action, "action");
      requireNonNull(error, "error");
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
      }
    }

    /** Whether the channel accepted it. */
    public boolean delivered() {
      return error.isEmpty();
    }
  }
}
