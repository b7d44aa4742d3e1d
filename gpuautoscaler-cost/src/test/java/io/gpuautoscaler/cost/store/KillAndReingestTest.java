package io.gpuautoscaler.cost.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.cost.CostQuery;
import io.gpuautoscaler.api.cost.CostQuery.TimeBucket;
import io.gpuautoscaler.api.cost.CostQueryKey;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer in a child JVM is killed (SIGKILL) after it acknowledged some batches; everything it
 * acknowledged must be stored, no batch may be half there, and writing every batch again from the
 * start must leave each record exactly once, with exact sums.
 */
class KillAndReingestTest {
  private static final int BATCHES = 20;
  private static final int SIZE = 200;
  private static final int KILL_AFTER_ACK = 5;

  @TempDir Path dir;

  @Test
  void h2KeepsWhatWasAcknowledged() throws Exception {
    Settings settings = Settings.empty().with(EmbeddedCostStoreProvider.PATH, dir.toString());
    killAndReingest("embedded", settings);
  }

  @Test
  void postgresqlKeepsWhatWasAcknowledged() throws Exception {
    String url = TestPostgres.url();
    String schema = TestPostgres.newSchema();
    try {
      killAndReingest("postgresql", TestPostgres.settings(url, schema));
    } finally {
      TestPostgres.dropSchema(url, schema);
    }
  }

  private void killAndReingest(String provider, Settings settings) throws Exception {
    // 1. A writer that gets killed right after batch KILL_AFTER_ACK is acknowledged, in the pause
    // before its next batch.
    Process writer = startWriter(provider, settings, 200);
    int lastAck = -1;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("ACK ")) {
          lastAck = Integer.parseInt(line.substring(4));
          if (lastAck == KILL_AFTER_ACK) {
            writer.destroyForcibly();
            break;
          }
        }
      }
    }
    assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(lastAck)
        .as("acknowledged batches; writer log:%n%s", log())
        .isEqualTo(KILL_AFTER_ACK);

    // 2. Every acknowledged batch is there, whole; nothing is there in part.
    CostQuery all =
        CostQuery.between(CostRecords.START, CostRecords.START.plus(Duration.ofDays(1)));
    try (CostStore store = open(provider, settings)) {
      Map<java.time.Instant, Integer> perBatch = new HashMap<>();
      for (CostRecord r : store.records(all)) {
        perBatch.merge(r.intervalStart(), 1, Integer::sum);
      }
      for (int b = 0; b <= lastAck; b++) {
        assertThat(perBatch.remove(CostRecords.START.plus(Duration.ofMinutes(b))))
            .as("records of acknowledged batch %d", b)
            .isEqualTo(SIZE);
      }
      // A batch written but killed before its ACK was printed may be there, but only whole.
      assertThat(perBatch.values()).allMatch(n -> n == SIZE);
    }

    // 3. Re-ingest everything from the start, in a new writer process that runs to the end.
    Process again = startWriter(provider, settings, 0);
    String output = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).as("re-ingest; log:%n%s", log()).isZero();
    assertThat(output).contains("ACK " + (BATCHES - 1)).contains("DONE");

    // 4. Each record exactly once; sums exact.
    List<CostRecord> expected = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      expected.addAll(CostWriterProcess.batch(b, SIZE));
    }
    try (CostStore store = open(provider, settings)) {
      assertThat(store.records(all)).containsExactlyElementsOf(CostStoreContract.sorted(expected));
      CostStoreContract.assertMatches(store, expected, all);
      CostStoreContract.assertMatches(
          store, expected, all.groupBy(CostQueryKey.NAMESPACE, CostQueryKey.label("app")));
      CostStoreContract.assertMatches(
          store, expected, all.groupBy(CostQueryKey.TEAM).per(TimeBucket.HOUR));
      assertThat(store.aggregate(all).get(0).costUsd())
          .isEqualTo(expected.stream().mapToDouble(CostRecord::costUsd).sum());
    }
  }

  private Process startWriter(String provider, Settings settings, long pauseMs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CostWriterProcess.class.getName());
    cmd.add(provider);
    cmd.add(String.valueOf(BATCHES));
    cmd.add(String.valueOf(SIZE));
    cmd.add(String.valueOf(pauseMs));
    settings.asMap().forEach((k, v) -> cmd.add(k + "=" + v));
    return new ProcessBuilder(cmd)
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("writer.log").toFile()))
        .start();
  }

  private String log() throws IOException {
    Path log = dir.resolve("writer.log");
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }

  private static CostStore open(String provider, Settings settings) {
    return ProviderRegistry.load(CostStore.Provider.class).require(provider).create(settings);
  }
}
