package io.gpuautoscaler.cost.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.cost.CostAttribution.IdleSharing;
import io.gpuautoscaler.api.cost.CostModel;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.GroupKey;
import io.gpuautoscaler.api.cost.Price;
import io.gpuautoscaler.api.cost.PricingSource;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.cost.Buckets;
import io.gpuautoscaler.cost.attribution.AttributionReport;
import io.gpuautoscaler.cost.attribution.CostAttributor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random clusters: whatever the cost model, the buckets and the workloads (overcommitted
 * time-slice replicas, usage above the request, spans that start and end mid-second), a node's
 * records add up to its price × the time it was observed, and attribution loses nothing.
 */
class CostInvariantsTest {
  static final Instant T0 = Instant.parse("2026-11-02T09:47:13.250Z");
  static final List<String> GROUP_KEYS =
      List.of(
          "namespace",
          "team",
          "label:app",
          "node",
          "node-group",
          "gpu-model",
          "capacity-type",
          "sharing-mode",
          "workload-kind",
          "hour",
          "day",
          "month");

  static Stream<Long> seeds() {
    return IntStream.range(0, 40).mapToObj(i -> 7_919L * i + 1);
  }

  /** A generated cluster history: observations, and each node's price. */
  record Scenario(List<NodeObservation> observations, Map<String, Double> usdPerHour) {}

  static Scenario scenario(SplittableRandom random) {
    List<NodeObservation> observations = new ArrayList<>();
    Map<String, Double> prices = new HashMap<>();
    int nodes = 1 + random.nextInt(4);
    for (int n = 0; n < nodes; n++) {
      int gpus = 1 + random.nextInt(8);
      String name = "node-" + n;
      GpuNode node =
          new GpuNode(
              name, 64_000, 512_000, gpus, random.nextBoolean() ? "A100-40GB" : "L4", Map.of());
      prices.put(name, Math.round(random.nextDouble(0.1, 100) * 1e4) / 1e4);
      CapacityType type = CapacityType.values()[random.nextInt(3)];
      Optional<String> group =
          random.nextBoolean() ? Optional.of("pool-" + n % 2) : Optional.empty();
      Instant t = T0.plusMillis(random.nextLong(0, 3_600_000));
      int steps = 1 + random.nextInt(8);
      for (int s = 0; s < steps; s++) {
        Instant to = t.plusMillis(random.nextLong(0, 2 * 3_600_000));
        observations.add(
            new NodeObservation(node, type, group, t, to, workloads(random, name, gpus)));
        // gaps between observations: a node may be unobserved for a while
        t = to.plusMillis(random.nextBoolean() ? 0 : random.nextLong(0, 600_000));
      }
    }
    return new Scenario(observations, prices);
  }

  static List<WorkloadObservation> workloads(SplittableRandom random, String node, int gpus) {
    List<WorkloadObservation> list = new ArrayList<>();
    int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      String uid = node + "/w" + random.nextInt(10);
      if (list.stream().anyMatch(w -> w.uid().equals(uid))) {
        continue;
      }
      Workload.Builder b =
          Workload.builder(uid)
              .namespace("ns-" + random.nextInt(3))
              .labels(
                  random.nextBoolean()
                      ? Map.of("team", "t" + random.nextInt(2), "app", "a")
                      : Map.of());
      SharingMode mode;
      if (random.nextInt(3) == 0) {
        b.wholeGpus(1 + random.nextInt(gpus));
        mode = SharingMode.EXCLUSIVE;
      } else {
        b.gpuShare(1 + random.nextInt(1000));
        mode = SharingMode.values()[1 + random.nextInt(3)];
      }
      if (random.nextInt(5) == 0) {
        b = Workload.builder(uid).namespace("cpu"); // holds no GPU: costs nothing here
        mode = SharingMode.EXCLUSIVE;
      }
      OptionalLong used =
          random.nextBoolean() ? OptionalLong.of(random.nextLong(0, 2_000)) : OptionalLong.empty();
      list.add(new WorkloadObservation(uid, b.build(), mode, used, Optional.empty()));
    }
    return list;
  }

  static PricingSource pricing(Map<String, Double> prices) {
    return q ->
        Optional.of(new Price(prices.get(q.node()), q.gpuCount(), "test", LocalDate.EPOCH, "node"));
  }

  static final List<CostModel> MODELS =
      List.of(new RequestCostModel(), new MaxRequestUsageCostModel(), new UsageCostModel());
  static final List<Buckets> BUCKETS =
      List.of(Buckets.MINUTE, new Buckets(Duration.ofMinutes(5)), new Buckets(Duration.ofHours(1)));

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyNodesRecordsSumToItsPriceTimesItsTime(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Scenario scenario = scenario(random);
    CostModel model = MODELS.get(random.nextInt(MODELS.size()));
    Buckets buckets = BUCKETS.get(random.nextInt(BUCKETS.size()));

    CostReport report =
        new CostCalculator(pricing(scenario.usdPerHour()), model, buckets, "team", "experiment-id")
            .compute(scenario.observations());

    Map<String, Double> expected = new HashMap<>();
    for (NodeObservation o : scenario.observations()) {
      double hours = (o.to().toEpochMilli() - o.from().toEpochMilli()) / 3_600_000.0;
      expected.merge(
          o.node().name(), scenario.usdPerHour().get(o.node().name()) * hours, Double::sum);
    }
    Map<String, Double> actual = new HashMap<>();
    Map<List<Object>, Double> secondsPerKey = new HashMap<>();
    for (CostRecord r : report.records()) {
      actual.merge(r.node(), r.costUsd(), Double::sum);
      assertThat(r.interval()).as("seed %d", seed).isEqualTo(buckets.length());
      assertThat(r.intervalStart()).isEqualTo(buckets.start(r.intervalStart()));
      secondsPerKey.merge(List.of(r.workloadUid(), r.intervalStart()), r.seconds(), Double::sum);
    }
    expected.forEach(
        (node, usd) ->
            assertThat(actual.getOrDefault(node, 0.0))
                .as("seed %d node %s (model %s, buckets %s)", seed, node, model, buckets.length())
                .isCloseTo(usd, within(1e-9 * Math.max(1, usd))));
    // one record per (uid, interval): a store can key by it
    assertThat(secondsPerKey).hasSize(report.records().size());
    assertThat(report.unpriced()).isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void requestModel_withoutOvercommit_chargesEachWorkloadItsShareOfTheNode(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Scenario scenario = scenario(random);
    List<NodeObservation> fitting = new ArrayList<>();
    for (NodeObservation o : scenario.observations()) {
      long held = o.workloads().stream().mapToLong(w -> w.workload().totalGpuMilli()).sum();
      if (held <= o.node().gpuMilliCapacity()) {
        fitting.add(o);
      }
    }

    CostReport report =
        new CostCalculator(pricing(scenario.usdPerHour()), new RequestCostModel()).compute(fitting);

    Map<String, Double> expected = new HashMap<>();
    for (NodeObservation o : fitting) {
      double perGpuHour = scenario.usdPerHour().get(o.node().name()) / o.node().gpuCount();
      double hours = (o.to().toEpochMilli() - o.from().toEpochMilli()) / 3_600_000.0;
      for (WorkloadObservation w : o.workloads()) {
        if (w.workload().requestsGpu()) {
          expected.merge(
              w.uid(), perGpuHour * w.workload().totalGpuMilli() / 1000.0 * hours, Double::sum);
        }
      }
    }
    Map<String, Double> actual = new HashMap<>();
    for (CostRecord r : report.records()) {
      if (r.kind() == CostRecord.Kind.WORKLOAD) {
        actual.merge(r.workloadUid(), r.costUsd(), Double::sum);
      }
    }
    assertThat(actual.keySet()).as("seed %d", seed).isEqualTo(expected.keySet());
    expected.forEach(
        (uid, usd) ->
            assertThat(actual.get(uid))
                .as("seed %d workload %s", seed, uid)
                .isCloseTo(usd, within(1e-9 * Math.max(1, usd))));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void attribution_totalIsGroupsPlusIdle_forAnyKeysAndBothIdleModes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Scenario scenario = scenario(random);
    CostReport report =
        new CostCalculator(
                pricing(scenario.usdPerHour()), MODELS.get(random.nextInt(MODELS.size())))
            .compute(scenario.observations());
    List<String> keys = new ArrayList<>(GROUP_KEYS);
    Collections.shuffle(keys, new Random(seed));
    List<GroupKey> groupBy =
        GroupKey.parseList(String.join(",", keys.subList(0, 1 + random.nextInt(4))));
    double recordsTotal = report.totalUsd();
    double idleTotal =
        report.records().stream()
            .filter(r -> r.kind() == CostRecord.Kind.IDLE)
            .mapToDouble(CostRecord::costUsd)
            .sum();

    for (IdleSharing sharing : IdleSharing.values()) {
      AttributionReport a = CostAttributor.attribute(report.records(), groupBy, sharing);

      double groups = a.groups().stream().mapToDouble(AttributionReport.Group::totalUsd).sum();
      double tolerance = 1e-9 * Math.max(1, recordsTotal);
      assertThat(a.totalUsd())
          .as("seed %d %s by %s", seed, sharing, groupBy)
          .isCloseTo(recordsTotal, within(tolerance));
      if (sharing == IdleSharing.UNSHARED) {
        assertThat(groups).isCloseTo(a.totalUsd(), within(tolerance));
        assertThat(a.idleUsd()).isCloseTo(idleTotal, within(tolerance));
        assertThat(a.groups()).allMatch(g -> g.sharedIdleUsd() == 0);
      } else {
        assertThat(groups + a.idleUsd()).isCloseTo(a.totalUsd(), within(tolerance));
        assertThat(a.groups()).noneMatch(AttributionReport.Group::idle);
        double shared =
            a.groups().stream().mapToDouble(AttributionReport.Group::sharedIdleUsd).sum();
        assertThat(shared + a.idleUsd()).isCloseTo(idleTotal, within(tolerance));
      }
      assertThat(a.groups()).allMatch(g -> g.values().size() == groupBy.size());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void sameObservationsInAnyOrder_giveTheSameRecords(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Scenario scenario = scenario(random);
    List<NodeObservation> shuffled = new ArrayList<>(scenario.observations());
    Collections.shuffle(shuffled, new Random(seed));
    CostCalculator calculator =
        new CostCalculator(pricing(scenario.usdPerHour()), new MaxRequestUsageCostModel());

    assertThat(calculator.compute(shuffled)).isEqualTo(calculator.compute(scenario.observations()));
  }
}
