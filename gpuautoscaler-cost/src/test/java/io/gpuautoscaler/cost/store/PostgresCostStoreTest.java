package io.gpuautoscaler.cost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.CostQuery;
import io.gpuautoscaler.api.cost.CostStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the {@code postgresql} store, each test in its own schema of the server
 * {@link TestPostgres} names; plus what only PostgreSQL has (partitions, TimescaleDB detection).
 */
class PostgresCostStoreTest extends CostStoreContract {
  private String url;
  private String schema;

  @Override
  protected CostStore openFresh() {
    url = TestPostgres.url();
    schema = TestPostgres.newSchema();
    return reopen();
  }

  @Override
  protected CostStore reopen() {
    return new PostgresCostStoreProvider().create(TestPostgres.settings(url, schema));
  }

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      TestPostgres.dropSchema(url, schema);
    }
  }

  @Test
  void recordsLandInMonthlyPartitions() throws Exception {
    // START is 2026-10-30 22:00 UTC: three days reach into November.
    store.write(CostRecords.generate(21, 2, 72, 60));

    List<String> partitions = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n"
                    + " ON n.oid = p.relnamespace WHERE p.relname = 'cost_records'"
                    + " AND n.nspname = '"
                    + schema
                    + "' ORDER BY 1")) {
      while (rs.next()) {
        partitions.add(rs.getString(1));
      }
    }
    assertThat(partitions).containsExactly("cost_records_p202610", "cost_records_p202611");
    assertThat(store.records(CostQuery.between(CostRecords.START, far()))).hasSize(2 * 72);
  }

  @Test
  void timescaledbIsRefusedWithInstructionsWhereTheExtensionIsMissing() throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      TimescaleDetection found = TimescaleCostStoreProvider.detect(c);
      // The servers this project tests on have no TimescaleDB (it is not packaged here).
      assertThat(found.availableVersion()).isEmpty();
    }

    assertThatThrownBy(
            () ->
                new TimescaleCostStoreProvider()
                    .create(TestPostgres.settings(url, TestPostgres.newSchema())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("TimescaleDB extension is not available")
        .hasMessageContaining("CREATE EXTENSION timescaledb")
        .hasMessageContaining("'postgresql'");
  }
}
