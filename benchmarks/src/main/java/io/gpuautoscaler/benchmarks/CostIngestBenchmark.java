package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.spi.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost records written per second into a store, in acknowledged batches of {@value #BATCH} (5,000
 * pods' records for one minute each; every batch a new minute, so every write inserts). The score
 * is records/s. The batch is built before the timed write.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CostIngestBenchmark -p store=embedded
 * GPUAS_BENCH_PG_URL=jdbc:postgresql://127.0.0.1:5432/db?user=u \
 *   java -jar benchmarks/target/benchmarks.jar CostIngestBenchmark -p store=postgresql
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class CostIngestBenchmark {
  static final int BATCH = 5000;

  @Param({"embedded", "postgresql"})
  public String store;

  private CostBenchData data;
  private CostStore costStore;
  private Path dir;
  private String url;
  private String schema;
  private long minute;
  private List<CostRecord> next;

  @Setup
  public void open() throws IOException {
    data = new CostBenchData(BATCH);
    Settings settings;
    if (store.equals("embedded")) {
      dir = Files.createTempDirectory("cost-ingest-bench");
      settings = Settings.empty().with("path", dir.toString());
    } else {
      url = CostBenchData.postgresUrl();
      schema = "bench_ingest_" + ProcessHandle.current().pid();
      settings = Settings.empty().with("url", url).with("schema", schema);
    }
    costStore = CostBenchData.open(store, settings);
    next = data.minute(minute);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int writeBatch() {
    int written = costStore.write(next);
    next = data.minute(++minute);
    return written;
  }

  @TearDown
  public void close() throws IOException {
    costStore.close();
    if (schema != null) {
      CostBenchData.dropSchema(url, schema);
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
