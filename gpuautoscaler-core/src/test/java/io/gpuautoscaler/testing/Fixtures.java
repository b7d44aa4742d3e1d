package io.gpuautoscaler.testing;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.core.cluster.ClusterState;
import java.util.List;

/** Small builders for hand-made clusters and workloads in unit tests. */
public final class Fixtures {
  private Fixtures() {}

  /** A workload without GPU. */
  public static Workload cpuOnly(String name, long cpuMilli) {
    return Workload.builder(name).cpuMilli(cpuMilli).build();
  }

  /** A workload of {@code gpus} whole GPUs. */
  public static Workload whole(String name, long cpuMilli, int gpus) {
    return Workload.builder(name).cpuMilli(cpuMilli).wholeGpus(gpus).build();
  }

  /** A workload of {@code milli} of one GPU. */
  public static Workload share(String name, long cpuMilli, int milli) {
    return Workload.builder(name).cpuMilli(cpuMilli).gpuShare(milli).build();
  }

  /** An empty state of {@code nodes}, in this order. */
  public static ClusterState state(GpuNode... nodes) {
    return ClusterState.of(List.of(nodes));
  }

  /**
   * Places {@code workload} on {@code node}, on the given GPUs; the way to set up a node's usage.
   */
  public static void put(ClusterState state, Workload workload, String node, Integer... gpus) {
    state.apply(workload, new Placement(workload.name(), node, List.of(gpus), workload.gpuMilli()));
  }

  /** Takes {@code milli} of GPU {@code gpu} of {@code node} with a CPU-less filler workload. */
  public static void occupy(ClusterState state, String node, int gpu, int milli) {
    Workload filler =
        Workload.builder("filler-" + node + "-" + gpu + "-" + state.workloadCount())
            .gpus(1, milli)
            .build();
    put(state, filler, node, gpu);
  }

  /** Takes {@code cpuMilli} of {@code node}'s CPU with a GPU-less filler workload. */
  public static void occupyCpu(ClusterState state, String node, long cpuMilli) {
    put(state, cpuOnly("cpu-filler-" + node + "-" + state.workloadCount(), cpuMilli), node);
  }
}
