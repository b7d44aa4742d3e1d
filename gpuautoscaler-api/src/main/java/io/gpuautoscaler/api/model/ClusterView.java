package io.gpuautoscaler.api.model;

import io.gpuautoscaler.api.Beta;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A read-only view of a cluster's nodes and what is free on each, handed to a {@link
 * io.gpuautoscaler.api.spi.PackingStrategy}. Nodes are addressed by a dense index, {@code 0 ..
 * nodeCount() - 1}, which is also the cluster's stated order: strategies that break ties "by node
 * order" take the lowest index.
 *
 * <p>Implementations need not be thread-safe; a view must not change while a strategy reads it.
 */
@Beta
public interface ClusterView {

  /** Number of nodes. */
  int nodeCount();

  /** The node at {@code index} with its capacity. */
  GpuNode node(int index);

  /** The index of the node called {@code name}, or empty when there is none. */
  OptionalInt indexOf(String name);

  /** Free CPU on a node, in millicores. */
  long freeCpuMilli(int node);

  /** Free memory on a node, in MiB. */
  long freeMemoryMib(int node);

  /** Free share of one GPU of a node, 0..1000. */
  int freeGpuMilli(int node, int gpu);

  /**
   * A number that changes whenever anything free on the node changes, so that callers can cache
   * per-node results. Equal versions of one node in one view mean an unchanged node.
   */
  long version(int node);

  /** The workloads placed on a node, in the order they were placed. */
  List<Workload> workloadsOn(int node);

  /** The node's GPUs with their free shares, by index. */
  default List<GpuDevice> gpus(int node) {
    GpuNode n = node(node);
    List<GpuDevice> gpus = new ArrayList<>(n.gpuCount());
    for (int g = 0; g < n.gpuCount(); g++) {
      gpus.add(new GpuDevice(g, n.gpuModel(), freeGpuMilli(node, g)));
    }
    return gpus;
  }

  /**
   * Whether {@code workload} fits on {@code node} now: enough free CPU and memory, an allowed GPU
   * model, and enough GPUs with the requested free share ({@code gpuCount} GPUs each with at least
   * {@code gpuMilli} free).
   */
  default boolean fits(int node, Workload workload) {
    if (freeCpuMilli(node) < workload.cpuMilli() || freeMemoryMib(node) < workload.memoryMib()) {
      return false;
    }
    if (!workload.requestsGpu()) {
      return true;
    }
    GpuNode n = node(node);
    if (n.gpuCount() < workload.gpuCount() || !workload.allowsModel(n.gpuModel())) {
      return false;
    }
    int usable = 0;
    for (int g = 0; g < n.gpuCount(); g++) {
      if (freeGpuMilli(node, g) >= workload.gpuMilli()) {
        usable++;
      }
    }
    return usable >= workload.gpuCount();
  }
}
