package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Free GPUs kept for the work of spot nodes the cloud reclaims, so that it restarts at once instead
 * of waiting a provisioning lead time for replacement nodes.
 *
 * <p>It learns the reclaim rate from the snapshots: a ready spot node that is next seen cordoned,
 * terminating or gone, without the policy having removed it, was reclaimed. The rate is reclaims
 * per spot node-hour observed (0 until the first reclaim). The buffer is the 95th percentile of a
 * Poisson count of reclaims among the ready spot nodes within one lead time, times the GPUs of the
 * widest spot node: most reclaims then find their GPUs free. The 95 % matches the pending-time
 * percentile that matters; it is not fitted to a trace.
 */
final class InterruptionBuffer {
  static final double QUANTILE = 0.95;

  private final Map<String, Integer> readySpot = new HashMap<>();
  private final Set<String> removedByPolicy = new HashSet<>();
  private Instant last;
  private double spotNodeSeconds;
  private int reclaims;

  /** Must see every snapshot, in time order. */
  void observe(ScalingSnapshot s) {
    if (last != null && s.now().isAfter(last)) {
      spotNodeSeconds +=
          readySpot.size() * (double) Duration.between(last, s.now()).toMillis() / 1000;
    }
    last = s.now();
    Map<String, NodeStatus> byId = new HashMap<>();
    for (NodeStatus n : s.nodes()) {
      byId.put(n.nodeId(), n);
    }
    for (String id : readySpot.keySet()) {
      NodeStatus now = byId.get(id);
      if ((now == null || now.state() != NodeState.READY) && !removedByPolicy.contains(id)) {
        reclaims++;
      }
    }
    readySpot.clear();
    for (NodeStatus n : s.nodes()) {
      if (n.state() == NodeState.READY
          && s.group(n.groupId()).capacityType() == CapacityType.SPOT) {
        readySpot.put(n.nodeId(), n.gpuCount());
      }
    }
    removedByPolicy.retainAll(byId.keySet());
  }

  /** Nodes the policy itself is removing: their going is not a reclaim. */
  void removing(Collection<String> nodeIds) {
    removedByPolicy.addAll(nodeIds);
  }

  /** Reclaims per spot node-hour seen so far. */
  double reclaimsPerNodeHour() {
    return spotNodeSeconds == 0 ? 0 : reclaims / (spotNodeSeconds / 3600);
  }

  int reclaims() {
    return reclaims;
  }

  /** The nodes to keep room for: the Poisson quantile of reclaims within {@code lead}. */
  int nodesWanted(Duration lead) {
    double mean = reclaimsPerNodeHour() * readySpot.size() * lead.toMillis() / 3_600_000.0;
    return poissonQuantile(mean, QUANTILE);
  }

  /** GPUs to keep free: {@link #nodesWanted} times the widest ready spot node. */
  int gpusWanted(Duration lead) {
    int widest = 0;
    for (int gpus : readySpot.values()) {
      widest = Math.max(widest, gpus);
    }
    return nodesWanted(lead) * widest;
  }

  /** The smallest k with P(N <= k) >= q for N ~ Poisson(mean); 0 when mean is 0. */
  static int poissonQuantile(double mean, double q) {
    if (mean <= 0) {
      return 0;
    }
    double p = Math.exp(-mean);
    double cdf = p;
    int k = 0;
    while (cdf < q && k < 10_000) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
}
