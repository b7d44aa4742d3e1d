package io.gpuautoscaler.cost.store;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.cost.CostStoreException;
import io.gpuautoscaler.api.spi.Settings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@code timescaledb} cost store: PostgreSQL with the TimescaleDB extension; records in a
 * hypertable, rollups as continuous aggregates with refresh policies. It checks for the extension
 * when it opens and fails with instructions when it is missing. Settings as for {@code postgresql}.
 */
@Beta
public final class TimescaleCostStoreProvider implements CostStore.Provider {
  @Override
  public String name() {
    return "timescaledb";
  }

  @Override
  public String description() {
    return "PostgreSQL + TimescaleDB: hypertable, continuous aggregates, refresh policies";
  }

  @Override
  public CostStore create(Settings settings) {
    PostgresSettings s = PostgresSettings.read(name(), settings);
    PGSimpleDataSource ds = s.dataSource();
    String where = s.safeUrl();
    try (Connection c = ds.getConnection()) {
      TimescaleDetection found = detect(c);
      if (found.verdict(where) == TimescaleDetection.Verdict.CREATE_EXTENSION) {
        try (Statement st = c.createStatement()) {
          st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
        } catch (SQLException e) {
          throw new ConfigurationException(
              "cost store timescaledb: "
                  + where
                  + " has TimescaleDB "
                  + found.availableVersion().orElse("")
                  + " but CREATE EXTENSION timescaledb failed ("
                  + e.getMessage()
                  + "). It needs shared_preload_libraries = 'timescaledb' in postgresql.conf and"
                  + " a role allowed to create extensions.",
              e);
        }
      }
    } catch (SQLException e) {
      throw new CostStoreException(
          "cost store timescaledb: cannot reach " + where + ": " + e.getMessage(), e);
    }
    return SqlCostStore.open(
        "timescaledb " + where + " schema " + s.schema(),
        Flavor.TIMESCALEDB,
        ds,
        s.flywaySchema(),
        s.pool());
  }

  /** Reads what the server's catalogs say about the extension. */
  static TimescaleDetection detect(Connection c) throws SQLException {
    return new TimescaleDetection(
        version(c, "SELECT extversion FROM pg_extension WHERE extname = ?"),
        version(c, "SELECT default_version FROM pg_available_extensions WHERE name = ?"));
  }

  private static Optional<String> version(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, "timescaledb");
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
