package io.gpuautoscaler.core.sharing.mig;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.sharing.SharingPlan;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@link MigPlanner} decided, with the MIG details that {@link SharingPlan} does not
 * carry.
 *
 * @param plan the plan in SPI terms: assignments with their {@code nvidia.com/mig-*} resource,
 *     mig-parted configs per node, unplaced requests
 * @param strategy the MIG strategy it planned for
 * @param layouts the planned layout of every MIG-capable GPU that has MIG enabled after the plan,
 *     or that the plan changes, by node and index
 * @param singleStrategyViolations for a mixed plan: one line per node whose planned layouts the
 *     single strategy could not serve (GPUs partitioned differently, or more than one profile);
 *     empty for a single plan
 * @param singleProductLabels for a single plan: per node, the {@code nvidia.com/gpu.product} value
 *     GFD will set ({@code <product>-MIG-<profile>}), which pods can select on; empty for a mixed
 *     plan
 * @param configDocument every node config of the plan in one mig-parted file, for one ConfigMap
 */
@Beta
public record MigPlan(
    SharingPlan plan,
    MigStrategy strategy,
    List<GpuLayout> layouts,
    List<String> singleStrategyViolations,
    Map<String, String> singleProductLabels,
    String configDocument) {
  public MigPlan {
    requireNonNull(plan, "plan");
    requireNonNull(strategy, "strategy");
    layouts = List.copyOf(layouts);
    singleStrategyViolations = List.copyOf(singleStrategyViolations);
    singleProductLabels = Collections.unmodifiableMap(new TreeMap<>(singleProductLabels));
    requireNonNull(configDocument, "configDocument");
  }
}
