package io.gpuautoscaler.core.fragmentation;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.core.cluster.ClusterState;
import java.util.List;

/**
 * The FGD paper's fragmentation measure, bound to one {@link ClusterState}'s GPU model ids.
 *
 * <p>For a task type m and a node, the fragment is the node's idle GPU milli that m cannot use: all
 * of it when m cannot run on the node (CPU-only task, disallowed model, not enough CPU, too few
 * GPUs with m's share free), otherwise the free shares of the GPUs too small for one of m's GPUs. A
 * node's fragmentation is the expectation over the {@link TargetWorkload}. Memory plays no part.
 * Thread-safe: it holds no mutable state.
 */
@Beta
public final class FragmentationModel {
  private final TargetWorkload target;
  private final long[] cpu;
  private final int[] milli;
  private final int[] count;
  private final double[] weight;
  private final boolean[][] allowed;

  /** Binds {@code target} to the model ids of {@code state}. */
  public FragmentationModel(TargetWorkload target, ClusterState state) {
    this.target = requireNonNull(target, "target");
    List<TargetWorkload.TaskType> types = target.types();
    int t = types.size();
    cpu = new long[t];
    milli = new int[t];
    count = new int[t];
    weight = new double[t];
    allowed = new boolean[t][];
    List<String> models = state.modelNames();
    for (int i = 0; i < t; i++) {
      TargetWorkload.TaskType type = types.get(i);
      cpu[i] = type.cpuMilli();
      milli[i] = type.gpuMilli();
      count[i] = type.gpuCount();
      weight[i] = type.weight();
      if (!type.allowedGpuModels().isEmpty()) {
        allowed[i] = new boolean[models.size()];
        for (int m = 0; m < models.size(); m++) {
          allowed[i][m] = type.allowedGpuModels().contains(models.get(m));
        }
      }
    }
  }

  /** The target workload. */
  public TargetWorkload target() {
    return target;
  }

  /**
   * The expected fragment, in GPU milli, of a node in the given state.
   *
   * @param modelId the node's model id in the bound state (-1 without GPUs)
   * @param freeCpu the node's free CPU
   * @param free free share of each GPU; only the first {@code gpus} entries are read
   * @param gpus number of GPUs
   */
  public double fragment(int modelId, long freeCpu, int[] free, int gpus) {
    int idle = 0;
    for (int g = 0; g < gpus; g++) {
      idle += free[g];
    }
    if (idle == 0) {
      return 0;
    }
    double sum = 0;
    for (int t = 0; t < weight.length; t++) {
      int u = milli[t];
      double f;
      if (u == 0 || freeCpu < cpu[t] || (allowed[t] != null && !allowed[t][modelId])) {
        f = idle;
      } else {
        int usable = 0;
        int small = 0;
        for (int g = 0; g < gpus; g++) {
          if (free[g] >= u) {
            usable++;
          } else {
            small += free[g];
          }
        }
        f = usable < count[t] ? idle : small;
      }
      sum += weight[t] * f;
    }
    return sum;
  }

  /** The expected fragment of node {@code node} of {@code state} as it is now. */
  public double fragment(ClusterState state, int node, int[] scratch) {
    state.copyGpuFree(node, scratch);
    return fragment(state.modelId(node), state.freeCpuMilli(node), scratch, state.gpuCount(node));
  }
}
