package io.gpuautoscaler.core.sim;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * The result of replaying one workload with several policies and seeds.
 *
 * @param workload what was replayed (trace files, or the synthetic workload)
 * @param nodes nodes in the cluster
 * @param gpus GPUs in the cluster
 * @param pods pods in the workload before inflation
 * @param options the protocol
 * @param results one per policy, in the order asked
 * @param bound per arrival point, the unallocated GPU % that no packer can go below with the pods
 *     that have arrived (see {@link io.gpuautoscaler.core.bound.AllocationBound}), over the same
 *     seeds; it depends on the arrivals only, not on the policy
 */
@Beta
public record SimulationReport(
    String workload,
    int nodes,
    long gpus,
    int pods,
    ReplayOptions options,
    List<PolicyResult> results,
    List<BoundPoint> bound) {
  public SimulationReport {
    results = List.copyOf(results);
    bound = List.copyOf(bound);
  }

  /**
   * The bound at one arrival point.
   *
   * @param arrivedPct arrived GPU demand as % of capacity
   * @param unallocatedPct the least unallocated GPU % any packer could reach, over seeds
   */
  public record BoundPoint(int arrivedPct, Stat unallocatedPct) {}
}
