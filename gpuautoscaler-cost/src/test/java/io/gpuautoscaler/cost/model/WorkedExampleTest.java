package io.gpuautoscaler.cost.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.cost.CostAttribution.IdleSharing;
import io.gpuautoscaler.api.cost.CostModel;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.GroupKey;
import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.cost.attribution.AttributionReport;
import io.gpuautoscaler.cost.attribution.CostAttributor;
import io.gpuautoscaler.cost.pricing.EmbeddedPricingSource;
import io.gpuautoscaler.cost.pricing.PriceFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/cost.md: one node with 4 GPUs over one hour, 10:00 to 11:00 UTC, with
 * whole and shared GPUs, bought on demand and as spot. Every expected number is worked out by hand
 * in the comments; none is copied from the code's output.
 *
 * <p>Prices (a user price file): the node costs $8.00 an hour on demand, $2.00 per GPU-hour, and
 * $4.00 an hour as spot, $1.00 per GPU-hour.
 *
 * <p>Workloads:
 *
 * <ul>
 *   <li>{@code train} (namespace ml, team a, experiment exp-1): 2 whole GPUs, exclusive, 10:00 to
 *       11:00;
 *   <li>{@code serve-a} (namespace serving, team b): an MPS share of 500 milli, 10:00 to 11:00;
 *   <li>{@code serve-b} (namespace serving, team b): a time-slice share of 250 milli, 10:15:30 to
 *       10:45:30, so its first and last minute hold 30 seconds each;
 *   <li>{@code notebook} (namespace research, no team): a MIG 3g.20gb slice, 3/7 of an A100, which
 *       is 428 milli, 10:30 to 11:00.
 * </ul>
 */
class WorkedExampleTest {
  static final double EPS = 1e-9;
  static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  static final String PRICES =
      String.join(
          "\n",
          PriceFile.HEADER,
          "instance-type,lab.4xa100,*,on-demand,8.00,node,worked example,2026-11-01",
          "instance-type,lab.4xa100,*,spot,1.00,gpu,worked example,2026-11-01");

  static final GpuNode NODE =
      new GpuNode(
          "gpu-node-1",
          64_000,
          512_000,
          4,
          "A100-40GB",
          Map.of(PriceQuery.INSTANCE_TYPE_LABEL, "lab.4xa100"));

  static final Workload TRAIN =
      Workload.builder("train")
          .namespace("ml")
          .labels(Map.of("team", "a", "experiment-id", "exp-1"))
          .wholeGpus(2)
          .build();
  static final Workload SERVE_A =
      Workload.builder("serve-a")
          .namespace("serving")
          .labels(Map.of("team", "b"))
          .gpuShare(500)
          .build();
  static final Workload SERVE_B =
      Workload.builder("serve-b")
          .namespace("serving")
          .labels(Map.of("team", "b"))
          .gpuShare(250)
          .build();
  static final Workload NOTEBOOK =
      Workload.builder("notebook").namespace("research").gpuShare(428).build();

  static EmbeddedPricingSource pricing() throws IOException {
    return EmbeddedPricingSource.withUserFile(
        PriceFile.read(new BufferedReader(new StringReader(PRICES)), "prices.csv"));
  }

  static Instant at(String hhmmss) {
    return Instant.parse("2026-11-02T" + hhmmss + "Z");
  }

  /** The hour as observations: a new one wherever a workload arrives or leaves. */
  static List<NodeObservation> hour(CapacityType type, boolean withUsage) {
    WorkloadObservation train = WorkloadObservation.exclusive("uid-train", TRAIN);
    WorkloadObservation serveA =
        WorkloadObservation.shared("uid-serve-a", SERVE_A, SharingMode.MPS);
    WorkloadObservation serveB =
        WorkloadObservation.shared("uid-serve-b", SERVE_B, SharingMode.TIME_SLICING);
    WorkloadObservation notebook =
        WorkloadObservation.shared("uid-notebook", NOTEBOOK, SharingMode.MIG);
    if (withUsage) {
      // DCGM says: train keeps 1.5 of its 2 GPUs busy, serve-a 300 of its 500 milli, serve-b
      // bursts to 400 over its 250; the notebook's MIG slice has no metrics.
      train = train.withUsedMilli(1500);
      serveA = serveA.withUsedMilli(300);
      serveB = serveB.withUsedMilli(400);
    }
    List<NodeObservation> steps = new ArrayList<>();
    steps.add(step(type, "10:00:00", "10:15:30", train, serveA));
    steps.add(step(type, "10:15:30", "10:30:00", train, serveA, serveB));
    steps.add(step(type, "10:30:00", "10:45:30", train, serveA, serveB, notebook));
    steps.add(step(type, "10:45:30", "11:00:00", train, serveA, notebook));
    return steps;
  }

  static NodeObservation step(
      CapacityType type, String from, String to, WorkloadObservation... workloads) {
    return new NodeObservation(
        NODE, type, java.util.Optional.of("a100-pool"), at(from), at(to), List.of(workloads));
  }

  static CostReport compute(CostModel model, CapacityType type, boolean withUsage)
      throws IOException {
    return new CostCalculator(pricing(), model).compute(hour(type, withUsage));
  }

  static double costOf(CostReport report, String uid) {
    return report.records().stream()
        .filter(r -> r.workloadUid().equals(uid))
        .mapToDouble(CostRecord::costUsd)
        .sum();
  }

  @Test
  void onDemand_requestModel_eachWorkloadPaysItsShareAndTheRestIsIdle() throws IOException {
    CostReport report = compute(new RequestCostModel(), CapacityType.ON_DEMAND, false);

    assertThat(report.unpriced()).isEmpty();
    // train: 2 GPUs × 1 h × $2.00 = $4.00
    assertThat(costOf(report, "uid-train")).isCloseTo(4.00, within(EPS));
    // serve-a: 0.5 GPU × 1 h × $2.00 = $1.00
    assertThat(costOf(report, "uid-serve-a")).isCloseTo(1.00, within(EPS));
    // serve-b: 0.25 GPU × 0.5 h (10:15:30 to 10:45:30) × $2.00 = $0.25
    assertThat(costOf(report, "uid-serve-b")).isCloseTo(0.25, within(EPS));
    // notebook: 0.428 GPU × 0.5 h × $2.00 = $0.428
    assertThat(costOf(report, "uid-notebook")).isCloseTo(0.428, within(EPS));
    // idle: GPU-hours nobody held = 4 − (2 + 0.5 + 0.125 + 0.214) = 1.161; × $2.00 = $2.322,
    // which is also $8.00 − (4.00 + 1.00 + 0.25 + 0.428)
    assertThat(costOf(report, "idle/gpu-node-1")).isCloseTo(2.322, within(EPS));
    // the node: $8.00 an hour × 1 h
    assertThat(report.totalUsd()).isCloseTo(8.00, within(EPS));
  }

  @Test
  void onDemand_recordsAreMinuteBucketsAccurateToTheSecond() throws IOException {
    CostReport report = compute(new RequestCostModel(), CapacityType.ON_DEMAND, false);

    // 60 minutes each for train, serve-a and idle; serve-b touches the minutes 10:15 to 10:45,
    // 31 of them; the notebook 10:30 to 10:59, 30 of them: 60 × 3 + 31 + 30 = 241
    assertThat(report.records()).hasSize(241);
    CostRecord serveBFirst = record(report, "uid-serve-b", "10:15:00");
    // 30 s of 0.25 GPU at $2.00/GPU-h: 0.25 × 2 × 30 / 3600 = $0.0041666…
    assertThat(serveBFirst.seconds()).isEqualTo(30.0);
    assertThat(serveBFirst.gpuMilli()).isEqualTo(250);
    assertThat(serveBFirst.costUsd()).isCloseTo(0.25 * 2 * 30 / 3600, within(EPS));
    assertThat(serveBFirst.sharingMode()).isEqualTo(SharingMode.TIME_SLICING);
    // a full minute: 0.25 × 2 / 60 = $0.0083333…
    assertThat(record(report, "uid-serve-b", "10:20:00").costUsd())
        .isCloseTo(0.25 * 2 / 60, within(EPS));
    assertThat(record(report, "uid-serve-b", "10:45:00").seconds()).isEqualTo(30.0);

    CostRecord trainFirst = record(report, "uid-train", "10:00:00");
    // 2 GPUs for a minute: 2 × 2 / 60 = $0.0666…
    assertThat(trainFirst.costUsd()).isCloseTo(2 * 2 / 60.0, within(EPS));
    assertThat(trainFirst.namespace()).isEqualTo("ml");
    assertThat(trainFirst.team()).contains("a");
    assertThat(trainFirst.experimentId()).contains("exp-1");
    assertThat(trainFirst.nodeGroup()).contains("a100-pool");
    assertThat(trainFirst.gpuModel()).isEqualTo("A100-40GB");
    assertThat(trainFirst.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
    assertThat(trainFirst.sharingMode()).isEqualTo(SharingMode.EXCLUSIVE);

    // idle at 10:00: 4000 − 2000 − 500 = 1500 milli; 1.5 × 2 / 60 = $0.05
    CostRecord idle1000 = record(report, "idle/gpu-node-1", "10:00:00");
    assertThat(idle1000.kind()).isEqualTo(CostRecord.Kind.IDLE);
    assertThat(idle1000.gpuMilli()).isEqualTo(1500);
    assertThat(idle1000.costUsd()).isCloseTo(0.05, within(EPS));
    // idle at 10:15: 1500 milli for 30 s, then 1250 for 30 s: (1500 + 1250) / 2 = 1375 milli on
    // average; $ = (1.5 × 30 + 1.25 × 30) × 2 / 3600 = $0.0458333…
    CostRecord idle1015 = record(report, "idle/gpu-node-1", "10:15:00");
    assertThat(idle1015.gpuMilli()).isEqualTo(1375);
    assertThat(idle1015.costUsd()).isCloseTo((1.5 * 30 + 1.25 * 30) * 2 / 3600, within(EPS));
    // idle at 10:30: 4000 − 2000 − 500 − 250 − 428 = 822 milli; 0.822 × 2 / 60 = $0.0274
    assertThat(record(report, "idle/gpu-node-1", "10:30:00").costUsd())
        .isCloseTo(0.0274, within(EPS));
  }

  @Test
  void spot_halvesEveryNumber() throws IOException {
    CostReport report = compute(new RequestCostModel(), CapacityType.SPOT, false);

    // spot is $1.00 per GPU-hour, half of on-demand's $2.00, so every cost halves:
    assertThat(costOf(report, "uid-train")).isCloseTo(2.00, within(EPS)); // 2 × 1 × 1.00
    assertThat(costOf(report, "uid-serve-a")).isCloseTo(0.50, within(EPS)); // 0.5 × 1 × 1.00
    assertThat(costOf(report, "uid-serve-b")).isCloseTo(0.125, within(EPS)); // 0.25 × 0.5 × 1.00
    assertThat(costOf(report, "uid-notebook")).isCloseTo(0.214, within(EPS)); // 0.428 × 0.5
    assertThat(costOf(report, "idle/gpu-node-1")).isCloseTo(1.161, within(EPS)); // 1.161 × 1.00
    assertThat(report.totalUsd()).isCloseTo(4.00, within(EPS)); // 4 GPUs × $1.00 × 1 h
    assertThat(report.records()).allMatch(r -> r.capacityType() == CapacityType.SPOT);
  }

  @Test
  void maxRequestUsage_chargesTheBurstAboveTheShare() throws IOException {
    CostReport report = compute(new MaxRequestUsageCostModel(), CapacityType.ON_DEMAND, true);

    // train: max(2000, 1500) = 2000 milli → $4.00, as before
    assertThat(costOf(report, "uid-train")).isCloseTo(4.00, within(EPS));
    // serve-a: max(500, 300) = 500 → $1.00
    assertThat(costOf(report, "uid-serve-a")).isCloseTo(1.00, within(EPS));
    // serve-b: max(250, 400) = 400 → 0.4 × 0.5 h × $2.00 = $0.40
    assertThat(costOf(report, "uid-serve-b")).isCloseTo(0.40, within(EPS));
    // notebook: no metrics → its request, 428 → $0.428
    assertThat(costOf(report, "uid-notebook")).isCloseTo(0.428, within(EPS));
    // idle: 8.00 − (4.00 + 1.00 + 0.40 + 0.428) = $2.172
    assertThat(costOf(report, "idle/gpu-node-1")).isCloseTo(2.172, within(EPS));
    assertThat(report.totalUsd()).isCloseTo(8.00, within(EPS));
  }

  @Test
  void usage_chargesWhatWasUsedAndUnusedReservationsBecomeIdle() throws IOException {
    CostReport report = compute(new UsageCostModel(), CapacityType.ON_DEMAND, true);

    // train: 1500 milli used → 1.5 × 1 h × $2.00 = $3.00
    assertThat(costOf(report, "uid-train")).isCloseTo(3.00, within(EPS));
    // serve-a: 300 → 0.3 × 2 = $0.60
    assertThat(costOf(report, "uid-serve-a")).isCloseTo(0.60, within(EPS));
    // serve-b: 400 → 0.4 × 0.5 × 2 = $0.40
    assertThat(costOf(report, "uid-serve-b")).isCloseTo(0.40, within(EPS));
    // notebook: no metrics → request, never free: $0.428
    assertThat(costOf(report, "uid-notebook")).isCloseTo(0.428, within(EPS));
    // idle: 8.00 − (3.00 + 0.60 + 0.40 + 0.428) = $3.572
    assertThat(costOf(report, "idle/gpu-node-1")).isCloseTo(3.572, within(EPS));
    assertThat(report.totalUsd()).isCloseTo(8.00, within(EPS));
  }

  @Test
  void attribution_byNamespace_idleUnshared() throws IOException {
    CostReport report = compute(new RequestCostModel(), CapacityType.ON_DEMAND, false);

    AttributionReport byNs =
        CostAttributor.attribute(
            report.records(), List.of(GroupKey.parse("namespace")), IdleSharing.UNSHARED);

    // ml = train $4.00; research = notebook $0.428; serving = serve-a + serve-b = 1.00 + 0.25
    assertThat(byNs.groups()).hasSize(4);
    assertGroup(byNs.groups().get(0), List.of("ml"), false, 4.00, 0);
    assertGroup(byNs.groups().get(1), List.of("research"), false, 0.428, 0);
    assertGroup(byNs.groups().get(2), List.of("serving"), false, 1.25, 0);
    assertGroup(byNs.groups().get(3), List.of("__idle__"), true, 2.322, 0);
    assertThat(byNs.idleUsd()).isCloseTo(2.322, within(EPS));
    // 4.00 + 0.428 + 1.25 + 2.322 = 8.00
    assertThat(byNs.totalUsd()).isCloseTo(8.00, within(EPS));
  }

  @Test
  void attribution_byNamespace_idleSharedProportionally() throws IOException {
    CostReport report = compute(new RequestCostModel(), CapacityType.ON_DEMAND, false);

    AttributionReport byNs =
        CostAttributor.attribute(
            report.records(), List.of(GroupKey.parse("namespace")), IdleSharing.PROPORTIONAL);

    // Each minute's idle cost goes to that minute's workloads in proportion to their cost, so a
    // workload's share is its cost × idle/workload milli of the minute. By stretches of the hour
    // (rate: $2/GPU-h = $1/1800 per GPU-second):
    //   10:00-10:15   ml 2000, serving 500            idle 1500  ratio 1500/2500 = 3/5
    //                 ml $1.00, serving $0.25
    //   10:15 minute  30 s as above, 30 s with serving 750: idle·s 1500·30+1250·30 = 82500,
    //                 work·s 2500·30+2750·30 = 157500, ratio 11/21;
    //                 ml $0.0666…, serving (500·30+750·30)/1000/1800 = $0.0208333…
    //   10:16-10:30   ml 2000, serving 750            idle 1250  ratio 5/11
    //                 ml 14 min = $0.9333…, serving $0.35
    //   10:30-10:45   + research 428                  idle 822   ratio 822/3178 = 411/1589
    //                 ml $1.00, serving $0.375, research $0.214
    //   10:45 minute  30 s at 3178 used, 30 s at 2928: idle·s 822·30+1072·30 = 56820,
    //                 work·s 3178·30+2928·30 = 183180, ratio 947/3053;
    //                 ml $0.0666…, serving $0.0208333…, research 428·60/1000/1800 = $0.0142666…
    //   10:46-11:00   ml 2000, serving 500, research 428   idle 1072  ratio 1072/2928 = 67/183
    //                 ml $0.9333…, serving 0.5·14/60·2 = $0.2333…, research $0.1997333…
    // ml share = 1.00·3/5 + 0.0666…·11/21 + 0.9333…·5/11 + 1.00·411/1589 + 0.0666…·947/3053
    //            + 0.9333…·67/183
    double ml =
        1.00 * 3 / 5
            + (2.0 * 2 / 60) * 11 / 21
            + (2.0 * 2 * 14 / 60) * 5 / 11
            + 1.00 * 411 / 1589
            + (2.0 * 2 / 60) * 947 / 3053
            + (2.0 * 2 * 14 / 60) * 67 / 183;
    double serving =
        0.25 * 3 / 5
            + (0.5 * 30 + 0.75 * 30) * 2 / 3600 * 11 / 21
            + 0.35 * 5 / 11
            + 0.375 * 411 / 1589
            + (0.75 * 30 + 0.5 * 30) * 2 / 3600 * 947 / 3053
            + (0.5 * 2 * 14 / 60) * 67 / 183;
    double research =
        0.214 * 411 / 1589 + (0.428 * 2 / 60) * 947 / 3053 + (0.428 * 2 * 14 / 60) * 67 / 183;
    // ≈ ml 1.680208, serving 0.508889, research 0.132904; they sum to the idle cost, $2.322
    assertThat(ml + serving + research).isCloseTo(2.322, within(EPS));
    assertGroup(byNs.groups().get(0), List.of("ml"), false, 4.00, ml);
    assertGroup(byNs.groups().get(1), List.of("research"), false, 0.428, research);
    assertGroup(byNs.groups().get(2), List.of("serving"), false, 1.25, serving);
    assertThat(byNs.groups()).hasSize(3);
    assertThat(byNs.idleUsd()).isCloseTo(0, within(EPS));
    assertThat(byNs.totalUsd()).isCloseTo(8.00, within(EPS));
  }

  @Test
  void attribution_byTeamAndHour_andByGpuModelAndCapacityType() throws IOException {
    List<CostRecord> records =
        compute(new RequestCostModel(), CapacityType.ON_DEMAND, false).records();

    AttributionReport byTeam =
        CostAttributor.attribute(
            records, GroupKey.parseList("label:team,hour"), IdleSharing.UNSHARED);

    // team a = train $4.00; team b = serve-a + serve-b $1.25; no team = notebook $0.428
    assertThat(byTeam.groups()).hasSize(4);
    assertGroup(
        byTeam.groups().get(0),
        List.of("__unallocated__", "2026-11-02T10:00:00Z"),
        false,
        0.428,
        0);
    assertGroup(byTeam.groups().get(1), List.of("a", "2026-11-02T10:00:00Z"), false, 4.00, 0);
    assertGroup(byTeam.groups().get(2), List.of("b", "2026-11-02T10:00:00Z"), false, 1.25, 0);
    assertGroup(
        byTeam.groups().get(3), List.of("__idle__", "2026-11-02T10:00:00Z"), true, 2.322, 0);

    AttributionReport byModel =
        CostAttributor.attribute(
            records, GroupKey.parseList("gpu-model,capacity-type"), IdleSharing.UNSHARED);
    // every workload on the one node: 4.00 + 1.25 + 0.428 = $5.678; its idle $2.322
    assertGroup(byModel.groups().get(0), List.of("A100-40GB", "on-demand"), false, 5.678, 0);
    assertGroup(byModel.groups().get(1), List.of("A100-40GB", "on-demand"), true, 2.322, 0);
    // GPU-hours: 2 + 0.5 + 0.125 + 0.214 = 2.839 held; 1.161 idle
    assertThat(byModel.groups().get(0).gpuHours()).isCloseTo(2.839, within(1e-6));
    assertThat(byModel.groups().get(1).gpuHours()).isCloseTo(1.161, within(1e-6));
  }

  static CostRecord record(CostReport report, String uid, String minute) {
    Instant start = at(minute);
    return report.records().stream()
        .filter(r -> r.workloadUid().equals(uid) && r.intervalStart().equals(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no record for " + uid + " at " + minute));
  }

  static void assertGroup(
      AttributionReport.Group g, List<String> values, boolean idle, double cost, double shared) {
    assertThat(g.values()).isEqualTo(values);
    assertThat(g.idle()).isEqualTo(idle);
    assertThat(g.costUsd()).isCloseTo(cost, within(EPS));
    assertThat(g.sharedIdleUsd()).isCloseTo(shared, within(EPS));
  }
}
