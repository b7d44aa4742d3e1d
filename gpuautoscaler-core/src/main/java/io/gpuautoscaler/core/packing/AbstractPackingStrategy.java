package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape every built-in strategy shares: choose a node that fits (or none), then the GPUs on it,
 * then build the {@link Placement}; an unplaced workload gets kube-scheduler-style reasons from
 * {@link ClusterState#explain}. Subclasses decide only the node and, if they differ from
 * tightest-fit, the GPUs.
 *
 * <p>A view that is not a {@link ClusterState} is copied first (O(nodes) per call); pass a {@code
 * ClusterState} on hot paths.
 */
@Beta
public abstract class AbstractPackingStrategy implements PackingStrategy {

  @Override
  public final PlacementResult place(ClusterView view, Workload workload) {
    ClusterState state = ClusterState.from(view);
    Demand demand = state.demand(workload);
    int node = chooseNode(state, demand);
    if (node < 0) {
      return new PlacementResult.Unschedulable(workload.name(), state.explain(workload));
    }
    if (!state.fits(node, demand)) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " chose node "
              + state.node(node).name()
              + " on which "
              + workload.name()
              + " does not fit");
    }
    int[] gpus = chooseGpus(state, node, demand);
    List<Integer> indices = new ArrayList<>(gpus.length);
    for (int g : gpus) {
      indices.add(g);
    }
    return new PlacementResult.Placed(
        new Placement(workload.name(), state.node(node).name(), indices, demand.gpuMilli()));
  }

  /**
   * The index of the node to place {@code demand} on, or -1 when none fits. The node returned must
   * fit the demand.
   */
  protected abstract int chooseNode(ClusterState state, Demand demand);

  /** The GPUs to take on the chosen node; tightest fit for a shared GPU by default. */
  protected int[] chooseGpus(ClusterState state, int node, Demand demand) {
    return GpuSelection.tightest(state, node, demand);
  }
}
