package io.gpuautoscaler.testing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A plain {@link ClusterView} with the simplest bookkeeping that works: what a third party's
 * cluster source might hand a strategy. It is "foreign" to core (not a {@code ClusterState}), so
 * strategies copy it, and it shares no code with core's state. {@link #apply} refuses what does not
 * fit with an {@link IllegalStateException}. Not thread-safe.
 */
public final class FakeClusterView implements ClusterView {
  private final List<GpuNode> nodes;
  private final Map<String, Integer> indexByName = new HashMap<>();
  private final long[] freeCpu;
  private final long[] freeMemory;
  private final int[][] freeGpu;
  private final long[] version;
  private final List<List<Workload>> workloads = new ArrayList<>();
  private final Map<String, Placement> placements = new LinkedHashMap<>();
  private final Map<String, Workload> byName = new HashMap<>();
  private long clock;

  public FakeClusterView(List<GpuNode> nodes) {
    this.nodes = List.copyOf(nodes);
    int n = this.nodes.size();
    freeCpu = new long[n];
    freeMemory = new long[n];
    freeGpu = new int[n][];
    version = new long[n];
    for (int i = 0; i < n; i++) {
      GpuNode node = this.nodes.get(i);
      if (indexByName.put(node.name(), i) != null) {
        throw new IllegalArgumentException("two nodes are named " + node.name());
      }
      freeCpu[i] = node.cpuMilli();
      freeMemory[i] = node.memoryMib();
      freeGpu[i] = new int[node.gpuCount()];
      java.util.Arrays.fill(freeGpu[i], Workload.WHOLE_GPU_MILLI);
      workloads.add(new ArrayList<>());
    }
  }

  /** Takes what {@code placement} says; refuses a placement that does not fit. */
  public void apply(Workload workload, Placement placement) {
    requireNonNull(workload, "workload");
    if (!workload.name().equals(placement.workloadName()) || byName.containsKey(workload.name())) {
      throw new IllegalArgumentException("cannot place " + workload.name() + " as " + placement);
    }
    int n = indexOf(placement.nodeName()).orElseThrow();
    GpuNode node = nodes.get(n);
    boolean gpusOk =
        placement.gpuIndices().size() == workload.gpuCount()
            && placement.gpuMilliPerGpu() == workload.gpuMilli()
            && (!workload.requestsGpu() || workload.allowsModel(node.gpuModel()));
    for (int g : placement.gpuIndices()) {
      gpusOk &= g < node.gpuCount() && freeGpu[n][g] >= workload.gpuMilli();
    }
    if (!gpusOk || freeCpu[n] < workload.cpuMilli() || freeMemory[n] < workload.memoryMib()) {
      throw new IllegalStateException(placement + " does not fit " + workload);
    }
    freeCpu[n] -= workload.cpuMilli();
    freeMemory[n] -= workload.memoryMib();
    for (int g : placement.gpuIndices()) {
      freeGpu[n][g] -= workload.gpuMilli();
    }
    workloads.get(n).add(workload);
    placements.put(workload.name(), placement);
    byName.put(workload.name(), workload);
    version[n] = ++clock;
  }

  /** Frees what a placed workload took; returns its placement. */
  public Placement release(String workloadName) {
    Placement placement = placements.remove(workloadName);
    if (placement == null) {
      throw new IllegalArgumentException("no placed workload named " + workloadName);
    }
    Workload workload = byName.remove(workloadName);
    int n = indexByName.get(placement.nodeName());
    freeCpu[n] += workload.cpuMilli();
    freeMemory[n] += workload.memoryMib();
    for (int g : placement.gpuIndices()) {
      freeGpu[n][g] += workload.gpuMilli();
    }
    workloads.get(n).remove(workload);
    version[n] = ++clock;
    return placement;
  }

  @Override
  public int nodeCount() {
    return nodes.size();
  }

  @Override
  public GpuNode node(int index) {
    return nodes.get(index);
  }

  @Override
  public OptionalInt indexOf(String name) {
    Integer i = indexByName.get(name);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  @Override
  public long freeCpuMilli(int node) {
    return freeCpu[node];
  }

  @Override
  public long freeMemoryMib(int node) {
    return freeMemory[node];
  }

  @Override
  public int freeGpuMilli(int node, int gpu) {
    return freeGpu[node][gpu];
  }

  @Override
  public long version(int node) {
    return version[node];
  }

  @Override
  public List<Workload> workloadsOn(int node) {
    return List.copyOf(workloads.get(node));
  }
}
