package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Since when each ready node has been under-used, the bookkeeping both scale-down rules share: a
 * node is under-used while its requested GPU share is under the threshold and, when metrics are
 * used and present, its measured activity is too. State derived only from the snapshots shown.
 */
final class UnderuseTracker {
  /**
   * The under-used nodes whose cool-down is over, by kind; and when the next one's ends.
   *
   * @param emptyByGroup ready nodes without workloads, per group id
   * @param movable ready nodes with workloads that may all be moved, in the snapshot's order
   * @param nextReview when the next under-used node's cool-down ends, or null
   */
  record Candidates(
      TreeMap<String, List<NodeStatus>> emptyByGroup,
      List<NodeStatus> movable,
      Instant nextReview) {
    boolean isEmpty() {
      return emptyByGroup.isEmpty() && movable.isEmpty();
    }
  }

  private final double threshold;
  private final boolean useMetrics;
  private final Map<String, Instant> underusedSince = new HashMap<>();

  UnderuseTracker(double threshold, boolean useMetrics) {
    this.threshold = threshold;
    this.useMetrics = useMetrics;
  }

  /** Records which ready nodes are under-used now and forgets nodes no longer ready. */
  void observe(ScalingSnapshot s) {
    Instant now = s.now();
    int underusedReady = 0;
    for (NodeStatus n : s.nodes()) {
      if (n.state() != NodeState.READY) {
        continue;
      }
      boolean underused = n.gpuAllocation() < threshold;
      if (underused && useMetrics && s.metrics().isPresent()) {
        underused = s.metrics().get().activity(n.nodeId()).orElse(0) < threshold;
      }
      if (underused) {
        underusedSince.putIfAbsent(n.nodeId(), now);
        underusedReady++;
      } else {
        underusedSince.remove(n.nodeId());
      }
    }
    // Every under-used ready node has its entry now, so more entries means some belong to nodes
    // that are no longer ready: only then is it worth collecting the ready ids to drop those.
    if (underusedSince.size() > underusedReady) {
      Set<String> ready = new HashSet<>();
      for (NodeStatus n : s.nodes()) {
        if (n.state() == NodeState.READY) {
          ready.add(n.nodeId());
        }
      }
      underusedSince.keySet().retainAll(ready);
    }
  }

  boolean isEmpty() {
    return underusedSince.isEmpty();
  }

  int size() {
    return underusedSince.size();
  }

  void forget(String nodeId) {
    underusedSince.remove(nodeId);
  }

  /**
   * The under-used nodes of {@code s} (in its order) under-used for at least {@code coolDown} and
   * not before {@code allowedFrom}.
   */
  Candidates candidates(ScalingSnapshot s, Duration coolDown, Instant allowedFrom) {
    Instant now = s.now();
    Instant nextReview = null;
    TreeMap<String, List<NodeStatus>> empty = new TreeMap<>();
    List<NodeStatus> movable = new ArrayList<>();
    for (NodeStatus n : s.nodes()) {
      Instant since = underusedSince.get(n.nodeId());
      if (since == null) {
        continue;
      }
      Instant eligibleAt = since.plus(coolDown);
      if (eligibleAt.isBefore(allowedFrom)) {
        eligibleAt = allowedFrom;
      }
      if (eligibleAt.isAfter(now)) {
        nextReview =
            nextReview == null || eligibleAt.isBefore(nextReview) ? eligibleAt : nextReview;
        continue;
      }
      if (n.workloads() == 0) {
        empty.computeIfAbsent(n.groupId(), k -> new ArrayList<>()).add(n);
      } else if (n.evictableWorkloads() == n.workloads()) {
        movable.add(n);
      }
    }
    return new Candidates(empty, movable, nextReview);
  }
}
