/** GPU Autoscaler's engine: cluster state, packing strategies, fragmentation, trace replay. */
module io.gpuautoscaler.core {
  requires transitive io.gpuautoscaler.api;
  requires org.slf4j;

  exports io.gpuautoscaler.core.autoscale;
  exports io.gpuautoscaler.core.bound;
  exports io.gpuautoscaler.core.cluster;
  exports io.gpuautoscaler.core.defrag;
  exports io.gpuautoscaler.core.packing;
  exports io.gpuautoscaler.core.fragmentation;
  exports io.gpuautoscaler.core.trace;
  exports io.gpuautoscaler.core.scaling;
  exports io.gpuautoscaler.core.sim;

  uses io.gpuautoscaler.api.spi.PackingStrategy.Provider;
  uses io.gpuautoscaler.api.scaling.NodeGroupProvider.Provider;
  uses io.gpuautoscaler.api.scaling.ScalingPolicy.Provider;

  provides io.gpuautoscaler.api.spi.PackingStrategy.Provider with
      io.gpuautoscaler.core.packing.BestFitStrategy.Provider,
      io.gpuautoscaler.core.packing.DotProductStrategy.Provider,
      io.gpuautoscaler.core.packing.FgdStrategy.Provider,
      io.gpuautoscaler.core.packing.FirstFitStrategy.Provider,
      io.gpuautoscaler.core.packing.GpuClusteringStrategy.Provider,
      io.gpuautoscaler.core.packing.GpuPackingStrategy.Provider,
      io.gpuautoscaler.core.packing.RandomStrategy.Provider,
      io.gpuautoscaler.core.packing.StrandAwareFgdStrategy.Provider,
      io.gpuautoscaler.core.packing.WorstFitStrategy.Provider;
  provides io.gpuautoscaler.api.scaling.NodeGroupProvider.Provider with
      io.gpuautoscaler.core.scaling.SimulatedNodeGroupProvider.Provider;
  provides io.gpuautoscaler.api.scaling.ScalingPolicy.Provider with
      io.gpuautoscaler.core.scaling.ClusterAutoscalerPolicy.Provider,
      io.gpuautoscaler.core.scaling.PendingGpuPolicy.Provider,
      io.gpuautoscaler.core.scaling.StaticPolicy.Provider;
}
