package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.packing.FirstFitStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The scale-down rule both built-in policies share, after cluster-autoscaler's: a ready node whose
 * requested GPU share (and, when metrics exist and {@code useMetrics} is set, measured activity)
 * stays under a threshold for the unneeded time may go, if every workload on it may be moved and
 * fits on the other ready nodes (checked by packing them on a copy of the cluster). Empty nodes go
 * in bulk, others one at a time. Nothing is removed until {@code delayAfterAdd} after the last
 * scale-up, below a group's minimum, or beyond the disruption budget. Keeps, per node, since when
 * it has been under-used: state derived only from the snapshots shown.
 */
final class ScaleDownPlanner {
  private final double threshold;
  private final Duration unneededTime;
  private final Duration delayAfterAdd;
  private final int maxEmptyBulk;
  private final UnderuseTracker underused;
  private Instant lastScaleUp = Instant.MIN;

  ScaleDownPlanner(
      double threshold,
      Duration unneededTime,
      Duration delayAfterAdd,
      int maxEmptyBulk,
      boolean useMetrics) {
    this.threshold = threshold;
    this.unneededTime = unneededTime;
    this.delayAfterAdd = delayAfterAdd;
    this.maxEmptyBulk = maxEmptyBulk;
    this.underused = new UnderuseTracker(threshold, useMetrics);
  }

  void scaledUp(Instant at) {
    lastScaleUp = at;
  }

  /** A removal, or a hold that says when to look again. */
  ScalingDecision decide(ScalingSnapshot s, String policy) {
    Instant now = s.now();
    underused.observe(s);
    if (underused.isEmpty()) {
      return ScalingDecision.Hold.because(
          policy + ": no under-used node (every ready node at or above " + pct(threshold) + ")");
    }
    Instant allowedFrom = lastScaleUp.equals(Instant.MIN) ? now : lastScaleUp.plus(delayAfterAdd);
    UnderuseTracker.Candidates candidates = underused.candidates(s, unneededTime, allowedFrom);
    Instant nextReview = candidates.nextReview();
    TreeMap<String, List<NodeStatus>> emptyByGroup = candidates.emptyByGroup();
    List<NodeStatus> busy = candidates.movable();
    int budget = s.allowedDisruptions();
    String waiting = nextReview == null ? "" : "; next under-used node may go at " + nextReview;
    if (budget == 0 && (!emptyByGroup.isEmpty() || !busy.isEmpty())) {
      // The snapshot says how many removals the window holds, not when they leave it: look again
      // in a minute rather than wait for an unrelated change.
      return new ScalingDecision.Hold(
          policy + ": under-used nodes wait for the disruption budget",
          Optional.of(now.plusSeconds(60)));
    }
    for (Map.Entry<String, List<NodeStatus>> e : emptyByGroup.entrySet()) {
      NodeGroup g = s.group(e.getKey());
      int n =
          IntStream.of(e.getValue().size(), maxEmptyBulk, budget, g.targetSize() - g.minSize())
              .min()
              .orElse(0);
      if (n > 0) {
        List<String> ids = e.getValue().subList(0, n).stream().map(NodeStatus::nodeId).toList();
        ids.forEach(underused::forget);
        return new ScalingDecision.RemoveNodes(
            g.id(),
            ids,
            String.format(
                Locale.ROOT,
                "%s: %d %s nodes have run no workload for at least %s (saves $%.2f/h)",
                policy,
                n,
                g.id(),
                human(unneededTime),
                n * g.pricePerHourUsd()));
      }
    }
    for (NodeStatus n : busy) {
      NodeGroup g = s.group(n.groupId());
      if (g.targetSize() <= g.minSize()) {
        continue;
      }
      if (fitsElsewhere(s, n.nodeId())) {
        underused.forget(n.nodeId());
        return new ScalingDecision.RemoveNodes(
            g.id(),
            List.of(n.nodeId()),
            String.format(
                Locale.ROOT,
                "%s: node %s has had %s of its GPUs requested (under %s) for at least %s, and its"
                    + " %d workloads fit on other nodes (saves $%.2f/h)",
                policy,
                n.nodeId(),
                pct(n.gpuAllocation()),
                pct(threshold),
                human(unneededTime),
                n.workloads(),
                g.pricePerHourUsd()));
      }
    }
    return new ScalingDecision.Hold(
        policy
            + ": "
            + underused.size()
            + " under-used nodes, none removable now (cool-down, minimum size, or workloads that"
            + " cannot move)"
            + waiting,
        Optional.ofNullable(nextReview));
  }

  /** Whether every workload of the node fits on the other ready nodes, all at once. */
  private static boolean fitsElsewhere(ScalingSnapshot s, String nodeId) {
    OptionalInt index = s.cluster().indexOf(nodeId);
    if (index.isEmpty()) {
      return false;
    }
    ClusterState copy = ClusterState.from(s.cluster()).copy();
    int node = index.getAsInt();
    List<Workload> moving = List.copyOf(copy.workloadsOn(node));
    for (Workload w : moving) {
      copy.release(w.name());
    }
    // Fill the node so that the packing cannot put a workload back on it.
    GpuNode shape = copy.node(node);
    Workload blocker =
        Workload.builder("~removed/" + nodeId)
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
    FirstFitStrategy packing = new FirstFitStrategy();
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
    return String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
  }

  static String human(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
