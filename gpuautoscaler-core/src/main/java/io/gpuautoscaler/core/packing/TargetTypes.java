package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.core.cluster.Demand;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The target workload's task types as the fragmentation strategies that count memory slots read
 * them: which GPU models each type may use, and each type's memory, learned online.
 *
 * <p>The target workload has no memory, so a type's memory is the mean request of the arriving
 * workloads of its shape. The mean is republished only when a type's count reaches a power of two,
 * up to {@value #LEARN_UNTIL}: every republication invalidates every cached score, so it must be
 * rare, and a handful of arrivals already gives a stable mean. Not thread-safe: one per strategy.
 */
final class TargetTypes {

  /** Arrivals per type after which its memory is no longer learned. */
  static final long LEARN_UNTIL = 64;

  private final Map<CachedNodeScan.ShapeKey, Integer> index = new HashMap<>();
  private final long[] memory;
  private final long[] memorySum;
  private final long[] memoryCount;

  TargetTypes(TargetWorkload target) {
    List<TargetWorkload.TaskType> types = target.types();
    memory = new long[types.size()];
    memorySum = new long[types.size()];
    memoryCount = new long[types.size()];
    for (int i = 0; i < types.size(); i++) {
      TargetWorkload.TaskType type = types.get(i);
      index.putIfAbsent(
          new CachedNodeScan.ShapeKey(
              type.cpuMilli(), type.gpuMilli(), type.gpuCount(), type.allowedGpuModels()),
          i);
    }
  }

  /** The learned memory of type {@code t} in MiB; 0 until its first arrival. */
  long memoryMib(int t) {
    return memory[t];
  }

  /**
   * Counts an arriving workload towards its type's memory.
   *
   * @return whether a type's published memory changed (cached scores that read it are stale)
   */
  boolean learn(Demand demand) {
    Integer t = index.get(CachedNodeScan.ShapeKey.of(demand));
    if (t == null || memoryCount[t] >= LEARN_UNTIL) {
      return false;
    }
    memorySum[t] += demand.memoryMib();
    long c = ++memoryCount[t];
    if ((c & (c - 1)) != 0) {
      return false;
    }
    long mean = memorySum[t] / c;
    if (mean == memory[t]) {
      return false;
    }
    memory[t] = mean;
    return true;
  }

  /**
   * Per type, the models of {@code models} (by model id) it may run on; {@code null} for a type
   * that runs on any model, so the common case costs no lookup.
   */
  static boolean[][] allowedByModel(TargetWorkload target, List<String> models) {
    List<TargetWorkload.TaskType> types = target.types();
    boolean[][] allowed = new boolean[types.size()][];
    for (int i = 0; i < types.size(); i++) {
      TargetWorkload.TaskType type = types.get(i);
      if (!type.allowedGpuModels().isEmpty()) {
        allowed[i] = new boolean[models.size()];
        for (int m = 0; m < models.size(); m++) {
          allowed[i][m] = type.allowedGpuModels().contains(models.get(m));
        }
      }
    }
    return allowed;
  }
}
