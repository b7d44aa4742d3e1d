package io.gpuautoscaler.testing;

import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.Invariants.Applied;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Drives a strategy through a workload sequence the way a scheduler would: ask for a placement,
 * apply it, and now and then release a random placed workload. An {@link Observer} sees each
 * decision before it is applied and the cluster after each change. Releases are drawn from the
 * seed, so a replay is reproducible.
 */
public final class Replay {
  /** Sees a replay's steps; every method does nothing by default. */
  public interface Observer {
    /** A decision, with the cluster as it was when the strategy made it. */
    default void decided(ClusterView view, Workload workload, PlacementResult result) {}

    /** The cluster after a placement or a release, with all workloads placed now. */
    default void changed(ClusterView view, Collection<Applied> placed) {}
  }

  private final ClusterView view;
  private final BiConsumer<Workload, Placement> apply;
  private final Function<String, Placement> release;
  private final Map<String, Applied> placed = new LinkedHashMap<>();
  private final List<String> events = new ArrayList<>();

  private Replay(
      ClusterView view,
      BiConsumer<Workload, Placement> apply,
      Function<String, Placement> release) {
    this.view = view;
    this.apply = apply;
    this.release = release;
  }

  /** A replay on core's state. */
  public static Replay on(ClusterState state) {
    return new Replay(state, state::apply, state::release);
  }

  /** A replay on a foreign view. */
  public static Replay on(FakeClusterView view) {
    return new Replay(view, view::apply, view::release);
  }

  /**
   * Places {@code workloads} in order; before each, with probability {@code releaseProbability},
   * releases one placed workload drawn with {@code seed}.
   */
  public Replay run(
      PackingStrategy strategy,
      List<Workload> workloads,
      long seed,
      double releaseProbability,
      Observer observer) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x7E1EA5EL);
    for (Workload workload : workloads) {
      if (!placed.isEmpty() && random.nextDouble() < releaseProbability) {
        List<String> names = new ArrayList<>(placed.keySet());
        String name = names.get(random.nextInt(names.size()));
        release.apply(name);
        placed.remove(name);
        events.add("release " + name);
        observer.changed(view, placed.values());
      }
      PlacementResult result = strategy.place(view, workload);
      observer.decided(view, workload, result);
      events.add(result.toString());
      if (result instanceof PlacementResult.Placed p) {
        apply.accept(workload, p.value());
        placed.put(workload.name(), new Applied(workload, p.value()));
        observer.changed(view, placed.values());
      }
    }
    return this;
  }

  /** Every decision and release, in order, as text. */
  public List<String> events() {
    return List.copyOf(events);
  }

  /** The workloads placed now, in placement order. */
  public Collection<Applied> placed() {
    return List.copyOf(placed.values());
  }

  /** The cluster replayed on. */
  public ClusterView view() {
    return view;
  }
}
