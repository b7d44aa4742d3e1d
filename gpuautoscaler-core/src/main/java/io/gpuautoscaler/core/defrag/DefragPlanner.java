package io.gpuautoscaler.core.defrag;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.core.cluster.ClusterState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Proposes a short list of migrations that frees whole GPUs: the defragmentation that an online
 * packer, which never moves anything, cannot do by itself.
 *
 * <p>Greedy, by GPUs freed per move. A GPU can be emptied when every workload on it shares it
 * (moving a whole-GPU workload frees one GPU by taking another) and is preemptible. Each round
 * takes the partly used GPU with the fewest workloads whose workloads all fit into <em>other</em>
 * partly used GPUs (tightest fit, so that no wholly free GPU is spent), preferring the node with
 * the most free GPUs already (so that whole nodes come free), then the lowest node and GPU index.
 * It stops at {@code maxMoves} migrations or when no GPU can be emptied. The plan is computed on a
 * {@linkplain ClusterState#copy() copy}; the state given is not changed. Deterministic. Cost
 * O(maxMoves × GPUs × workloads per GPU × GPUs) at worst.
 */
@Beta
public final class DefragPlanner {
  private final Predicate<Workload> preemptible;

  /**
   * @param preemptible which workloads may be moved
   */
  public DefragPlanner(Predicate<Workload> preemptible) {
    this.preemptible = requireNonNull(preemptible, "preemptible");
  }

  /**
   * One migration.
   *
   * @param workload the moved workload
   * @param from where it ran
   * @param to where it goes
   */
  public record Migration(Workload workload, Placement from, Placement to) {
    public Migration {
      requireNonNull(workload, "workload");
      requireNonNull(from, "from");
      requireNonNull(to, "to");
    }
  }

  /**
   * A plan and what it frees.
   *
   * @param migrations in the order to carry them out
   * @param gpusFreed wholly free GPUs after the plan minus before
   * @param nodesFreed nodes whose GPUs are all free after the plan minus before
   */
  public record Plan(List<Migration> migrations, int gpusFreed, int nodesFreed) {
    public Plan {
      migrations = List.copyOf(migrations);
    }
  }

  /**
   * Plans at most {@code maxMoves} migrations on {@code state}.
   *
   * @throws IllegalArgumentException if {@code maxMoves} is negative
   */
  public Plan plan(ClusterState state, int maxMoves) {
    if (maxMoves < 0) {
      throw new IllegalArgumentException("maxMoves must be >= 0, was " + maxMoves);
    }
    ClusterState work = state.copy();
    int gpusBefore = wholeGpus(work);
    int nodesBefore = idleNodes(work);
    List<Migration> migrations = new ArrayList<>();
    while (migrations.size() < maxMoves) {
      List<Migration> round = bestRound(work, maxMoves - migrations.size());
      if (round.isEmpty()) {
        break;
      }
      migrations.addAll(round);
    }
    return new Plan(migrations, wholeGpus(work) - gpusBefore, idleNodes(work) - nodesBefore);
  }

  /** Empties one GPU on {@code work} and returns its moves, or nothing when no GPU can be. */
  private List<Migration> bestRound(ClusterState work, int budget) {
    List<int[]> candidates = new ArrayList<>();
    for (int n = 0; n < work.nodeCount(); n++) {
      for (int g = 0; g < work.gpuCount(n); g++) {
        int free = work.gpuFree(n, g);
        if (free > 0 && free < Workload.WHOLE_GPU_MILLI) {
          List<Workload> on = workloadsOn(work, n, g);
          if (on != null && !on.isEmpty() && on.size() <= budget) {
            candidates.add(new int[] {on.size(), -work.wholeFreeGpus(n), n, g});
          }
        }
      }
    }
    candidates.sort(
        (a, b) -> {
          for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
              return Integer.compare(a[i], b[i]);
            }
          }
          return 0;
        });
    for (int[] c : candidates) {
      List<Migration> moves = tryEmpty(work, c[2], c[3]);
      if (!moves.isEmpty()) {
        return moves;
      }
    }
    return List.of();
  }

  /** The workloads on one GPU, or null when one of them must not move or holds whole GPUs. */
  private List<Workload> workloadsOn(ClusterState work, int n, int g) {
    List<Workload> on = new ArrayList<>();
    for (Workload w : work.workloadsOn(n)) {
      if (!w.requestsGpu()) {
        continue;
      }
      Placement p = work.placementOf(w.name()).orElse(null);
      if (p == null || !p.gpuIndices().contains(g)) {
        continue;
      }
      if (!w.sharesGpu() || !preemptible.test(w)) {
        return null;
      }
      on.add(w);
    }
    return on;
  }

  /** Moves every workload off GPU g of node n into other partly used GPUs, or changes nothing. */
  private List<Migration> tryEmpty(ClusterState work, int n, int g) {
    List<Workload> on = workloadsOn(work, n, g);
    List<Migration> done = new ArrayList<>();
    for (Workload w : on) {
      Placement from = work.release(w.name());
      Placement to = destination(work, w, n, g);
      if (to == null) {
        work.apply(w, from);
        undo(work, done);
        return List.of();
      }
      work.apply(w, to);
      done.add(new Migration(w, from, to));
    }
    return done;
  }

  private static void undo(ClusterState work, List<Migration> done) {
    for (int i = done.size() - 1; i >= 0; i--) {
      Migration m = done.get(i);
      work.release(m.workload().name());
      work.apply(m.workload(), m.from());
    }
  }

  /** The tightest partly used GPU, other than the one being emptied, that takes {@code w}. */
  private static Placement destination(ClusterState work, Workload w, int fromNode, int fromGpu) {
    int bestNode = -1;
    int bestGpu = -1;
    int bestFree = Integer.MAX_VALUE;
    for (int n = 0; n < work.nodeCount(); n++) {
      if (work.gpuCount(n) == 0
          || work.freeCpuMilli(n) < w.cpuMilli()
          || work.freeMemoryMib(n) < w.memoryMib()
          || !w.allowsModel(work.node(n).gpuModel())) {
        continue;
      }
      for (int g = 0; g < work.gpuCount(n); g++) {
        int free = work.gpuFree(n, g);
        if ((n == fromNode && g == fromGpu) || free >= Workload.WHOLE_GPU_MILLI) {
          continue;
        }
        if (free >= w.gpuMilli() && free < bestFree) {
          bestNode = n;
          bestGpu = g;
          bestFree = free;
        }
      }
    }
    return bestNode < 0
        ? null
        : new Placement(w.name(), work.node(bestNode).name(), List.of(bestGpu), w.gpuMilli());
  }

  private static int wholeGpus(ClusterState s) {
    int whole = 0;
    for (int n = 0; n < s.nodeCount(); n++) {
      whole += s.wholeFreeGpus(n);
    }
    return whole;
  }

  private static int idleNodes(ClusterState s) {
    int idle = 0;
    for (int n = 0; n < s.nodeCount(); n++) {
      if (s.gpuCount(n) > 0 && s.wholeFreeGpus(n) == s.gpuCount(n)) {
        idle++;
      }
    }
    return idle;
  }
}
