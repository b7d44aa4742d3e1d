package io.gpuautoscaler.api.sharing;

import static io.gpuautoscaler.api.sharing.Checks.list;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@link SharingPlanner} decided: where each request runs, what each node must be configured
 * with, and what could not be placed. Every request of the input appears exactly once, in {@code
 * assignments} or in {@code unplaced}.
 *
 * @param mode the sharing mode of the planner that made it
 * @param assignments the placed requests, in the order of the input requests
 * @param nodeConfigs one per node that needs a config, sorted by node name
 * @param unplaced the requests that could not be placed, in the order of the input requests
 * @param warnings things a person should know that are not about one request (e.g. a node whose
 *     layout breaks the single MIG strategy); empty when there are none
 */
@Beta
public record SharingPlan(
    SharingMode mode,
    List<Assignment> assignments,
    List<NodeConfig> nodeConfigs,
    List<Unplaced> unplaced,
    List<String> warnings) {
  public SharingPlan {
    requireNonNull(mode, "mode");
    assignments = list(assignments, "assignments");
    nodeConfigs = list(nodeConfigs, "nodeConfigs");
    unplaced = list(unplaced, "unplaced");
    warnings = list(warnings, "warnings");
    Set<String> seen = new HashSet<>();
    for (Assignment a : assignments) {
      if (!seen.add(a.requestId())) {
        throw new IllegalArgumentException("request " + a.requestId() + " is assigned twice");
      }
    }
    for (Unplaced u : unplaced) {
      if (!seen.add(u.requestId())) {
        throw new IllegalArgumentException(
            "request " + u.requestId() + " is both placed and unplaced, or unplaced twice");
      }
    }
    Set<String> nodes = new HashSet<>();
    for (NodeConfig c : nodeConfigs) {
      if (!nodes.add(c.node())) {
        throw new IllegalArgumentException("node " + c.node() + " has two configs");
      }
    }
  }

  /** The number of distinct GPUs (node, index) that host at least one assignment. */
  public long gpusUsed() {
    return assignments.stream().map(a -> a.node() + "\u0000" + a.gpuIndex()).distinct().count();
  }
}
