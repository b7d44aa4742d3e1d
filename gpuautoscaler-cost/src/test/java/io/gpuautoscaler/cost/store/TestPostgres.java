package io.gpuautoscaler.cost.store;

import static org.junit.jupiter.api.Assertions.fail;

import io.gpuautoscaler.api.spi.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the tests run against: {@code GPUAS_TEST_PG_URL} (a JDBC URL with user and
 * password parameters; {@code .ci/run} starts one). Without it the PostgreSQL tests are skipped on
 * a developer's machine, and fail under {@code CI=true}: CI never skips them silently.
 */
final class TestPostgres {
  static final String ENV = "GPUAS_TEST_PG_URL";

  private TestPostgres() {}

  /** The URL, after checking the server answers; aborts or fails the test as described above. */
  static String url() {
    Optional<String> url = Optional.ofNullable(System.getenv(ENV)).filter(s -> !s.isBlank());
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (url.isEmpty()) {
      String why =
          ENV
              + " is not set: the PostgreSQL store tests need a server"
              + " (scripts/test-postgres.sh start DIR prints a URL; .ci/run sets it)";
      if (ci) {
        fail("CI=true: " + why);
      }
      Assumptions.abort(why);
    }
    try (Connection c = DriverManager.getConnection(url.get())) {
      c.isValid(5);
    } catch (SQLException e) {
      // Set but unreachable is a broken set-up, on a laptop as much as in CI.
      fail(ENV + "=" + url.get() + " cannot be reached: " + e.getMessage(), e);
    }
    return url.get();
  }

  /** A new, unused schema name, so that tests never see each other's tables. */
  static String newSchema() {
    return "t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  static Settings settings(String url, String schema) {
    return Settings.empty().with(PostgresSettings.URL, url).with(PostgresSettings.SCHEMA, schema);
  }

  static void dropSchema(String url, String schema) {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test schema " + schema, e);
    }
  }
}
