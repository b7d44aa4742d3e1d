package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Rejection;
import io.gpuautoscaler.api.model.Workload;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of a cluster view written from the definitions alone, independent of core's {@code
 * ClusterState}: what "fits" means, and that the free resources a view reports are its capacity
 * minus what the placed workloads take, recomputed from scratch.
 */
public final class Invariants {
  private Invariants() {}

  /** A placed workload and where it went. */
  public record Applied(Workload workload, Placement placement) {}

  /**
   * Whether {@code workload} fits on {@code node} of {@code view} now, by the definition of {@link
   * ClusterView#fits}: enough free CPU and memory; for a GPU workload, an allowed model and at
   * least {@code gpuCount} GPUs with {@code gpuMilli} free each.
   */
  public static boolean fits(ClusterView view, int node, Workload workload) {
    if (view.freeCpuMilli(node) < workload.cpuMilli()) {
      return false;
    }
    if (view.freeMemoryMib(node) < workload.memoryMib()) {
      return false;
    }
    if (workload.gpuCount() == 0) {
      return true;
    }
    GpuNode n = view.node(node);
    if (n.gpuCount() == 0) {
      return false;
    }
    if (!workload.allowedGpuModels().isEmpty()
        && !workload.allowedGpuModels().contains(n.gpuModel())) {
      return false;
    }
    int holding = 0;
    for (int g = 0; g < n.gpuCount(); g++) {
      if (view.freeGpuMilli(node, g) >= workload.gpuMilli()) {
        holding++;
      }
    }
    return holding >= workload.gpuCount();
  }

  /** The indices of the nodes {@code workload} fits on now, ascending. */
  public static List<Integer> feasibleNodes(ClusterView view, Workload workload) {
    List<Integer> feasible = new ArrayList<>();
    for (int n = 0; n < view.nodeCount(); n++) {
      if (fits(view, n, workload)) {
        feasible.add(n);
      }
    }
    return feasible;
  }

  /**
   * The first filter, in {@link Rejection.Reason}'s order, that rules {@code node} out for {@code
   * workload}: model (or no GPU), GPU count, CPU, memory, then free GPUs or share; null when the
   * workload fits.
   */
  public static Rejection.Reason firstFailure(ClusterView view, int node, Workload workload) {
    GpuNode n = view.node(node);
    if (workload.requestsGpu() && (n.gpuCount() == 0 || !workload.allowsModel(n.gpuModel()))) {
      return Rejection.Reason.GPU_MODEL_UNAVAILABLE;
    }
    if (workload.requestsGpu() && n.gpuCount() < workload.gpuCount()) {
      return Rejection.Reason.TOO_FEW_GPUS;
    }
    if (view.freeCpuMilli(node) < workload.cpuMilli()) {
      return Rejection.Reason.INSUFFICIENT_CPU;
    }
    if (view.freeMemoryMib(node) < workload.memoryMib()) {
      return Rejection.Reason.INSUFFICIENT_MEMORY;
    }
    if (!fits(view, node, workload)) {
      return workload.sharesGpu()
          ? Rejection.Reason.INSUFFICIENT_GPU_SHARE
          : Rejection.Reason.INSUFFICIENT_FREE_GPUS;
    }
    return null;
  }

  /** How many nodes each filter rules out first, for a workload that fits on no node. */
  public static Map<Rejection.Reason, Integer> failureCounts(ClusterView view, Workload workload) {
    Map<Rejection.Reason, Integer> counts = new EnumMap<>(Rejection.Reason.class);
    for (int n = 0; n < view.nodeCount(); n++) {
      Rejection.Reason reason = firstFailure(view, n, workload);
      if (reason == null) {
        throw new AssertionError(workload + " fits on " + view.node(n).name());
      }
      counts.merge(reason, 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Asserts that {@code placement} is a valid placement of {@code workload} on {@code view} as it
   * is now: a known node with enough free CPU and memory and an allowed model, distinct GPUs in
   * range, as many as asked, each with the asked share free.
   */
  public static void assertFitsNow(
      ClusterView view, Workload workload, Placement placement, String context) {
    List<String> problems = new ArrayList<>();
    if (!placement.workloadName().equals(workload.name())) {
      problems.add("the placement is for " + placement.workloadName());
    }
    if (view.indexOf(placement.nodeName()).isEmpty()) {
      problems.add("no node " + placement.nodeName());
    } else {
      int n = view.indexOf(placement.nodeName()).getAsInt();
      GpuNode node = view.node(n);
      if (!fits(view, n, workload)) {
        problems.add("it does not fit on " + node.name());
      }
      if (placement.gpuIndices().size() != workload.gpuCount()
          || placement.gpuMilliPerGpu() != workload.gpuMilli()) {
        problems.add("it takes the wrong number of GPUs or share");
      }
      for (int g : placement.gpuIndices()) {
        if (g >= node.gpuCount()) {
          problems.add(node.name() + " has no GPU " + g);
        } else if (view.freeGpuMilli(n, g) < workload.gpuMilli()) {
          problems.add("GPU " + g + " has " + view.freeGpuMilli(n, g) + " milli free");
        }
      }
      if (workload.requestsGpu() && !workload.allowsModel(node.gpuModel())) {
        problems.add("model " + node.gpuModel() + " is not allowed");
      }
    }
    assertThat(problems).as("%s: problems of %s for %s", context, placement, workload).isEmpty();
  }

  /**
   * Asserts that every node's free CPU, memory and per-GPU share equal its capacity minus what
   * {@code applied} take on it (recomputed from scratch), that nothing is over-committed, and that
   * the view lists exactly those workloads on each node.
   */
  public static void assertAccountedFor(
      ClusterView view, Collection<Applied> applied, String context) {
    int count = view.nodeCount();
    long[] cpu = new long[count];
    long[] memory = new long[count];
    long[][] gpu = new long[count][];
    List<List<Workload>> on = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      gpu[n] = new long[view.node(n).gpuCount()];
      on.add(new ArrayList<>());
    }
    for (Applied a : applied) {
      int n = view.indexOf(a.placement().nodeName()).getAsInt();
      cpu[n] += a.workload().cpuMilli();
      memory[n] += a.workload().memoryMib();
      for (int g : a.placement().gpuIndices()) {
        gpu[n][g] += a.placement().gpuMilliPerGpu();
      }
      on.get(n).add(a.workload());
    }
    List<String> problems = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      GpuNode node = view.node(n);
      String name = node.name();
      if (cpu[n] > node.cpuMilli() || memory[n] > node.memoryMib()) {
        problems.add(name + " is over-committed: " + cpu[n] + "m CPU, " + memory[n] + " MiB");
      }
      if (view.freeCpuMilli(n) != node.cpuMilli() - cpu[n]) {
        problems.add(
            name
                + " reports "
                + view.freeCpuMilli(n)
                + "m CPU free, not "
                + (node.cpuMilli() - cpu[n]));
      }
      if (view.freeMemoryMib(n) != node.memoryMib() - memory[n]) {
        problems.add(
            name
                + " reports "
                + view.freeMemoryMib(n)
                + " MiB free, not "
                + (node.memoryMib() - memory[n]));
      }
      for (int g = 0; g < node.gpuCount(); g++) {
        if (gpu[n][g] > Workload.WHOLE_GPU_MILLI) {
          problems.add("GPU " + g + " of " + name + " is over-committed: " + gpu[n][g] + " milli");
        }
        if (view.freeGpuMilli(n, g) != Workload.WHOLE_GPU_MILLI - gpu[n][g]) {
          problems.add(
              "GPU "
                  + g
                  + " of "
                  + name
                  + " reports "
                  + view.freeGpuMilli(n, g)
                  + " milli free, not "
                  + (Workload.WHOLE_GPU_MILLI - gpu[n][g]));
        }
      }
      List<Workload> listed = view.workloadsOn(n);
      if (!sameWorkloads(listed, on.get(n))) {
        problems.add(name + " lists " + listed + ", not " + on.get(n));
      }
    }
    assertThat(problems).as("%s: bookkeeping", context).isEmpty();
  }

  /** Whether two lists hold the same workloads in any order; names are unique. */
  private static boolean sameWorkloads(List<Workload> a, List<Workload> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Map<String, Workload> byName = new HashMap<>();
    for (Workload w : b) {
      byName.put(w.name(), w);
    }
    for (Workload w : a) {
      Workload other = byName.remove(w.name());
      if (other != w && !w.equals(other)) {
        return false;
      }
    }
    return byName.isEmpty();
  }

  /** Everything a view shows, for checking that something did not change it. */
  public record Snapshot(List<NodeSnapshot> nodes) {}

  /** One node of a {@link Snapshot}. */
  public record NodeSnapshot(
      long freeCpuMilli,
      long freeMemoryMib,
      List<Integer> freeGpuMilli,
      long version,
      List<String> workloads) {}

  /** What {@code view} shows now, copied. */
  public static Snapshot snapshot(ClusterView view) {
    List<NodeSnapshot> nodes = new ArrayList<>(view.nodeCount());
    for (int n = 0; n < view.nodeCount(); n++) {
      List<Integer> gpus = new ArrayList<>();
      for (int g = 0; g < view.node(n).gpuCount(); g++) {
        gpus.add(view.freeGpuMilli(n, g));
      }
      nodes.add(
          new NodeSnapshot(
              view.freeCpuMilli(n),
              view.freeMemoryMib(n),
              List.copyOf(gpus),
              view.version(n),
              view.workloadsOn(n).stream().map(Workload::name).toList()));
    }
    return new Snapshot(List.copyOf(nodes));
  }
}
