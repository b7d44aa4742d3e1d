package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.packing.BestFitStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * GPU-utilization scale-down with Karpenter-style multi-node consolidation.
 *
 * <p>A ready node is under-used while its requested GPU share is under the threshold and, where GPU
 * metrics exist, its measured activity is too. After the cool-down it is a candidate, unless a
 * scale-up happened within {@code delayAfterAdd}:
 *
 * <ul>
 *   <li>empty candidates go in bulk (most expensive per GPU first), keeping the idle GPUs a caller
 *       wants warm;
 *   <li>candidates whose workloads may all move are consolidated: per group, the largest number
 *       {@code k} of them (fewest GPUs requested first, found by binary search as Karpenter's
 *       multi-node consolidation does) whose workloads all fit, at once, on the other ready nodes
 *       (checked by best-fit packing on a copy of the cluster with the {@code k} nodes blocked);
 *       the group saving the most per hour goes first. Several under-used nodes become fewer.
 * </ul>
 *
 * <p>Never below a group's minimum, never beyond the disruption budget. Non-empty nodes are not
 * consolidated while work is pending: the capacity they hold may be what the pending work needs
 * next. Keeps, per node, since when it has been under-used: state derived only from snapshots.
 */
final class Consolidator {
  /** Karpenter's cap on candidates one multi-node consolidation considers. */
  static final int MAX_CANDIDATES = 100;

  private final double threshold;
  private final Duration coolDown;
  private final Duration delayAfterAdd;
  private final int maxEmptyBulk;
  private final UnderuseTracker underused;
  private Instant lastScaleUp = Instant.MIN;
  // The last consolidation search that found nothing, so an unchanged cluster is not searched
  // again.
  private long failedAtClock = -1;
  private int failedStateId;
  private List<String> failedCandidates = List.of();

  Consolidator(double threshold, Duration coolDown, Duration delayAfterAdd, int maxEmptyBulk) {
    PendingGpuPolicy.check(threshold, coolDown, delayAfterAdd, maxEmptyBulk);
    this.threshold = threshold;
    this.coolDown = coolDown;
    this.delayAfterAdd = delayAfterAdd;
    this.maxEmptyBulk = maxEmptyBulk;
    this.underused = new UnderuseTracker(threshold, true);
  }

  void scaledUp(Instant at) {
    lastScaleUp = at;
  }

  /**
   * A removal, or a hold that says when to look again.
   *
   * @param keepIdleGpus GPUs on empty ready nodes and on provisioning nodes that a removal must
   *     leave, e.g. what a forecast wants warm; 0 for none. Free GPUs on busy nodes do not count:
   *     they are fragments that work wider than them cannot use
   */
  ScalingDecision decide(ScalingSnapshot s, String policy, int keepIdleGpus) {
    Instant now = s.now();
    int idleGpus = 0;
    for (NodeStatus n : s.nodes()) {
      boolean empty =
          n.state() == NodeState.PROVISIONING
              || (n.state() == NodeState.READY && n.workloads() == 0);
      if (empty) {
        idleGpus += n.gpuCount();
      }
    }
    underused.observe(s);
    if (underused.isEmpty()) {
      return ScalingDecision.Hold.because(
          policy + ": no under-used node (every ready node at or above " + pct(threshold) + ")");
    }
    Instant allowedFrom = lastScaleUp.equals(Instant.MIN) ? now : lastScaleUp.plus(delayAfterAdd);
    UnderuseTracker.Candidates candidates = underused.candidates(s, coolDown, allowedFrom);
    Instant nextReview = candidates.nextReview();
    TreeMap<String, List<NodeStatus>> emptyByGroup = candidates.emptyByGroup();
    TreeMap<String, List<NodeStatus>> movableByGroup = new TreeMap<>();
    for (NodeStatus n : candidates.movable()) {
      movableByGroup.computeIfAbsent(n.groupId(), k -> new ArrayList<>()).add(n);
    }
    int budget = s.allowedDisruptions();
    if (budget == 0 && (!emptyByGroup.isEmpty() || !movableByGroup.isEmpty())) {
      // The snapshot says how many removals the window holds, not when they leave it.
      return new ScalingDecision.Hold(
          policy + ": under-used nodes wait for the disruption budget",
          Optional.of(now.plusSeconds(60)));
    }
    int spareIdle = idleGpus - keepIdleGpus;
    Optional<ScalingDecision> empty = removeEmpty(s, policy, emptyByGroup, budget, spareIdle);
    if (empty.isPresent()) {
      return empty.get();
    }
    String keepNote =
        keepIdleGpus > 0 && !emptyByGroup.isEmpty()
            ? "; empty nodes kept warm for " + keepIdleGpus + " forecast GPUs"
            : "";
    if (!movableByGroup.isEmpty() && s.pending().isEmpty()) {
      Optional<ScalingDecision> merged = consolidate(s, policy, movableByGroup, budget);
      if (merged.isPresent()) {
        return merged.get();
      }
    }
    return new ScalingDecision.Hold(
        policy
            + ": "
            + underused.size()
            + " under-used nodes, none removable now (cool-down, minimum size, pending work,"
            + " workloads that cannot move or fit elsewhere)"
            + keepNote
            + (nextReview == null ? "" : "; next under-used node may go at " + nextReview),
        Optional.ofNullable(nextReview));
  }

  private Optional<ScalingDecision> removeEmpty(
      ScalingSnapshot s,
      String policy,
      TreeMap<String, List<NodeStatus>> emptyByGroup,
      int budget,
      int spareIdle) {
    List<String> groups = new ArrayList<>(emptyByGroup.keySet());
    groups.sort(
        Comparator.comparingDouble((String id) -> -s.group(id).pricePerGpuHourUsd())
            .thenComparing(id -> id));
    for (String id : groups) {
      NodeGroup g = s.group(id);
      List<NodeStatus> empty = emptyByGroup.get(id);
      int byIdle = g.gpusPerNode() == 0 ? empty.size() : spareIdle / g.gpusPerNode();
      int n =
          IntStream.of(empty.size(), maxEmptyBulk, budget, g.targetSize() - g.minSize(), byIdle)
              .min()
              .orElse(0);
      if (n > 0) {
        List<String> ids = empty.subList(0, n).stream().map(NodeStatus::nodeId).toList();
        ids.forEach(underused::forget);
        return Optional.of(
            new ScalingDecision.RemoveNodes(
                id,
                ids,
                String.format(
                    Locale.ROOT,
                    "%s: %d %s nodes have run no workload for at least %s (saves $%.2f/h)",
                    policy,
                    n,
                    id,
                    ScaleDownPlanner.human(coolDown),
                    n * g.pricePerHourUsd())));
      }
    }
    return Optional.empty();
  }

  private Optional<ScalingDecision> consolidate(
      ScalingSnapshot s,
      String policy,
      TreeMap<String, List<NodeStatus>> movableByGroup,
      int budget) {
    List<String> candidateIds = new ArrayList<>();
    movableByGroup.values().forEach(l -> l.forEach(n -> candidateIds.add(n.nodeId())));
    ClusterState state = ClusterState.from(s.cluster());
    long clock = state.clock();
    int stateId = System.identityHashCode(state);
    if (clock == failedAtClock
        && stateId == failedStateId
        && candidateIds.equals(failedCandidates)) {
      return Optional.empty();
    }
    ScalingDecision.RemoveNodes best = null;
    double bestSaving = 0;
    for (Map.Entry<String, List<NodeStatus>> e : movableByGroup.entrySet()) {
      NodeGroup g = s.group(e.getKey());
      List<NodeStatus> nodes = new ArrayList<>(e.getValue());
      nodes.sort(
          Comparator.comparingLong(NodeStatus::gpuMilliRequested)
              .thenComparing(NodeStatus::nodeId));
      int most =
          IntStream.of(nodes.size(), budget, g.targetSize() - g.minSize(), MAX_CANDIDATES)
              .min()
              .orElse(0);
      // Largest k whose nodes can all go. Busy nodes hold no empty capacity, so the warm GPUs a
      // caller keeps are not spent here.
      int lo = 0;
      int hi = most;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (fits(s, nodes.subList(0, mid))) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      if (lo > 0 && lo * g.pricePerHourUsd() > bestSaving) {
        List<NodeStatus> chosen = nodes.subList(0, lo);
        long requested = chosen.stream().mapToLong(NodeStatus::gpuMilliRequested).sum();
        int workloads = chosen.stream().mapToInt(NodeStatus::workloads).sum();
        bestSaving = lo * g.pricePerHourUsd();
        best =
            new ScalingDecision.RemoveNodes(
                g.id(),
                chosen.stream().map(NodeStatus::nodeId).toList(),
                String.format(
                    Locale.ROOT,
                    "%s: consolidation — %d %s nodes under %s of GPUs requested for at least %s"
                        + " (%.1f of %d GPUs requested); their %d workloads fit on the other"
                        + " nodes (saves $%.2f/h)",
                    policy,
                    lo,
                    g.id(),
                    pct(threshold),
                    ScaleDownPlanner.human(coolDown),
                    requested / 1000.0,
                    lo * g.gpusPerNode(),
                    workloads,
                    bestSaving));
      }
    }
    if (best == null) {
      failedAtClock = clock;
      failedStateId = stateId;
      failedCandidates = candidateIds;
      return Optional.empty();
    }
    best.nodeIds().forEach(underused::forget);
    return Optional.of(best);
  }

  /** Whether every workload of {@code leaving} fits on the other ready nodes, all at once. */
  private static boolean fits(ScalingSnapshot s, List<NodeStatus> leaving) {
    ClusterState copy = ClusterState.from(s.cluster()).copy();
    List<Workload> moving = new ArrayList<>();
    for (NodeStatus n : leaving) {
      OptionalInt index = copy.indexOf(n.nodeId());
      if (index.isEmpty()) {
        return false;
      }
      int node = index.getAsInt();
      List<Workload> on = List.copyOf(copy.workloadsOn(node));
      for (Workload w : on) {
        copy.release(w.name());
      }
      moving.addAll(on);
      // Fill the node so that the packing cannot put a workload back on it.
      GpuNode shape = copy.node(node);
      Workload blocker =
          Workload.builder("~removed/" + n.nodeId())
              .cpuMilli(shape.cpuMilli())
              .memoryMib(shape.memoryMib())
              .wholeGpus(shape.gpuCount())
              .build();
      copy.apply(
          blocker,
          new Placement(
              blocker.name(),
              shape.name(),
              IntStream.range(0, shape.gpuCount()).boxed().toList(),
              shape.gpuCount() == 0 ? 0 : Workload.WHOLE_GPU_MILLI));
    }
    // Largest first: the order a bin packer fits best.
    moving.sort(
        Comparator.comparingInt(Workload::gpuCount)
            .reversed()
            .thenComparing(Comparator.comparingInt(Workload::gpuMilli).reversed())
            .thenComparing(Workload::name));
    BestFitStrategy packing = new BestFitStrategy();
    for (Workload w : moving) {
      if (packing.place(copy, w) instanceof PlacementResult.Placed ok) {
        copy.apply(w, ok.value());
      } else {
        return false;
      }
    }
    return true;
  }

  static String pct(double fraction) {
    return ScaleDownPlanner.pct(fraction);
  }
}
