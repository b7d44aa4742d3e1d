package io.gpuautoscaler.cost.store;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.spi.Settings;
import java.util.Optional;
import java.util.regex.Pattern;
import org.postgresql.ds.PGSimpleDataSource;

/** The settings the {@code postgresql} and {@code timescaledb} stores share. */
record PostgresSettings(String url, String user, String password, String schema, int pool) {
  static final String URL = "url";
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String SCHEMA = "schema";
  static final String POOL = "pool-size";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  static PostgresSettings read(String store, Settings settings) {
    settings.requireOnly("cost store " + store, URL, USER, PASSWORD, SCHEMA, POOL);
    String url =
        settings
            .get(URL)
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "cost store "
                            + store
                            + " needs setting 'url', e.g. jdbc:postgresql://127.0.0.1:5432/costs"));
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException(
          "cost store " + store + ": 'url' must start with jdbc:postgresql:, was " + url);
    }
    String schema = settings.get(SCHEMA).orElse("public");
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new ConfigurationException(
          "cost store " + store + ": 'schema' must be a lowercase SQL identifier, was " + schema);
    }
    int pool = settings.getInt(POOL, 4);
    if (pool < 1) {
      throw new ConfigurationException("cost store " + store + ": 'pool-size' must be >= 1");
    }
    return new PostgresSettings(
        url, settings.get(USER).orElse(""), settings.get(PASSWORD).orElse(""), schema, pool);
  }

  PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    if (!user.isEmpty()) {
      ds.setUser(user);
    }
    if (!password.isEmpty()) {
      ds.setPassword(password);
    }
    // Our schema first; public after it, where extensions such as timescaledb put their functions.
    ds.setCurrentSchema(schema.equals("public") ? "public" : schema + ",public");
    // One multi-row INSERT per few hundred rows instead of one round trip per row.
    ds.setReWriteBatchedInserts(true);
    return ds;
  }

  /** The URL without any password parameter, for messages and logs. */
  String safeUrl() {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  Optional<String> flywaySchema() {
    return Optional.of(schema);
  }
}
