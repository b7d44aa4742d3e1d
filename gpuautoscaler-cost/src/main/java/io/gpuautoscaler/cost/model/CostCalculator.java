package io.gpuautoscaler.cost.model;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.cost.CostAttribution;
import io.gpuautoscaler.api.cost.CostModel;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.GroupKey;
import io.gpuautoscaler.api.cost.Price;
import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.cost.PricingSource;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.cost.Buckets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a sequence of node observations into cost records: one per workload per bucket (1 minute by
 * default), per-second accurate inside it, and one {@link CostRecord.Kind#IDLE} record per node per
 * bucket for the share of its GPUs no workload paid for.
 *
 * <p>A node's hourly price is split across its GPUs, each GPU into 1,000 milli. The {@link
 * CostModel} says how many milli each workload pays for; where that sums to more than the node has
 * (time-slice replicas that each claim a whole GPU, a workload that used more than it reserved),
 * every workload's charge is scaled down by the same factor so that the node is never charged more
 * than once. What is left is idle. So for every node and every bucket, workload cost + idle cost =
 * price × time, up to floating-point rounding.
 *
 * <p>A node that the pricing source does not know gets no records and is listed in {@link
 * CostReport#unpriced()}: its cost is reported missing, never zero. Nodes without GPUs and
 * workloads without GPUs cost nothing here. Stateless, deterministic and thread-safe.
 */
@Beta
public final class CostCalculator {
  private static final double MILLIS_PER_HOUR = 3_600_000.0;

  private final PricingSource pricing;
  private final CostModel model;
  private final Buckets buckets;
  private final String teamLabel;
  private final String experimentLabel;

  /**
   * @param pricing what nodes cost
   * @param model what each workload pays for
   * @param buckets the intervals records are kept in
   * @param teamLabel the workload label that names its team
   * @param experimentLabel the workload label that names its experiment
   */
  public CostCalculator(
      PricingSource pricing,
      CostModel model,
      Buckets buckets,
      String teamLabel,
      String experimentLabel) {
    this.pricing = requireNonNull(pricing, "pricing");
    this.model = requireNonNull(model, "model");
    this.buckets = requireNonNull(buckets, "buckets");
    this.teamLabel = requireNonNull(teamLabel, "teamLabel");
    this.experimentLabel = requireNonNull(experimentLabel, "experimentLabel");
  }

  /** A calculator with 1-minute buckets and the default team and experiment labels. */
  public CostCalculator(PricingSource pricing, CostModel model) {
    this(
        pricing,
        model,
        Buckets.MINUTE,
        CostAttribution.DEFAULT_TEAM_LABEL,
        CostAttribution.DEFAULT_EXPERIMENT_LABEL);
  }

  /**
   * Computes the cost of {@code observations}, which may come in any order.
   *
   * @throws IllegalArgumentException when two observations of one node overlap in time, or one
   *     workload uid is on two nodes within one bucket: either would count a GPU-second twice
   */
  public CostReport compute(List<NodeObservation> observations) {
    requireNonNull(observations, "observations");
    checkNoOverlap(observations);
    // A fixed order of additions: the same observations in any order give the same bits.
    List<NodeObservation> ordered = new ArrayList<>(observations);
    ordered.sort(Comparator.comparing(NodeObservation::from).thenComparing(o -> o.node().name()));
    Map<Key, Acc> accs = new HashMap<>();
    Map<String, Unpriced> unpriced = new TreeMap<>();
    for (NodeObservation o : ordered) {
      GpuNode node = o.node();
      if (node.gpuCount() == 0) {
        continue;
      }
      PriceQuery query = PriceQuery.of(node, o.capacityType());
      Optional<Price> price = pricing.find(query);
      long spanMillis = o.to().toEpochMilli() - o.from().toEpochMilli();
      if (price.isEmpty()) {
        unpriced.computeIfAbsent(node.name(), n -> new Unpriced(query)).millis += spanMillis;
        continue;
      }
      double capacity = node.gpuMilliCapacity();
      List<WorkloadObservation> gpuWorkloads = new ArrayList<>();
      List<Double> charged = new ArrayList<>();
      double sum = 0;
      for (WorkloadObservation w : o.workloads()) {
        if (!w.workload().requestsGpu()) {
          continue;
        }
        long milli = model.chargedMilli(w.workload().totalGpuMilli(), w.usedMilli());
        gpuWorkloads.add(w);
        charged.add((double) milli);
        sum += milli;
      }
      // Never charge a node more than once: an overcommitted node's charges shrink in proportion.
      double scale = sum > capacity ? capacity / sum : 1.0;
      double idleMilli = Math.max(0, capacity - sum * scale);
      for (Buckets.Piece piece : buckets.split(o.from(), o.to())) {
        double nodeUsd = price.get().usdPerHour() * piece.millis() / MILLIS_PER_HOUR;
        for (int i = 0; i < gpuWorkloads.size(); i++) {
          WorkloadObservation w = gpuWorkloads.get(i);
          double milli = charged.get(i) * scale;
          Acc acc =
              accs.computeIfAbsent(
                  new Key(w.uid(), piece.bucketStart()), k -> new Acc(o, Optional.of(w)));
          if (!acc.observation.node().name().equals(node.name())) {
            throw new IllegalArgumentException(
                "workload "
                    + w.uid()
                    + " is on nodes "
                    + acc.observation.node().name()
                    + " and "
                    + node.name()
                    + " within the bucket starting "
                    + piece.bucketStart());
          }
          acc.add(piece.millis(), milli, nodeUsd * milli / capacity);
        }
        Acc idle =
            accs.computeIfAbsent(
                new Key(idleUid(node.name()), piece.bucketStart()),
                k -> new Acc(o, Optional.empty()));
        idle.add(piece.millis(), idleMilli, nodeUsd * idleMilli / capacity);
      }
    }
    List<CostRecord> records = new ArrayList<>();
    for (Map.Entry<Key, Acc> e : accs.entrySet()) {
      Acc acc = e.getValue();
      if (acc.workload.isEmpty() && acc.milliMillis == 0) {
        continue; // a fully used node has no idle cost to report
      }
      records.add(toRecord(e.getKey(), acc));
    }
    records.sort(ORDER);
    List<CostReport.Unpriced> missing = new ArrayList<>();
    unpriced
        .values()
        .forEach(u -> missing.add(new CostReport.Unpriced(u.query, u.millis / 1000.0)));
    return new CostReport(records, missing);
  }

  /** The uid of a node's idle records. */
  public static String idleUid(String node) {
    return "idle/" + node;
  }

  private static final Comparator<CostRecord> ORDER =
      Comparator.comparing(CostRecord::intervalStart)
          .thenComparing(CostRecord::node)
          .thenComparing(CostRecord::kind)
          .thenComparing(CostRecord::workloadUid);

  private CostRecord toRecord(Key key, Acc acc) {
    NodeObservation o = acc.observation;
    long gpuMilli = acc.millis == 0 ? 0 : Math.round(acc.milliMillis / acc.millis);
    double seconds = acc.millis / 1000.0;
    if (acc.workload.isEmpty()) {
      return new CostRecord(
          CostRecord.Kind.IDLE,
          key.uid,
          o.node().name(),
          "",
          Map.of(),
          Optional.empty(),
          Optional.empty(),
          o.node().name(),
          o.nodeGroup(),
          o.node().gpuModel(),
          o.capacityType(),
          SharingMode.EXCLUSIVE,
          key.bucket,
          buckets.length(),
          seconds,
          gpuMilli,
          acc.usd);
    }
    WorkloadObservation w = acc.workload.get();
    Workload workload = w.workload();
    Map<String, String> labels = new LinkedHashMap<>(workload.labels());
    w.kind().ifPresent(k -> labels.put(GroupKey.WORKLOAD_KIND_LABEL, k.label()));
    return new CostRecord(
        CostRecord.Kind.WORKLOAD,
        key.uid,
        workload.name(),
        workload.namespace(),
        labels,
        Optional.ofNullable(workload.labels().get(teamLabel)),
        Optional.ofNullable(workload.labels().get(experimentLabel)),
        o.node().name(),
        o.nodeGroup(),
        o.node().gpuModel(),
        o.capacityType(),
        w.sharingMode(),
        key.bucket,
        buckets.length(),
        seconds,
        gpuMilli,
        acc.usd);
  }

  private static void checkNoOverlap(List<NodeObservation> observations) {
    Map<String, List<NodeObservation>> byNode = new HashMap<>();
    for (NodeObservation o : observations) {
      byNode.computeIfAbsent(o.node().name(), n -> new ArrayList<>()).add(o);
    }
    for (List<NodeObservation> list : byNode.values()) {
      list.sort(Comparator.comparing(NodeObservation::from));
      for (int i = 1; i < list.size(); i++) {
        NodeObservation prev = list.get(i - 1);
        NodeObservation next = list.get(i);
        if (next.from().isBefore(prev.to())) {
          throw new IllegalArgumentException(
              "two observations of node "
                  + next.node().name()
                  + " overlap: ["
                  + prev.from()
                  + ", "
                  + prev.to()
                  + ") and ["
                  + next.from()
                  + ", "
                  + next.to()
                  + ")");
        }
      }
    }
  }

  private record Key(String uid, Instant bucket) {}

  /** What one record sums up; the first observation gives its node and workload fields. */
  private static final class Acc {
    final NodeObservation observation;
    final Optional<WorkloadObservation> workload;
    long millis;
    double milliMillis;
    double usd;

    Acc(NodeObservation observation, Optional<WorkloadObservation> workload) {
      this.observation = observation;
      this.workload = workload;
    }

    void add(long spanMillis, double milli, double costUsd) {
      millis += spanMillis;
      milliMillis += milli * spanMillis;
      usd += costUsd;
    }
  }

  private static final class Unpriced {
    final PriceQuery query;
    long millis;

    Unpriced(PriceQuery query) {
      this.query = query;
    }
  }
}
