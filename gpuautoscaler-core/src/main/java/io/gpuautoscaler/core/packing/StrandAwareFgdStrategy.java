package io.gpuautoscaler.core.packing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;
import io.gpuautoscaler.core.fragmentation.FragmentationModel;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import java.util.Arrays;
import java.util.List;

/**
 * Fragmentation gradient descent that also counts GPUs stranded by CPU and memory: an idle GPU is
 * fragment for a task type when the node's free CPU or free memory cannot host one more task of
 * that type on it.
 *
 * <p>The rule is {@link FgdStrategy}'s (score {@code floor(100 / (1 + e^(Δ / 1000)))} of the growth
 * {@code Δ} of the node's expected fragment; highest score wins; ties go to the lowest node index,
 * then to the lowest GPU index), with one measure changed. FGD's fragment of a node for a task type
 * m is all idle GPU when m does not fit at all, otherwise the GPUs too small for m. Here, when m
 * fits, the node can host at most {@code s = min(freeCpu / cpu_m, freeMemory / mem_m)} tasks of m,
 * so only the {@code s · k_m} largest GPUs that can hold m's share count as usable; every other
 * idle milli is fragment. With unlimited CPU and memory it is FGD's measure. {@code mem_m}, absent
 * from the target workload, is learned online: the mean memory request of the arrived workloads of
 * m's shape (0, i.e. no limit, until one has arrived); the means are republished when a shape's
 * count reaches a power of two up to 64, which also clears the caches.
 *
 * <p>A node with no workloads at all is scored with FGD's plain measure, before and after. The
 * CPU-aware measure makes a fresh CPU-rich node look better than a fresh CPU-poor one for CPU-heavy
 * requests, so it would open the rare big nodes early and strand the large multi-GPU requests that
 * only fit there; opening nodes as FGD does (by node order) avoids that, while filling used nodes
 * sees the stranding.
 *
 * <p>Settings: {@code target-workload} as for {@link FgdStrategy}. Cost: as {@link FgdStrategy}'s
 * (scores cached per node state and request shape), except that the shape includes the request's
 * memory, which this measure reads, plus a full rescoring after each of the at most 7
 * republications per shape. Deterministic. Stateful (cache and learned means, which are kept when
 * the state changes): one instance serves one caller.
 */
@Beta
public final class StrandAwareFgdStrategy extends AbstractPackingStrategy {
  public static final String NAME = "strand-aware-fgd";

  /** Memory means stop being republished once a shape has this many arrivals. */
  private final TargetWorkload target;

  private ClusterState boundState;
  private FragmentationModel fgd;
  private long[] currentVersion;
  private double[] currentFragment;
  private final CachedNodeScan scan;
  private int[] scratch = new int[0];
  private int[] sorted = new int[0];

  // the target's types, bound to the state's model ids
  private long[] typeCpu;
  private int[] typeMilli;
  private int[] typeCount;
  private double[] typeWeight;
  private boolean[][] typeAllowed;
  // learned online; kept across states, as the workloads keep arriving
  private final TargetTypes learned;

  public StrandAwareFgdStrategy(TargetWorkload target) {
    this(target, CachedNodeScan.Sharing.STATE);
  }

  /** With scores cached as {@code sharing} says: the same decisions, at another cost (tests). */
  StrandAwareFgdStrategy(TargetWorkload target, CachedNodeScan.Sharing sharing) {
    this.target = requireNonNull(target, "target");
    this.scan = new CachedNodeScan(sharing, true);
    List<TargetWorkload.TaskType> types = target.types();
    learned = new TargetTypes(target);
    for (int i = 0; i < types.size(); i++) {
      TargetWorkload.TaskType type = types.get(i);
    }
  }

  /** The target workload fragmentation is measured against. */
  public TargetWorkload target() {
    return target;
  }

  private void bind(ClusterState state) {
    if (state == boundState) {
      return;
    }
    boundState = state;
    fgd = new FragmentationModel(target, state);
    currentVersion = new long[state.nodeCount()];
    currentFragment = new double[state.nodeCount()];
    int maxGpus = 0;
    for (int n = 0; n < state.nodeCount(); n++) {
      maxGpus = Math.max(maxGpus, state.gpuCount(n));
    }
    scratch = new int[maxGpus];
    sorted = new int[maxGpus];
    List<TargetWorkload.TaskType> types = target.types();
    int t = types.size();
    typeCpu = new long[t];
    typeMilli = new int[t];
    typeCount = new int[t];
    typeWeight = new double[t];
    for (int i = 0; i < t; i++) {
      TargetWorkload.TaskType type = types.get(i);
      typeCpu[i] = type.cpuMilli();
      typeMilli[i] = type.gpuMilli();
      typeCount[i] = type.gpuCount();
      typeWeight[i] = type.weight();
    }
    typeAllowed = TargetTypes.allowedByModel(target, state.modelNames());
    invalidate();
  }

  private void invalidate() {
    Arrays.fill(currentVersion, -1);
    scan.invalidate();
  }

  /** Learns the memory of the arriving workload's type; a republished mean clears the caches. */
  private void learn(Demand demand) {
    if (learned.learn(demand)) {
      invalidate();
    }
  }

  @Override
  protected int chooseNode(ClusterState state, Demand demand) {
    bind(state);
    learn(demand);
    return scan.choose(state, demand, (node, gpu) -> evaluate(state, node, demand, gpu));
  }

  @Override
  protected int[] chooseGpus(ClusterState state, int node, Demand demand) {
    return scan.gpus(state, node, demand);
  }

  /** The node's current fragment under the measure its emptiness selects. */
  private double current(ClusterState state, int n, boolean fresh) {
    if (fresh) {
      return fgd.fragment(state, n, scratch);
    }
    if (currentVersion[n] != state.version(n)) {
      state.copyGpuFree(n, scratch);
      currentFragment[n] =
          fragment(
              state.modelId(n),
              state.freeCpuMilli(n),
              state.freeMemoryMib(n),
              scratch,
              state.gpuCount(n));
      currentVersion[n] = state.version(n);
    }
    return currentFragment[n];
  }

  private double measure(boolean fresh, int modelId, long cpu, long memory, int[] free, int gpus) {
    return fresh
        ? fgd.fragment(modelId, cpu, free, gpus)
        : fragment(modelId, cpu, memory, free, gpus);
  }

  /** The node's score for the demand; its GPU for a shared request goes to {@code gpuOut[0]}. */
  private int evaluate(ClusterState state, int n, Demand d, int[] gpuOut) {
    boolean fresh = state.workloadsOn(n).isEmpty();
    int gpus = state.gpuCount(n);
    int modelId = state.modelId(n);
    long cpuAfter = state.freeCpuMilli(n) - d.cpuMilli();
    long memAfter = state.freeMemoryMib(n) - d.memoryMib();
    return FgdStrategy.bestPlacement(
        state,
        n,
        d,
        scratch,
        current(state, n, fresh),
        free -> measure(fresh, modelId, cpuAfter, memAfter, free, gpus),
        gpuOut);
  }

  /**
   * The expected fragment, in GPU milli, of a node: for each type, the idle milli outside the
   * {@code min(cpu / cpu_m, memory / mem_m) · k_m} largest GPUs that can hold the type's share (all
   * of it when the type does not fit).
   */
  double fragment(int modelId, long freeCpu, long freeMemory, int[] free, int gpus) {
    int idle = 0;
    for (int g = 0; g < gpus; g++) {
      int v = free[g];
      idle += v;
      int j = g;
      while (j > 0 && sorted[j - 1] < v) {
        sorted[j] = sorted[j - 1];
        j--;
      }
      sorted[j] = v;
    }
    if (idle == 0) {
      return 0;
    }
    double sum = 0;
    for (int t = 0; t < typeWeight.length; t++) {
      int u = typeMilli[t];
      double f = idle;
      if (u > 0
          && (typeAllowed[t] == null || typeAllowed[t][modelId])
          && freeCpu >= typeCpu[t]
          && freeMemory >= learned.memoryMib(t)) {
        long slots = typeCpu[t] > 0 ? freeCpu / typeCpu[t] : Long.MAX_VALUE;
        if (learned.memoryMib(t) > 0) {
          slots = Math.min(slots, freeMemory / learned.memoryMib(t));
        }
        slots = Math.min(slots, gpus);
        int usable = 0;
        while (usable < gpus && sorted[usable] >= u) {
          usable++;
        }
        if (usable >= typeCount[t]) {
          long take = Math.min(usable, slots * typeCount[t]);
          int good = 0;
          for (int g = 0; g < take; g++) {
            good += sorted[g];
          }
          f = idle - good;
        }
      }
      sum += typeWeight[t] * f;
    }
    return sum;
  }

  /**
   * Listed in META-INF/services. Settings: {@code target-workload}; {@code seed} is accepted and
   * not used.
   */
  public static final class Provider implements PackingStrategy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "FGD counting GPUs stranded by free CPU and memory as fragment";
    }

    @Override
    public PackingStrategy create(Settings settings) {
      BuiltinSettings.check(settings, NAME);
      return new StrandAwareFgdStrategy(BuiltinSettings.targetWorkload(settings));
    }
  }
}
