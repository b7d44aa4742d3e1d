/**
 * GPU Autoscaler's cost module: pricing, per-second cost and attribution, budgets with alerts and
 * enforcement, cost stores.
 */
module io.gpuautoscaler.cost {
  requires transitive io.gpuautoscaler.api;
  requires io.gpuautoscaler.core;
  requires org.slf4j;
  requires java.sql;
  requires java.naming; // the drivers' DataSources are Referenceable
  requires org.jdbi.v3.core;
  requires flyway.core; // no Automatic-Module-Name: named after its jar
  requires com.h2database;
  requires org.postgresql.jdbc;

  exports io.gpuautoscaler.cost;
  exports io.gpuautoscaler.cost.store;

  provides io.gpuautoscaler.api.cost.CostStore.Provider with
      io.gpuautoscaler.cost.store.EmbeddedCostStoreProvider,
      io.gpuautoscaler.cost.store.PostgresCostStoreProvider,
      io.gpuautoscaler.cost.store.TimescaleCostStoreProvider;
}
