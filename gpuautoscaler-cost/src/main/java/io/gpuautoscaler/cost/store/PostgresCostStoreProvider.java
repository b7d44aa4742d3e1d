package io.gpuautoscaler.cost.store;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.spi.Settings;

/**
 * The {@code postgresql} cost store: plain PostgreSQL (14 or later), records partitioned by month,
 * hourly and daily rollup tables recomputed for the hours each write touched.
 *
 * <p>Settings: {@code url} (required, {@code jdbc:postgresql://host:port/db}), {@code user}, {@code
 * password}, {@code schema} (default {@code public}; created when missing), {@code pool-size}
 * (connections kept open, default 4).
 */
@Beta
public final class PostgresCostStoreProvider implements CostStore.Provider {
  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String description() {
    return "PostgreSQL with monthly partitions and hourly/daily rollup tables";
  }

  @Override
  public CostStore create(Settings settings) {
    PostgresSettings s = PostgresSettings.read(name(), settings);
    return SqlCostStore.open(
        "postgresql " + s.safeUrl() + " schema " + s.schema(),
        Flavor.POSTGRESQL,
        s.dataSource(),
        s.flywaySchema(),
        s.pool());
  }
}
