package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Cost records for the store benchmarks: {@code workloads} pods, each with one record per minute,
 * spread over 12 namespaces, 8 values of label {@code app}, 4 teams, 64 nodes and 3 GPU models.
 */
final class CostBenchData {
  static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
  private static final String[] MODELS = {"H100", "A100", "L4"};

  private final List<Template> templates = new ArrayList<>();

  private record Template(
      String uid,
      String ns,
      Map<String, String> labels,
      Optional<String> team,
      String node,
      String model,
      CapacityType capacity,
      long gpuMilli) {}

  CostBenchData(int workloads) {
    for (int w = 0; w < workloads; w++) {
      Map<String, String> labels = new TreeMap<>();
      labels.put("app", "app-" + (w % 8));
      labels.put("tier", w % 3 == 0 ? "prod" : "batch");
      templates.add(
          new Template(
              "pod-" + w,
              "ns-" + (w % 12),
              labels,
              Optional.of("team-" + (w % 4)),
              "node-" + (w % 64),
              MODELS[w % 3],
              w % 2 == 0 ? CapacityType.SPOT : CapacityType.ON_DEMAND,
              1000L * (1 + w % 8)));
    }
  }

  int workloads() {
    return templates.size();
  }

  /** One record per workload for minute {@code minute} after {@link #START}. */
  List<CostRecord> minute(long minute) {
    Instant t = START.plus(Duration.ofMinutes(minute));
    List<CostRecord> out = new ArrayList<>(templates.size());
    for (int i = 0; i < templates.size(); i++) {
      Template x = templates.get(i);
      out.add(
          new CostRecord(
              CostRecord.Kind.WORKLOAD,
              x.uid(),
              x.uid(),
              x.ns(),
              x.labels(),
              x.team(),
              Optional.empty(),
              x.node(),
              Optional.of("pool-" + x.model()),
              x.model(),
              x.capacity(),
              SharingMode.EXCLUSIVE,
              t,
              Duration.ofMinutes(1),
              60,
              x.gpuMilli(),
              ((minute + i) % 40 + 1) / 16.0));
    }
    return out;
  }

  /** The PostgreSQL to benchmark: {@code GPUAS_BENCH_PG_URL}, else {@code GPUAS_TEST_PG_URL}. */
  static String postgresUrl() {
    for (String env : new String[] {"GPUAS_BENCH_PG_URL", "GPUAS_TEST_PG_URL"}) {
      String url = System.getenv(env);
      if (url != null && !url.isBlank()) {
        return url;
      }
    }
    throw new IllegalStateException(
        "set GPUAS_BENCH_PG_URL to a jdbc:postgresql:// URL (with user/password parameters);"
            + " scripts/test-postgres.sh start DIR starts a throwaway server and prints one");
  }

  static CostStore open(String store, Settings settings) {
    return ProviderRegistry.load(CostStore.Provider.class).require(store).create(settings);
  }

  static void dropSchema(String url, String schema) {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop schema " + schema, e);
    }
  }
}
