package io.gpuautoscaler.cost.budget;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;

/**
 * One alert that can be open at most once: a budget's threshold in one period, on one channel.
 *
 * @param budget the budget's name
 * @param periodStart the start of the period the threshold was reached in
 * @param thresholdPercent the threshold, in percent of the amount
 * @param channel the configured channel's name
 */
public record AlertKey(String budget, Instant periodStart, double thresholdPercent, String channel)
    implements Comparable<AlertKey> {
  private static final Comparator<AlertKey> ORDER =
      Comparator.comparing(AlertKey::budget)
          .thenComparing(AlertKey::periodStart)
          .thenComparingDouble(AlertKey::thresholdPercent)
          .thenComparing(AlertKey::channel);

  public AlertKey {
    requireNonNull(budget, "budget");
    requireNonNull(periodStart, "periodStart");
    requireNonNull(channel, "channel");
    if (!(thresholdPercent > 0)) {
      throw new IllegalArgumentException("thresholdPercent must be > 0, was " + thresholdPercent);
    }
  }

  @Override
  public int compareTo(AlertKey other) {
    return ORDER.compare(this, other);
  }
}
