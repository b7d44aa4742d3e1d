/**
 * GPU Autoscaler's engine: cluster state, packing strategies, fragmentation, trace replay, the GPU
 * model catalog and GPU sharing planners.
 */
module io.gpuautoscaler.core {
  requires transitive io.gpuautoscaler.api;
  requires org.slf4j;

  exports io.gpuautoscaler.core.autoscale;
  exports io.gpuautoscaler.core.bound;
  exports io.gpuautoscaler.core.catalog;
  exports io.gpuautoscaler.core.cluster;
  exports io.gpuautoscaler.core.defrag;
  exports io.gpuautoscaler.core.packing;
  exports io.gpuautoscaler.core.forecast;
  exports io.gpuautoscaler.core.pricing;
  exports io.gpuautoscaler.core.fragmentation;
  exports io.gpuautoscaler.core.trace;
  exports io.gpuautoscaler.core.scaling;
  exports io.gpuautoscaler.core.sim;
  exports io.gpuautoscaler.core.sharing;
  exports io.gpuautoscaler.core.sharing.mig;
  exports io.gpuautoscaler.core.sharing.mps;
  exports io.gpuautoscaler.core.sharing.selector;
  exports io.gpuautoscaler.core.sharing.timeslicing;

  uses io.gpuautoscaler.api.spi.PackingStrategy.Provider;
  uses io.gpuautoscaler.api.scaling.NodeGroupProvider.Provider;
  uses io.gpuautoscaler.api.scaling.ScalingPolicy.Provider;
  uses io.gpuautoscaler.api.sharing.SharingPlanner.Provider;
  uses io.gpuautoscaler.api.sharing.SharingSelector.Provider;

  provides io.gpuautoscaler.api.spi.PackingStrategy.Provider with
      io.gpuautoscaler.core.packing.BestFitStrategy.Provider,
      io.gpuautoscaler.core.packing.DotProductStrategy.Provider,
      io.gpuautoscaler.core.packing.FgdStrategy.Provider,
      io.gpuautoscaler.core.packing.FirstFitStrategy.Provider,
      io.gpuautoscaler.core.packing.GpuClusteringStrategy.Provider,
      io.gpuautoscaler.core.packing.GpuPackingStrategy.Provider,
      io.gpuautoscaler.core.packing.HorizonFgdStrategy.Provider,
      io.gpuautoscaler.core.packing.RandomStrategy.Provider,
      io.gpuautoscaler.core.packing.StrandAwareFgdStrategy.Provider,
      io.gpuautoscaler.core.packing.WorstFitStrategy.Provider;
  provides io.gpuautoscaler.api.scaling.NodeGroupProvider.Provider with
      io.gpuautoscaler.core.scaling.SimulatedNodeGroupProvider.Provider;
  provides io.gpuautoscaler.api.scaling.ScalingPolicy.Provider with
      io.gpuautoscaler.core.scaling.ClusterAutoscalerPolicy.Provider,
      io.gpuautoscaler.core.scaling.DefaultScalingPolicy.Provider,
      io.gpuautoscaler.core.scaling.GpuUtilizationPolicy.Provider,
      io.gpuautoscaler.core.scaling.PendingGpuPolicy.Provider,
      io.gpuautoscaler.core.scaling.PredictivePolicy.Provider,
      io.gpuautoscaler.core.scaling.StaticPolicy.Provider,
      io.gpuautoscaler.core.scaling.TieredPolicy.Provider;
  provides io.gpuautoscaler.api.sharing.SharingPlanner.Provider with
      io.gpuautoscaler.core.sharing.mig.MigPlanner.Provider,
      io.gpuautoscaler.core.sharing.mps.MpsPlanner.Provider,
      io.gpuautoscaler.core.sharing.timeslicing.TimeSlicingPlanner.Provider;
  provides io.gpuautoscaler.api.sharing.SharingSelector.Provider with
      io.gpuautoscaler.core.sharing.selector.PolicySharingSelector.Provider;
}
