package io.gpuautoscaler.core.sim;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * The result of replaying one workload with several sharing schemes and seeds.
 *
 * @param workload what was replayed
 * @param nodes nodes in the cluster
 * @param gpus GPUs in the cluster
 * @param pods pods in the workload before the protocol's clones
 * @param options the protocol
 * @param results one per scheme, in the order asked
 * @param notes the assumptions the replay had to make about this workload (derived memory, GPU
 *     models missing from the catalog, how pods were classified), for every report to show
 */
@Beta
public record SharingReport(
    String workload,
    int nodes,
    long gpus,
    int pods,
    ReplayOptions options,
    List<SharingResult> results,
    List<String> notes) {
  public SharingReport {
    requireNonNull(workload, "workload");
    requireNonNull(options, "options");
    results = List.copyOf(results);
    notes = List.copyOf(notes);
  }
}
