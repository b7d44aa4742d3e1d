package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.nonBlank;
import static io.gpuautoscaler.api.sharing.Checks.sortedMap;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.List;
import java.util.Map;

/**
 * The NVIDIA configuration one node needs for a plan, and how to select it.
 *
 * <p>For MIG this is a mig-parted config selected by the {@code nvidia.com/mig.config} label; for
 * MPS and time-slicing a device plugin config selected by {@code nvidia.com/device-plugin.config}.
 *
 * @param node the node name
 * @param configName the name of the config inside {@code document}, e.g. {@code "gpa-node-7"}
 * @param labels node labels to set so that the operator applies the config, e.g. {@code
 *     nvidia.com/mig.config=gpa-node-7}; copied and sorted
 * @param document the config file as YAML text ({@code version: v1 ...}), ready for a ConfigMap
 * @param disruptive whether applying it changes the GPUs' partitioning or sharing, so that the
 *     operator pauses GPU clients on the node (MIG manager) or restarts the device plugin
 * @param changedGpus indices of the GPUs whose layout or sharing changes, sorted; empty when the
 *     config only restates what is there
 */
@Beta
public record NodeConfig(
    String node,
    String configName,
    Map<String, String> labels,
    String document,
    boolean disruptive,
    List<Integer> changedGpus) {
  public NodeConfig {
    nonBlank(node, "node");
    nonBlank(configName, "configName");
    labels = sortedMap(labels, "labels");
    nonBlank(document, "document");
    requireNonNull(changedGpus, "changedGpus");
    changedGpus = changedGpus.stream().sorted().distinct().toList();
    for (int gpu : changedGpus) {
      if (gpu < 0) {
        throw new IllegalArgumentException("changedGpus must be >= 0, had " + gpu);
      }
    }
  }
}
