package io.gpuautoscaler.cost.store;

import io.gpuautoscaler.api.cost.CostQuery;
import io.gpuautoscaler.api.cost.CostQueryKey;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.sharing.SharingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Seeded cost records for the store tests, and the sums a store must report for them. */
final class CostRecords {
  static final Instant START = Instant.parse("2026-10-30T22:00:00Z");
  private static final String[] NAMESPACES = {"ml-train", "ml-serve", "research"};
  private static final String[] APPS = {"llm", "vision", "asr"};
  private static final String[] MODELS = {"H100", "A100", "L4"};

  private CostRecords() {}

  /**
   * {@code workloads} workloads, one record per workload every {@code stepMinutes} from {@link
   * #START} for {@code hours}. Costs are multiples of 1/64 so that every sum is exact in a double.
   */
  static List<CostRecord> generate(long seed, int workloads, int hours, int stepMinutes) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<CostRecord> out = new ArrayList<>();
    for (int w = 0; w < workloads; w++) {
      String ns = NAMESPACES[w % NAMESPACES.length];
      Map<String, String> labels = new TreeMap<>();
      if (w % 4 != 3) {
        labels.put("app", APPS[w % APPS.length]);
      }
      labels.put("tier", w % 2 == 0 ? "gold" : "silver");
      Optional<String> team = w % 5 == 4 ? Optional.empty() : Optional.of("team-" + (w % 3));
      for (int m = 0; m < hours * 60; m += stepMinutes) {
        Instant t = START.plus(Duration.ofMinutes(m));
        out.add(
            record(
                "uid-" + w,
                ns,
                labels,
                team,
                "node-" + (w % 7),
                MODELS[w % MODELS.length],
                w % 3 == 0 ? CapacityType.SPOT : CapacityType.ON_DEMAND,
                t,
                rnd.nextInt(1, 61),
                1000L * rnd.nextInt(1, 9),
                rnd.nextInt(1, 6400) / 64.0));
      }
    }
    return out;
  }

  static CostRecord record(
      String uid,
      String namespace,
      Map<String, String> labels,
      Optional<String> team,
      String node,
      String gpuModel,
      CapacityType capacity,
      Instant intervalStart,
      double seconds,
      long gpuMilli,
      double costUsd) {
    return new CostRecord(
        CostRecord.Kind.WORKLOAD,
        uid,
        "pod-" + uid,
        namespace,
        labels,
        team,
        Optional.empty(),
        node,
        Optional.of("pool-" + gpuModel.toLowerCase()),
        gpuModel,
        capacity,
        SharingMode.EXCLUSIVE,
        intervalStart,
        Duration.ofMinutes(1),
        seconds,
        gpuMilli,
        costUsd);
  }

  /** The value of {@code key} for {@code r}, "" when it has none: what a store groups by. */
  static String valueOf(CostRecord r, CostQueryKey key) {
    return switch (key.dimension()) {
      case KIND -> r.kind().name();
      case NAMESPACE -> r.namespace();
      case TEAM -> r.team().orElse("");
      case EXPERIMENT -> r.experimentId().orElse("");
      case LABEL -> r.labels().getOrDefault(key.labelKey(), "");
      case NODE -> r.node();
      case NODE_GROUP -> r.nodeGroup().orElse("");
      case GPU_MODEL -> r.gpuModel();
      case CAPACITY_TYPE -> r.capacityType().name();
      case SHARING_MODE -> r.sharingMode().name();
    };
  }

  /** "bucket|v1|v2…" → {cost, gpuHours, seconds, records}: the answer computed in memory. */
  static Map<String, double[]> expected(List<CostRecord> records, CostQuery q) {
    Map<String, double[]> out = new TreeMap<>();
    for (CostRecord r : records) {
      if (r.intervalStart().isBefore(q.from()) || !r.intervalStart().isBefore(q.to())) {
        continue;
      }
      boolean match =
          q.filters().entrySet().stream()
              .allMatch(f -> valueOf(r, f.getKey()).equals(f.getValue()));
      if (!match) {
        continue;
      }
      StringBuilder key =
          new StringBuilder(
              q.bucket()
                  .map(b -> SqlCostStore.bucketStart(r.intervalStart(), b).toString())
                  .orElse("-"));
      for (CostQueryKey k : q.groupBy()) {
        key.append('|').append(valueOf(r, k));
      }
      double[] sums = out.computeIfAbsent(key.toString(), k -> new double[4]);
      sums[0] += r.costUsd();
      sums[1] += r.gpuHours();
      sums[2] += r.seconds();
      sums[3] += 1;
    }
    return out;
  }
}
