/**
 * GPU Autoscaler's cost module: pricing, per-second cost and attribution, budgets with alerts and
 * enforcement, cost stores.
 */
module io.gpuautoscaler.cost {
  requires transitive io.gpuautoscaler.api;
  requires io.gpuautoscaler.core;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires jakarta.mail;
  requires java.net.http;
  requires org.slf4j;
  requires java.sql;
  requires java.naming; // the drivers' DataSources are Referenceable
  requires org.jdbi.v3.core;
  requires flyway.core; // no Automatic-Module-Name: named after its jar
  requires com.h2database;
  requires org.postgresql.jdbc;

  exports io.gpuautoscaler.cost;
  exports io.gpuautoscaler.cost.alert;
  exports io.gpuautoscaler.cost.attribution;
  exports io.gpuautoscaler.cost.budget;
  exports io.gpuautoscaler.cost.model;
  exports io.gpuautoscaler.cost.pricing;
  exports io.gpuautoscaler.cost.store;

  provides io.gpuautoscaler.api.cost.AlertChannel.Provider with
      io.gpuautoscaler.cost.alert.EmailChannel.Provider,
      io.gpuautoscaler.cost.alert.PagerDutyChannel.Provider,
      io.gpuautoscaler.cost.alert.SlackChannel.Provider,
      io.gpuautoscaler.cost.alert.WebhookChannel.Provider;
  provides io.gpuautoscaler.api.cost.CostModel.Provider with
      io.gpuautoscaler.cost.model.MaxRequestUsageCostModel.Provider,
      io.gpuautoscaler.cost.model.RequestCostModel.Provider,
      io.gpuautoscaler.cost.model.UsageCostModel.Provider;
  provides io.gpuautoscaler.api.cost.PricingSource.Provider with
      io.gpuautoscaler.cost.pricing.EmbeddedPricingSource.Provider;
  provides io.gpuautoscaler.api.cost.CostStore.Provider with
      io.gpuautoscaler.cost.store.EmbeddedCostStoreProvider,
      io.gpuautoscaler.cost.store.PostgresCostStoreProvider,
      io.gpuautoscaler.cost.store.TimescaleCostStoreProvider;
}
