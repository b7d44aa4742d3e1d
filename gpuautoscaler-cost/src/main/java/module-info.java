/**
 * GPU Autoscaler's cost module: pricing, per-second cost and attribution, budgets with alerts and
 * enforcement, cost stores.
 */
module io.gpuautoscaler.cost {
  requires transitive io.gpuautoscaler.api;
  requires io.gpuautoscaler.core;
  requires org.slf4j;

  exports io.gpuautoscaler.cost;
  exports io.gpuautoscaler.cost.budget;
}
