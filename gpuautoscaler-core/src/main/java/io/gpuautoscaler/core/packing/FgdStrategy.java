package io.gpuautoscaler.core.packing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;
import io.gpuautoscaler.core.fragmentation.FragmentationModel;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.trace.SyntheticOpenb;
import java.util.Arrays;

/**
 * Fragmentation gradient descent (Weng et al., "Beware of Fragmentation", USENIX ATC 2023): place
 * each workload where it grows the cluster's expected GPU fragmentation the least.
 *
 * <p>For every node that fits and every distinct way to place the workload there (each GPU with
 * enough free share for a shared request; the lowest-index free GPUs for whole GPUs; CPU alone for
 * a CPU-only request), it computes the growth {@code Δ} of the node's {@linkplain
 * FragmentationModel fragmentation} under the {@link TargetWorkload} and scores it as the paper's
 * simulator does, {@code floor(100 / (1 + e^(Δ / 1000)))}. The highest score wins; ties go to the
 * lowest node index, then to the lowest GPU index. The integer score is deliberate: placements
 * within about 40 milli of Δ tie and the tie keeps filling the same nodes, which packs better than
 * comparing Δ exactly.
 *
 * <p>Settings: {@code target-workload} (see {@link TargetWorkload#format()}); without it, the
 * typical shapes of the Alibaba GPU trace's default pod list ({@link
 * SyntheticOpenb#typicalTarget()}). Cost: O(s) per decision for s distinct node states (at most n:
 * nodes with the same GPU model, free GPU shares as a multiset, free CPU and memory share one),
 * plus O(types × gpus²) for each state not yet scored for the request's shape (CPU, GPU share and
 * count, models; not memory, which FGD's measure ignores), plus O(gpus log gpus) per node changed.
 * Stateful (the cache): one instance serves one caller.
 */
@Beta
public final class FgdStrategy extends AbstractPackingStrategy {
  public static final String NAME = "fgd";

  private final TargetWorkload target;

  private ClusterState boundState;
  private FragmentationModel model;
  private long[] currentVersion;
  private double[] currentFragment;
  private final CachedNodeScan scan;
  private int[] scratch = new int[0];

  public FgdStrategy(TargetWorkload target) {
    this(target, CachedNodeScan.Sharing.STATE);
  }

  /** With scores cached as {@code sharing} says: the same decisions, at another cost (tests). */
  FgdStrategy(TargetWorkload target, CachedNodeScan.Sharing sharing) {
    this.target = requireNonNull(target, "target");
    this.scan = new CachedNodeScan(sharing, false);
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
    model = new FragmentationModel(target, state);
    currentVersion = new long[state.nodeCount()];
    Arrays.fill(currentVersion, -1);
    currentFragment = new double[state.nodeCount()];
    int maxGpus = 0;
    for (int n = 0; n < state.nodeCount(); n++) {
      maxGpus = Math.max(maxGpus, state.gpuCount(n));
    }
    scratch = new int[maxGpus];
  }

  @Override
  protected int chooseNode(ClusterState state, Demand demand) {
    bind(state);
    return scan.choose(state, demand, (node, gpu) -> evaluate(state, node, demand, gpu));
  }

  @Override
  protected int[] chooseGpus(ClusterState state, int node, Demand demand) {
    return scan.gpus(state, node, demand);
  }

  private double current(ClusterState state, int n) {
    if (currentVersion[n] != state.version(n)) {
      currentFragment[n] = model.fragment(state, n, scratch);
      currentVersion[n] = state.version(n);
    }
    return currentFragment[n];
  }

  /** The node's score for the demand; its GPU for a shared request goes to {@code gpuOut[0]}. */
  private int evaluate(ClusterState state, int n, Demand d, int[] gpuOut) {
    int gpus = state.gpuCount(n);
    int modelId = state.modelId(n);
    long cpuAfter = state.freeCpuMilli(n) - d.cpuMilli();
    return bestPlacement(
        state,
        n,
        d,
        scratch,
        current(state, n),
        free -> model.fragment(modelId, cpuAfter, free, gpus),
        gpuOut);
  }

  /** A node's fragment after a hypothetical placement, from its GPUs' free shares after it. */
  interface FragmentAfter {
    double of(int[] freeAfter);
  }

  /**
   * FGD's score of the best way to place {@code d} on node {@code n}: for CPU alone, the
   * lowest-index wholly free GPUs, or each GPU that holds a shared request (one per distinct free
   * share, which all give the same Δ), the score of {@code Δ = after − before}; the highest wins,
   * the lowest GPU index on ties. {@code gpuOut[0]} receives that GPU for a shared request, -1
   * otherwise. {@code scratch} must hold the node's GPUs.
   */
  static int bestPlacement(
      ClusterState state,
      int n,
      Demand d,
      int[] scratch,
      double before,
      FragmentAfter after,
      int[] gpuOut) {
    int gpus = state.gpuCount(n);
    state.copyGpuFree(n, scratch);
    gpuOut[0] = -1;
    if (!d.requestsGpu()) {
      return score(after.of(scratch) - before);
    }
    if (!d.sharesGpu()) {
      int taken = 0;
      for (int g = 0; g < gpus && taken < d.gpuCount(); g++) {
        if (scratch[g] == Workload.WHOLE_GPU_MILLI) {
          scratch[g] = 0;
          taken++;
        }
      }
      return score(after.of(scratch) - before);
    }
    int best = Integer.MIN_VALUE;
    int u = d.gpuMilli();
    for (int g = 0; g < gpus; g++) {
      int free = scratch[g];
      if (free < u) {
        continue;
      }
      boolean seen = false;
      for (int h = 0; h < g && !seen; h++) {
        seen = scratch[h] == free;
      }
      if (seen) {
        continue;
      }
      scratch[g] = free - u;
      int s = score(after.of(scratch) - before);
      scratch[g] = free;
      if (s > best) {
        best = s;
        gpuOut[0] = g;
      }
    }
    return best;
  }

  /** The simulator's score: floor(100 * sigmoid(-Δ / 1000)). */
  static int score(double delta) {
    return (int) Math.floor(100 / (1 + Math.exp(delta / 1000)));
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
      return "fragmentation gradient descent (Weng et al., ATC'23)";
    }

    @Override
    public PackingStrategy create(Settings settings) {
      BuiltinSettings.check(settings, NAME);
      return new FgdStrategy(BuiltinSettings.targetWorkload(settings));
    }
  }
}
