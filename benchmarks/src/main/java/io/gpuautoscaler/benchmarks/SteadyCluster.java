package io.gpuautoscaler.benchmarks;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A filled cluster and the two operations the placement benchmarks time.
 *
 * <ul>
 *   <li>{@link #decide}: one placement decision for the next probe workload on the unchanged state.
 *       Nothing is applied, so per-node caches stay valid: the cost of a decision on a quiet
 *       cluster.
 *   <li>{@link #churn}: decide for the next arriving workload, apply the placement, then release
 *       the oldest placed workload. The number of placed workloads, and so the utilization, stays
 *       steady, and every step changes two nodes, which invalidates their cached results as in a
 *       live cluster. A workload that fits nowhere is dropped and nothing is released.
 * </ul>
 *
 * Probes and arrivals cycle through fixed lists; an arrival that is still placed when its turn
 * comes again is skipped, so that one name is never placed twice at once. Not thread-safe: one
 * benchmark thread.
 */
final class SteadyCluster {
  private final ClusterState state;
  private final PackingStrategy strategy;

  /** The workloads placed before the benchmark, oldest first: released before any arrival. */
  private final ArrayDeque<String> filled;

  private final Workload[] probes;
  private final Workload[] arrivals;
  private final boolean[] arrivalPlaced;

  /** Placed arrivals' slots, oldest first: a ring buffer of {@code arrivals.length} entries. */
  private final int[] placedSlots;

  private int head;
  private int placedArrivals;
  private int nextProbe;
  private int nextArrival;
  private long decisions;
  private long unschedulable;

  /**
   * @param placed names of the workloads placed on {@code state}, oldest first; taken over
   * @param probes what {@link #decide} cycles through
   * @param arrival the {@code i}-th workload {@link #churn} places; must give distinct names, none
   *     of them in {@code placed}
   */
  SteadyCluster(
      ClusterState state,
      PackingStrategy strategy,
      ArrayDeque<String> placed,
      List<Workload> probes,
      IntFunction<Workload> arrival) {
    this.state = requireNonNull(state, "state");
    this.strategy = requireNonNull(strategy, "strategy");
    this.filled = requireNonNull(placed, "placed");
    this.probes = probes.toArray(new Workload[0]);
    if (this.probes.length == 0) {
      throw new IllegalArgumentException("need at least one probe workload");
    }
    // At most placed.size() arrivals are placed at once (one leaves for each that comes), so a
    // longer cycle always has a free slot. An arrival that fits nowhere stays free and comes back
    // every cycle while those that fit wait in the cluster; a cycle of twice that length keeps
    // the ones that fit nowhere about as rare as in the mix (with a cycle barely longer, worst-fit
    // on 10,000 nodes met little else: 65 % unschedulable instead of 2 %).
    this.arrivals = new Workload[2 * placed.size() + 4096];
    for (int i = 0; i < arrivals.length; i++) {
      arrivals[i] = arrival.apply(i);
    }
    this.arrivalPlaced = new boolean[arrivals.length];
    this.placedSlots = new int[arrivals.length];
  }

  ClusterState state() {
    return state;
  }

  PlacementResult decide() {
    Workload w = probes[nextProbe];
    nextProbe = nextProbe + 1 == probes.length ? 0 : nextProbe + 1;
    return count(strategy.place(state, w));
  }

  PlacementResult churn() {
    int slot = nextArrival;
    while (arrivalPlaced[slot]) {
      slot = slot + 1 == arrivals.length ? 0 : slot + 1;
    }
    nextArrival = slot + 1 == arrivals.length ? 0 : slot + 1;
    Workload w = arrivals[slot];
    PlacementResult result = count(strategy.place(state, w));
    if (result instanceof PlacementResult.Placed p) {
      state.apply(w, p.value());
      arrivalPlaced[slot] = true;
      placedSlots[(head + placedArrivals++) % placedSlots.length] = slot;
      releaseOldest();
    }
    return result;
  }

  private void releaseOldest() {
    if (!filled.isEmpty()) {
      state.release(filled.pollFirst());
      return;
    }
    int slot = placedSlots[head];
    head = head + 1 == placedSlots.length ? 0 : head + 1;
    placedArrivals--;
    arrivalPlaced[slot] = false;
    state.release(arrivals[slot].name());
  }

  /** Counts decisions, and those that found no node: each of them costs an O(n) explanation. */
  private PlacementResult count(PlacementResult result) {
    decisions++;
    if (result instanceof PlacementResult.Unschedulable) {
      unschedulable++;
    }
    return result;
  }

  /** What the timed operations did, for the teardown's log line. */
  String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "%d decisions, %.1f %% unschedulable, %.1f %% GPU allocated at the end",
        decisions,
        decisions == 0 ? 0.0 : 100.0 * unschedulable / decisions,
        100 * gpuAllocation());
  }

  /** Share of the cluster's GPU milli allocated now, for the setup's log line. */
  double gpuAllocation() {
    return (double) state.allocatedGpuMilli() / state.totalGpuMilli();
  }
}
