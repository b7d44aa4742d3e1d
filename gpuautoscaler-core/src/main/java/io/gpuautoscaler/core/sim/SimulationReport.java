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
 */
@Beta
public record SimulationReport(
    String workload, int nodes, long gpus, int pods, ReplayOptions options, List<PolicyResult> results) {
  public SimulationReport {
    results = List.copyOf(results);
  }
}
