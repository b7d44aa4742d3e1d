package io.gpuautoscaler.cost.budget;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How often and how patiently a delivery is retried: up to {@code maxAttempts} attempts, waiting
 * {@code initialBackoff}, then twice as long after each further failure, never more than {@code
 * maxBackoff}. Only failures a channel marks retryable are retried.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff the wait after the first failure; positive
 * @param maxBackoff the longest wait; at least {@code initialBackoff}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  /** 4 attempts, waiting 1 s, 2 s and 4 s: about 7 s of patience per evaluation. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " must be >= initialBackoff " + initialBackoff);
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based): exponential, capped. */
  public Duration backoffAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
