package io.gpuautoscaler.cost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.cost.CostQuery;
import io.gpuautoscaler.api.cost.CostQuery.TimeBucket;
import io.gpuautoscaler.api.cost.CostQueryKey;
import io.gpuautoscaler.api.cost.CostQueryRow;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link CostStore} must do. A subclass opens a store on a fresh, empty database for
 * each test; {@link #reopen()} opens a second store on the same database.
 */
abstract class CostStoreContract {
  protected CostStore store;

  /** A store on a fresh, empty database, which {@link #reopen()} then opens again. */
  protected abstract CostStore openFresh() throws Exception;

  /** Another store on the database of the last {@link #openFresh()}. */
  protected abstract CostStore reopen() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openFresh();
  }

  @AfterEach
  void closeStore() {
    // No store when openFresh aborted the test (no database outside CI).
    if (store != null) {
      store.close();
    }
  }

  @Test
  void recordsComeBackAsWritten() {
    List<CostRecord> batch = CostRecords.generate(1, 5, 2, 30);
    assertThat(store.write(batch)).isEqualTo(batch.size());

    List<CostRecord> back = store.records(CostQuery.between(CostRecords.START, far()));

    assertThat(back).containsExactlyElementsOf(sorted(batch));
  }

  @Test
  void idleRecordsAndAbsentOptionalsRoundTrip() {
    CostRecord idle =
        new CostRecord(
            CostRecord.Kind.IDLE,
            "idle/node-1",
            "node-1",
            "",
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            "node-1",
            Optional.empty(),
            "H100",
            CapacityType.RESERVED,
            io.gpuautoscaler.api.sharing.SharingMode.EXCLUSIVE,
            CostRecords.START,
            Duration.ofMinutes(1),
            60,
            3000,
            0.5);
    store.write(List.of(idle));

    assertThat(store.records(CostQuery.between(CostRecords.START, far()))).containsExactly(idle);
    CostQueryRow row =
        store
            .aggregate(
                CostQuery.between(CostRecords.START, far())
                    .groupBy(CostQueryKey.KIND, CostQueryKey.TEAM, CostQueryKey.label("app")))
            .get(0);
    assertThat(row.values()).containsExactly("IDLE", "", "");
  }

  @Test
  void writingAnIntervalAgainReplacesItAndNeverDoubleCounts() {
    List<CostRecord> batch = CostRecords.generate(2, 6, 3, 10);
    store.write(batch);
    CostQuery total = CostQuery.between(CostRecords.START, far());
    double before = store.aggregate(total).get(0).costUsd();

    store.write(batch);
    store.write(batch.subList(0, batch.size() / 2));

    assertThat(store.records(total)).hasSize(batch.size());
    CostQueryRow after = store.aggregate(total).get(0);
    assertThat(after.records()).isEqualTo(batch.size());
    assertThat(after.costUsd()).isEqualTo(before);
    assertThat(before).isEqualTo(batch.stream().mapToDouble(CostRecord::costUsd).sum());
  }

  @Test
  void aRewrittenIntervalChangesTheAggregatesAlreadyRead() {
    List<CostRecord> batch = CostRecords.generate(3, 4, 30, 60);
    store.write(batch);
    CostQuery perDay = CostQuery.between(CostRecords.START, far()).per(TimeBucket.DAY);
    store.aggregate(perDay); // materializes the rollups
    CostRecord first = batch.get(0);
    CostRecord cheaper = withCost(first, first.costUsd() + 1000);

    store.write(List.of(cheaper));

    List<CostRecord> now = new ArrayList<>(batch);
    now.set(0, cheaper);
    assertMatches(now, perDay);
  }

  @Test
  void theLaterOfTwoRecordsWithOneKeyInABatchWins() {
    CostRecord a = CostRecords.generate(4, 1, 1, 60).get(0);
    CostRecord b = withCost(a, 7.25);

    assertThat(store.write(List.of(a, b))).isEqualTo(1);

    assertThat(store.records(CostQuery.between(CostRecords.START, far()))).containsExactly(b);
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void aggregatesEqualTheSumsOfTheRecords(long seed) {
    // 3 days of 10-minute records; queries start and end off the hour so that daily rollups,
    // hourly rollups and raw records all contribute.
    List<CostRecord> records = CostRecords.generate(seed, 6, 72, 10);
    for (int i = 0; i < records.size(); i += 1000) {
      store.write(records.subList(i, Math.min(records.size(), i + 1000)));
    }
    Instant from = CostRecords.START.plus(Duration.ofMinutes(37));
    Instant to = CostRecords.START.plus(Duration.ofHours(70)).plus(Duration.ofMinutes(13));
    CostQuery base = CostQuery.between(from, to);

    assertMatches(records, base);
    assertMatches(records, base.groupBy(CostQueryKey.NAMESPACE, CostQueryKey.label("app")));
    assertMatches(records, base.groupBy(CostQueryKey.TEAM).per(TimeBucket.HOUR));
    assertMatches(
        records,
        base.groupBy(CostQueryKey.GPU_MODEL, CostQueryKey.CAPACITY_TYPE).per(TimeBucket.DAY));
    assertMatches(records, base.groupBy(CostQueryKey.NODE).per(TimeBucket.MONTH));
    assertMatches(
        records,
        base.where(CostQueryKey.NAMESPACE, "ml-train")
            .where(CostQueryKey.label("app"), "llm")
            .groupBy(CostQueryKey.label("tier"), CostQueryKey.NODE_GROUP));
    assertMatches(records, base.where(CostQueryKey.label("app"), "").groupBy(CostQueryKey.TEAM));
    assertMatches(records, CostQuery.between(from, from.plus(Duration.ofMinutes(9))));
  }

  @Test
  void filtersSelectRecords() {
    List<CostRecord> records = CostRecords.generate(5, 6, 2, 15);
    store.write(records);

    List<CostRecord> got =
        store.records(
            CostQuery.between(CostRecords.START, far())
                .where(CostQueryKey.NAMESPACE, "research")
                .where(CostQueryKey.label("tier"), "gold"));

    assertThat(got)
        .containsExactlyElementsOf(
            sorted(
                records.stream()
                    .filter(
                        r ->
                            r.namespace().equals("research")
                                && "gold".equals(r.labels().get("tier")))
                    .toList()));
  }

  @Test
  void anEmptyRangeHasNoRows() {
    store.write(CostRecords.generate(6, 2, 1, 30));
    Instant before = CostRecords.START.minus(Duration.ofDays(3));

    assertThat(store.aggregate(CostQuery.between(before, CostRecords.START))).isEmpty();
    assertThat(
            store.aggregate(
                CostQuery.between(before, CostRecords.START).groupBy(CostQueryKey.NAMESPACE)))
        .isEmpty();
    assertThat(store.records(CostQuery.between(before, CostRecords.START))).isEmpty();
  }

  @Test
  void whatWasAcknowledgedIsThereAfterReopening() throws Exception {
    List<CostRecord> batch = CostRecords.generate(7, 3, 2, 20);
    store.write(batch);
    store.close();

    store = reopen();

    assertThat(store.records(CostQuery.between(CostRecords.START, far())))
        .containsExactlyElementsOf(sorted(batch));
  }

  @Test
  void anEmptyBatchWritesNothing() {
    assertThat(store.write(List.of())).isZero();
  }

  static void assertMatches(CostStore store, List<CostRecord> records, CostQuery q) {
    Map<String, double[]> expected = CostRecords.expected(records, q);
    Map<String, CostQueryRow> actual = new TreeMap<>();
    for (CostQueryRow row : store.aggregate(q)) {
      String key =
          row.bucketStart().map(Instant::toString).orElse("-")
              + row.values().stream().map(v -> "|" + v).reduce("", String::concat);
      assertThat(actual.put(key, row)).as("one row per group: %s", key).isNull();
    }
    assertThat(actual.keySet()).as("groups of %s", q).containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (key, sums) -> {
          CostQueryRow row = actual.get(key);
          assertThat(row.costUsd()).as("cost of %s", key).isEqualTo(sums[0]);
          assertThat(row.gpuHours()).as("gpu-hours of %s", key).isCloseTo(sums[1], within(1e-6));
          assertThat(row.seconds()).as("seconds of %s", key).isEqualTo(sums[2]);
          assertThat(row.records()).as("records of %s", key).isEqualTo((long) sums[3]);
        });
  }

  private void assertMatches(List<CostRecord> records, CostQuery q) {
    assertMatches(store, records, q);
  }

  static CostRecord withCost(CostRecord r, double costUsd) {
    return new CostRecord(
        r.kind(),
        r.workloadUid(),
        r.workloadName(),
        r.namespace(),
        r.labels(),
        r.team(),
        r.experimentId(),
        r.node(),
        r.nodeGroup(),
        r.gpuModel(),
        r.capacityType(),
        r.sharingMode(),
        r.intervalStart(),
        r.interval(),
        r.seconds(),
        r.gpuMilli(),
        costUsd);
  }

  static List<CostRecord> sorted(List<CostRecord> records) {
    return records.stream()
        .sorted(
            Comparator.comparing(CostRecord::intervalStart).thenComparing(CostRecord::workloadUid))
        .toList();
  }

  static Instant far() {
    return CostRecords.START.plus(Duration.ofDays(400));
  }
}
