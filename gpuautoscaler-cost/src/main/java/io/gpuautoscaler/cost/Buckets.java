package io.gpuautoscaler.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-length time buckets aligned to the epoch (1 minute by default): the intervals cost records
 * are kept in. A span of time is split into the buckets it touches, each with the milliseconds of
 * the span that fall into it, so cost is per-second accurate inside coarse buckets.
 *
 * @param length the bucket length, positive and a whole number of milliseconds that divides a day
 */
@Beta
public record Buckets(Duration length) {
  /** One-minute buckets. */
  public static final Buckets MINUTE = new Buckets(Duration.ofMinutes(1));

  /** One piece of a span: the bucket it falls into and how much of the span that is. */
  public record Piece(Instant bucketStart, long millis) {}

  public Buckets {
    requireNonNull(length, "length");
    if (length.isNegative() || length.isZero() || length.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "bucket length must be a positive whole number of milliseconds, was " + length);
    }
    if (Duration.ofDays(1).toMillis() % length.toMillis() != 0) {
      throw new IllegalArgumentException(
          "bucket length must divide a day, so that buckets align with days; was " + length);
    }
  }

  /** The start of the bucket holding {@code t}. */
  public Instant start(Instant t) {
    long ms = length.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
  }

  /**
   * The buckets {@code [from, to)} touches, in order, with the milliseconds of the span in each;
   * empty when {@code to} is not after {@code from}. Sub-millisecond parts are dropped.
   */
  public List<Piece> split(Instant from, Instant to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    List<Piece> pieces = new ArrayList<>();
    long end = to.toEpochMilli();
    long t = from.toEpochMilli();
    long ms = length.toMillis();
    while (t < end) {
      long bucket = Math.floorDiv(t, ms) * ms;
      long stop = Math.min(end, bucket + ms);
      pieces.add(new Piece(Instant.ofEpochMilli(bucket), stop - t));
      t = stop;
    }
    return pieces;
  }
}
