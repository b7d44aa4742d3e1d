package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;

/**
 * A strategy that scores every node that fits and takes the highest score, the lowest index among
 * equals: kube-scheduler's filter-then-score with a single score plugin. O(n) per decision.
 */
@Beta
public abstract class ScoringStrategy extends AbstractPackingStrategy {

  @Override
  protected int chooseNode(ClusterState state, Demand demand) {
    int best = -1;
    long bestScore = Long.MIN_VALUE;
    for (int n = 0, count = state.nodeCount(); n < count; n++) {
      if (state.fits(n, demand)) {
        long score = score(state, n, demand);
        if (score > bestScore) {
          bestScore = score;
          best = n;
        }
      }
    }
    return best;
  }

  /** The score of a node on which {@code demand} fits; higher is better. */
  protected abstract long score(ClusterState state, int node, Demand demand);
}
