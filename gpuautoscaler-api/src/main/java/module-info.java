/** GPU Autoscaler's value types, SPIs and provider registry. Depends on the JDK only. */
module io.gpuautoscaler.api {
  exports io.gpuautoscaler.api;
  exports io.gpuautoscaler.api.cost;
  exports io.gpuautoscaler.api.model;
  exports io.gpuautoscaler.api.scaling;
  exports io.gpuautoscaler.api.sharing;
  exports io.gpuautoscaler.api.spi;

  uses io.gpuautoscaler.api.cost.CostModel.Provider;
  uses io.gpuautoscaler.api.cost.PricingSource.Provider;
  uses io.gpuautoscaler.api.cost.AlertChannel.Provider;
  uses io.gpuautoscaler.api.cost.CostStore.Provider;
  uses io.gpuautoscaler.api.spi.PackingStrategy.Provider;
  uses io.gpuautoscaler.api.scaling.NodeGroupProvider.Provider;
  uses io.gpuautoscaler.api.scaling.ScalingPolicy.Provider;
  uses io.gpuautoscaler.api.sharing.SharingPlanner.Provider;
  uses io.gpuautoscaler.api.sharing.SharingSelector.Provider;
}
