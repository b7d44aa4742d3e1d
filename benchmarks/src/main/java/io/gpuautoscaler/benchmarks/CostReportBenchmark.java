package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.cost.CostQuery;
import io.gpuautoscaler.api.cost.CostQueryKey;
import io.gpuautoscaler.api.cost.CostQueryRow;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.spi.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 30-day cost report grouped by namespace and label {@code app} on the {@code postgresql} store,
 * over {@code days} days of one record per pod per minute ({@code pods} × 1,440 × {@code days}
 * records; the defaults, 232 pods × 30 days, make 10,022,400). {@code aligned} reads the daily
 * rollup only; {@code ragged} starts and ends off the hour, so hourly rollups and raw records are
 * read for the edges.
 *
 * <p>The data is loaded through {@link CostStore#write} (batches of one minute) into schema {@code
 * bench_report_<pods>_<days>}, then the rollups are refreshed; a later run finds the schema loaded
 * and reuses it (drop it to reload). Loading 10 million records takes minutes; the setup prints how
 * long.
 *
 * <pre>
 * GPUAS_BENCH_PG_URL=jdbc:postgresql://127.0.0.1:5432/db?user=u \
 *   java -jar benchmarks/target/benchmarks.jar CostReportBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class CostReportBenchmark {
  @Param("232")
  public int pods;

  @Param("30")
  public int days;

  private CostStore store;
  private CostQuery aligned;
  private CostQuery ragged;

  @Setup
  public void load() {
    String url = CostBenchData.postgresUrl();
    String schema = "bench_report_" + pods + "_" + days;
    store =
        CostBenchData.open("postgresql", Settings.empty().with("url", url).with("schema", schema));
    Instant end = CostBenchData.START.plus(Duration.ofDays(days));
    long expected = (long) pods * 1440 * days;
    List<CostQueryRow> total = store.aggregate(CostQuery.between(CostBenchData.START, end));
    long stored = total.isEmpty() ? 0 : total.get(0).records();
    if (stored != expected) {
      CostBenchData data = new CostBenchData(pods);
      long t0 = System.nanoTime();
      for (long m = stored / pods; m < 1440L * days; m++) {
        store.write(data.minute(m));
      }
      long t1 = System.nanoTime();
      store.refreshAggregates();
      long t2 = System.nanoTime();
      System.out.printf(
          "%nloaded %,d records in %.1f s (%,.0f records/s); rollup refresh %.1f s%n",
          expected - stored,
          (t1 - t0) / 1e9,
          (expected - stored) / ((t1 - t0) / 1e9),
          (t2 - t1) / 1e9);
    } else {
      System.out.printf("%nschema %s already holds %,d records%n", schema, stored);
    }
    aligned =
        CostQuery.between(CostBenchData.START, end)
            .groupBy(CostQueryKey.NAMESPACE, CostQueryKey.label("app"));
    ragged =
        CostQuery.between(
                CostBenchData.START.plus(Duration.ofMinutes(37)), end.minus(Duration.ofMinutes(13)))
            .groupBy(CostQueryKey.NAMESPACE, CostQueryKey.label("app"));
  }

  @Benchmark
  public List<CostQueryRow> aligned() {
    return store.aggregate(aligned);
  }

  @Benchmark
  public List<CostQueryRow> ragged() {
    return store.aggregate(ragged);
  }

  @TearDown
  public void close() {
    store.close();
  }
}
