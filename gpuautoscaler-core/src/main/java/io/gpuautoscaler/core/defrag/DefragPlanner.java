package io.gpuautoscaler.core.defrag;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.core.cluster.ClusterState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Proposes a short list of migrations of preemptible workloads that frees whole GPUs and whole
 * nodes: the defragmentation that an online packer, which never moves anything, cannot do by
 * itself.
 *
 * <p>The plan is a sequence of <em>units</em>, each of which frees something on its own:
 *
 * <ul>
 *   <li><b>empty a GPU</b>: move every workload off one partly used GPU (they must all share it and
 *       be preemptible), largest first, each into the fullest other partly used GPU that takes it
 *       (best-fit decreasing, so no wholly free GPU is spent);
 *   <li><b>empty a node</b>: move every GPU workload off one node (all preemptible); a whole-GPU
 *       workload goes to the node with the fewest wholly free GPUs that still holds it. This frees
 *       the node for the largest multi-GPU requests even when it frees no GPU net.
 * </ul>
 *
 * When a shared workload fits in no partly used GPU, a <b>chain</b> makes room: it moves one
 * preemptible workload Q off a partly used GPU h into another GPU, after which the workload fits on
 * h (its share, CPU and memory). Every move respects the workload's GPU models, CPU and memory and
 * is applied to a {@linkplain ClusterState#copy() copy} of the state as it is planned, so that
 * carried out in order every migration is valid; the state given is not changed.
 *
 * <p>Each round tries the units in order of their best possible yield per move and takes the one
 * with the highest yield (GPUs plus nodes freed, per move), fewer moves and then lower node and GPU
 * index on ties; a unit that would lose a wholly free GPU or an idle node is never taken. Units are
 * chosen without regard to the budget, and the plan stops before the first unit that does not fit
 * in it, so a plan is a prefix of the plan for any larger budget: what it frees never falls as the
 * budget grows, and never falls below nothing. Deterministic. Cost: per round, O(shapes × GPUs) to
 * rule out units whose workloads fit nowhere, plus O(workloads moved × GPUs) per unit tried, at
 * most {@value #MAX_TRIES_PER_ROUND} units tried per round.
 */
@Beta
public final class DefragPlanner {
  /** Units tried per round at most, so that a saturated cluster costs bounded time. */
  static final int MAX_TRIES_PER_ROUND = 2000;

  /** Hosts a chain looks at per workload at most. */
  static final int MAX_CHAIN_HOSTS = 48;

  /** Nodes with more GPU workloads than this are not emptied as a unit. */
  static final int MAX_NODE_MOVES = 8;

  /** Wholly free GPUs tried as a packing target per round, and least used GPUs packed into one. */
  static final int MAX_PACK_TARGETS = 16;

  static final int MAX_PACK_SOURCES = 64;

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
   * @param largestGpuBlockBefore the most wholly free GPUs on one node before the plan: the largest
   *     multi-GPU request that could be placed, as far as GPUs go
   * @param largestGpuBlockAfter the same after the plan
   */
  public record Plan(
      List<Migration> migrations,
      int gpusFreed,
      int nodesFreed,
      int largestGpuBlockBefore,
      int largestGpuBlockAfter) {
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
    Work work = new Work(state.copy());
    int gpusBefore = wholeGpus(work.s);
    int nodesBefore = idleNodes(work.s);
    int blockBefore = largestBlock(work.s);
    List<Migration> migrations = new ArrayList<>();
    while (migrations.size() < maxMoves) {
      Unit best = work.bestUnit();
      if (best == null || migrations.size() + best.moves > maxMoves) {
        break;
      }
      List<Migration> done = work.attempt(best);
      if (done == null) {
        throw new IllegalStateException("a unit that was tried could not be repeated: " + best);
      }
      migrations.addAll(done);
    }
    return new Plan(
        migrations,
        wholeGpus(work.s) - gpusBefore,
        idleNodes(work.s) - nodesBefore,
        blockBefore,
        largestBlock(work.s));
  }

  /**
   * Empty GPU {@code gpu} of {@code node}; or the whole node when {@code gpu == -1}; or, when
   * {@code gpu <= -2}, fill the wholly free GPU {@code -2 - gpu} of the node with the workloads of
   * the least used GPUs. {@code value} and {@code moves} are a bound (when ranking) or the outcome
   * (once tried).
   */
  private record Unit(int node, int gpu, int value, int moves) {
    boolean packs() {
      return gpu <= -2;
    }

    int packedGpu() {
      return -2 - gpu;
    }
  }

  private static boolean better(int value, int moves, int bestValue, int bestMoves) {
    long a = (long) value * bestMoves;
    long b = (long) bestValue * moves;
    return a != b ? a > b : moves < bestMoves;
  }

  /** The planner's copy of the state, with the partly used GPUs indexed by free share. */
  private final class Work {
    final ClusterState s;
    final int[] gpuBase;

    /** Global ids (gpuBase[node] + gpu) of partly used GPUs, by free share 1..999. */
    @SuppressWarnings("unchecked")
    final TreeSet<Integer>[] byFree = new TreeSet[Workload.WHOLE_GPU_MILLI];

    final int[] indexedFree;
    final int[] nodeOfGpu;

    /** Per round: whether a request shape has a destination, directly or by a chain. */
    final Map<Shape, Boolean> movable = new HashMap<>();

    /** GPUs no move may go to while a unit is tried: the ones it empties. */
    final TreeSet<Integer> blocked = new TreeSet<>();

    Work(ClusterState s) {
      this.s = s;
      int n = s.nodeCount();
      gpuBase = new int[n + 1];
      for (int i = 0; i < n; i++) {
        gpuBase[i + 1] = gpuBase[i] + s.gpuCount(i);
      }
      indexedFree = new int[gpuBase[n]];
      nodeOfGpu = new int[gpuBase[n]];
      for (int f = 1; f < byFree.length; f++) {
        byFree[f] = new TreeSet<>();
      }
      for (int i = 0; i < n; i++) {
        for (int g = 0; g < s.gpuCount(i); g++) {
          nodeOfGpu[gpuBase[i] + g] = i;
        }
        reindex(i);
      }
    }

    void reindex(int node) {
      for (int g = 0; g < s.gpuCount(node); g++) {
        int id = gpuBase[node] + g;
        int old = indexedFree[id];
        int now = s.gpuFree(node, g);
        if (old == now) {
          continue;
        }
        if (old > 0 && old < Workload.WHOLE_GPU_MILLI) {
          byFree[old].remove(id);
        }
        if (now > 0 && now < Workload.WHOLE_GPU_MILLI) {
          byFree[now].add(id);
        }
        indexedFree[id] = now;
      }
    }

    // ------------------------------------------------------------ moves, undone in reverse

    void move(Workload w, Placement to, List<Migration> done) {
      Placement from = s.release(w.name());
      s.apply(w, to);
      reindex(s.indexOf(from.nodeName()).orElseThrow());
      reindex(s.indexOf(to.nodeName()).orElseThrow());
      done.add(new Migration(w, from, to));
    }

    void undo(List<Migration> done) {
      for (int i = done.size() - 1; i >= 0; i--) {
        Migration m = done.get(i);
        s.release(m.workload().name());
        s.apply(m.workload(), m.from());
        reindex(s.indexOf(m.from().nodeName()).orElseThrow());
        reindex(s.indexOf(m.to().nodeName()).orElseThrow());
      }
    }

    // ------------------------------------------------------------ destinations

    boolean hostsOn(int node, Workload w) {
      return s.freeCpuMilli(node) >= w.cpuMilli()
          && s.freeMemoryMib(node) >= w.memoryMib()
          && w.allowsModel(s.node(node).gpuModel());
    }

    /** The fullest partly used, unblocked GPU that takes shared {@code w}, or -1. */
    int sharedDestination(Workload w, int except) {
      for (int f = w.gpuMilli(); f < Workload.WHOLE_GPU_MILLI; f++) {
        for (int id : byFree[f]) {
          if (id != except && !blocked.contains(id) && hostsOn(nodeOfGpu[id], w)) {
            return id;
          }
        }
      }
      return -1;
    }

    Placement at(Workload w, int id) {
      int node = nodeOfGpu[id];
      return new Placement(
          w.name(), s.node(node).name(), List.of(id - gpuBase[node]), w.gpuMilli());
    }

    /** Moves shared {@code w} into another GPU, directly or by a chain; false if it cannot. */
    boolean moveShared(Workload w, List<Migration> done) {
      int direct = sharedDestination(w, -1);
      if (direct >= 0) {
        move(w, at(w, direct), done);
        return true;
      }
      int looked = 0;
      for (int f = w.gpuMilli() - 1; f >= 1 && looked < MAX_CHAIN_HOSTS; f--) {
        for (Integer boxed : byFree[f].toArray(new Integer[0])) {
          int h = boxed;
          if (blocked.contains(h) || !w.allowsModel(s.node(nodeOfGpu[h]).gpuModel())) {
            continue;
          }
          if (++looked > MAX_CHAIN_HOSTS) {
            break;
          }
          if (chainVia(w, h, done)) {
            return true;
          }
        }
      }
      return false;
    }

    /** Moves one workload off GPU {@code h} so that {@code w} fits there, then {@code w}. */
    private boolean chainVia(Workload w, int h, List<Migration> done) {
      int node = nodeOfGpu[h];
      int g = h - gpuBase[node];
      int free = s.gpuFree(node, g);
      for (Workload q : onGpu(node, g)) {
        if (q == null
            || free + q.gpuMilli() < w.gpuMilli()
            || s.freeCpuMilli(node) + q.cpuMilli() < w.cpuMilli()
            || s.freeMemoryMib(node) + q.memoryMib() < w.memoryMib()) {
          continue;
        }
        int to = sharedDestination(q, h);
        if (to < 0) {
          continue;
        }
        int mark = done.size();
        move(q, at(q, to), done);
        if (s.gpuFree(node, g) >= w.gpuMilli() && hostsOn(node, w)) {
          move(w, at(w, h), done);
          return true;
        }
        List<Migration> tail = new ArrayList<>(done.subList(mark, done.size()));
        done.subList(mark, done.size()).clear();
        undo(tail);
      }
      return false;
    }

    /** The node with the fewest wholly free GPUs that takes whole-GPU {@code w}, or -1. */
    int wholeDestination(Workload w, int except) {
      int best = -1;
      for (int n = 0; n < s.nodeCount(); n++) {
        if (n != except
            && s.wholeFreeGpus(n) >= w.gpuCount()
            && hostsOn(n, w)
            && (best < 0 || s.wholeFreeGpus(n) < s.wholeFreeGpus(best))) {
          best = n;
        }
      }
      return best;
    }

    boolean moveWhole(Workload w, int except, List<Migration> done) {
      int n = wholeDestination(w, except);
      if (n < 0) {
        return false;
      }
      List<Integer> gpus = new ArrayList<>();
      for (int g = 0; g < s.gpuCount(n) && gpus.size() < w.gpuCount(); g++) {
        if (s.gpuFree(n, g) == Workload.WHOLE_GPU_MILLI) {
          gpus.add(g);
        }
      }
      move(w, new Placement(w.name(), s.node(n).name(), gpus, w.gpuMilli()), done);
      return true;
    }

    // ------------------------------------------------------------ what is on a GPU or node

    /**
     * The workloads on GPU g of the node, largest share first (then by name); a null entry stands
     * for one that must not move.
     */
    List<Workload> onGpu(int node, int g) {
      List<Workload> on = new ArrayList<>();
      for (Workload w : s.workloadsOn(node)) {
        if (!w.requestsGpu()) {
          continue;
        }
        Placement p = s.placementOf(w.name()).orElse(null);
        if (p == null || !p.gpuIndices().contains(g)) {
          continue;
        }
        on.add(w.sharesGpu() && preemptible.test(w) ? w : null);
      }
      on.sort(
          (a, b) ->
              a == null || b == null
                  ? Boolean.compare(a != null, b != null)
                  : a.gpuMilli() != b.gpuMilli()
                      ? Integer.compare(b.gpuMilli(), a.gpuMilli())
                      : a.name().compareTo(b.name()));
      return on;
    }

    /** The node's GPU workloads, largest first; null if one of them must not move. */
    List<Workload> gpuWorkloadsOn(int node) {
      List<Workload> on = new ArrayList<>();
      for (Workload w : s.workloadsOn(node)) {
        if (w.requestsGpu()) {
          if (!preemptible.test(w)) {
            return null;
          }
          on.add(w);
        }
      }
      on.sort(
          (a, b) ->
              a.totalGpuMilli() != b.totalGpuMilli()
                  ? Long.compare(b.totalGpuMilli(), a.totalGpuMilli())
                  : a.name().compareTo(b.name()));
      return on;
    }

    // ------------------------------------------------------------ units

    /** Carries out a unit; returns its moves, or null (and changes nothing) if it fails. */
    List<Migration> attempt(Unit u) {
      List<Migration> done = new ArrayList<>();
      blocked.clear();
      boolean ok;
      if (u.packs()) {
        ok = pack(u.node, u.packedGpu(), done);
      } else if (u.gpu >= 0) {
        blocked.add(gpuBase[u.node] + u.gpu);
        ok = true;
        for (Workload w : onGpu(u.node, u.gpu)) {
          if (w == null || !moveShared(w, done)) {
            ok = false;
            break;
          }
        }
      } else {
        for (int g = 0; g < s.gpuCount(u.node); g++) {
          blocked.add(gpuBase[u.node] + g);
        }
        List<Workload> on = gpuWorkloadsOn(u.node);
        ok = on != null;
        for (int i = 0; ok && i < on.size(); i++) {
          Workload w = on.get(i);
          ok = w.sharesGpu() ? moveShared(w, done) : moveWhole(w, u.node, done);
        }
      }
      blocked.clear();
      if (!ok) {
        undo(done);
        return null;
      }
      return done;
    }

    /**
     * Best-fit decreasing into one wholly free GPU: the least used GPUs (all of whose workloads may
     * move), one by one, move their workloads, largest first, into the fullest GPU that takes each
     * (the target once it is partly used, or another); a GPU that cannot be emptied so is left as
     * it was. Succeeds when at least two GPUs were emptied, so that more are freed than the one
     * taken.
     */
    private boolean pack(int node, int gpu, List<Migration> done) {
      int target = gpuBase[node] + gpu;
      int emptied = 0;
      for (int source : packSources()) {
        int sn = nodeOfGpu[source];
        List<Workload> on = onGpu(sn, source - gpuBase[sn]);
        blocked.add(source);
        int mark = done.size();
        boolean ok = true;
        for (Workload w : on) {
          int to =
              s.gpuFree(node, gpu) >= w.gpuMilli() && hostsOn(node, w)
                  ? target
                  : sharedDestination(w, -1);
          if (to < 0) {
            ok = false;
            break;
          }
          move(w, at(w, to), done);
        }
        if (ok) {
          emptied++;
        } else {
          List<Migration> tail = new ArrayList<>(done.subList(mark, done.size()));
          done.subList(mark, done.size()).clear();
          undo(tail);
          blocked.remove(source);
        }
      }
      return emptied >= 2 && s.gpuFree(node, gpu) < Workload.WHOLE_GPU_MILLI;
    }

    /** Partly used GPUs all of whose workloads may move, least used first (then by id). */
    private List<Integer> packSources() {
      List<Integer> sources = new ArrayList<>();
      for (int f = Workload.WHOLE_GPU_MILLI - 1; f >= 1 && sources.size() < MAX_PACK_SOURCES; f--) {
        for (int id : byFree[f]) {
          int n = nodeOfGpu[id];
          boolean ok = true;
          for (Workload w : onGpu(n, id - gpuBase[n])) {
            ok &= w != null;
          }
          if (ok && !blocked.contains(id)) {
            sources.add(id);
            if (sources.size() == MAX_PACK_SOURCES) {
              break;
            }
          }
        }
      }
      return sources;
    }

    /** Whether some partly used GPU takes {@code w} now, directly or by a chain (cached). */
    boolean mayMove(Workload w) {
      return movable.computeIfAbsent(
          Shape.of(w),
          k -> {
            List<Migration> done = new ArrayList<>();
            boolean ok = moveShared(w, done);
            undo(done);
            return ok;
          });
    }

    /** The best unit now, as the class comment ranks them, or null when none frees anything. */
    Unit bestUnit() {
      movable.clear();
      List<Unit> candidates = new ArrayList<>();
      for (int n = 0; n < s.nodeCount(); n++) {
        int gpus = s.gpuCount(n);
        if (gpus == 0 || s.wholeFreeGpus(n) == gpus) {
          continue;
        }
        int partial = 0;
        for (int g = 0; g < gpus; g++) {
          int free = s.gpuFree(n, g);
          if (free > 0 && free < Workload.WHOLE_GPU_MILLI) {
            partial++;
            int pods = 0;
            boolean ok = true;
            for (Workload w : onGpu(n, g)) {
              ok &= w != null;
              pods++;
            }
            if (ok && pods > 0) {
              boolean lastUsed = s.wholeFreeGpus(n) == gpus - 1;
              candidates.add(new Unit(n, g, lastUsed ? 2 : 1, pods));
            }
          }
        }
        List<Workload> all = gpuWorkloadsOn(n);
        if (all != null && !all.isEmpty() && all.size() <= MAX_NODE_MOVES) {
          candidates.add(new Unit(n, -1, partial + 1, all.size()));
        }
      }
      addPackTargets(candidates);
      candidates.sort(
          (a, b) -> {
            if (better(a.value, a.moves, b.value, b.moves)) {
              return -1;
            }
            if (better(b.value, b.moves, a.value, a.moves)) {
              return 1;
            }
            // GPUs in index order, then the node, then packings.
            return a.node != b.node
                ? Integer.compare(a.node, b.node)
                : Integer.compare(
                    a.gpu >= 0 ? a.gpu : 1000 - a.gpu, b.gpu >= 0 ? b.gpu : 1000 - b.gpu);
          });
      Unit best = null;
      int tries = 0;
      for (Unit c : candidates) {
        if (best != null && !better(c.value, c.moves, best.value, best.moves)) {
          break;
        }
        if (!quickCheck(c)) {
          continue;
        }
        if (++tries > MAX_TRIES_PER_ROUND) {
          break;
        }
        Unit outcome = measure(c);
        if (outcome != null
            && outcome.value > 0
            && (best == null || better(outcome.value, outcome.moves, best.value, best.moves))) {
          best = outcome;
        }
      }
      return best;
    }

    /**
     * The wholly free GPUs of partly used nodes whose free CPU is largest (at most {@value
     * #MAX_PACK_TARGETS}, the lowest GPU of a node), as packing units; their bound assumes every
     * source's one workload joins the target.
     */
    private void addPackTargets(List<Unit> candidates) {
      List<int[]> targets = new ArrayList<>();
      for (int n = 0; n < s.nodeCount(); n++) {
        if (s.wholeFreeGpus(n) > 0 && !idle(n)) {
          targets.add(new int[] {n});
        }
      }
      targets.sort(
          (a, b) ->
              s.freeCpuMilli(a[0]) != s.freeCpuMilli(b[0])
                  ? Long.compare(s.freeCpuMilli(b[0]), s.freeCpuMilli(a[0]))
                  : Integer.compare(a[0], b[0]));
      for (int i = 0; i < Math.min(MAX_PACK_TARGETS, targets.size()); i++) {
        int n = targets.get(i)[0];
        int g = 0;
        while (s.gpuFree(n, g) != Workload.WHOLE_GPU_MILLI) {
          g++;
        }
        candidates.add(new Unit(n, -2 - g, MAX_PACK_SOURCES - 1, MAX_PACK_SOURCES));
      }
    }

    /** Rules out a unit one of whose shared workloads fits nowhere now. */
    private boolean quickCheck(Unit c) {
      if (c.packs()) {
        return true;
      }
      if (c.gpu >= 0) {
        for (Workload w : onGpu(c.node, c.gpu)) {
          if (!mayMove(w)) {
            return false;
          }
        }
        return true;
      }
      for (Workload w : gpuWorkloadsOn(c.node)) {
        if (w.sharesGpu() ? !mayMove(w) : wholeDestination(w, c.node) < 0) {
          return false;
        }
      }
      return true;
    }

    /** Tries a unit and undoes it: its GPUs plus nodes freed and moves, or null if it fails. */
    private Unit measure(Unit c) {
      List<Migration> done = attempt(c);
      if (done == null) {
        return null;
      }
      int gpus = 0;
      int nodes = 0;
      int[] nodesTouched = nodesOf(done, c.node);
      for (int n : nodesTouched) {
        gpus += s.wholeFreeGpus(n);
        nodes += idle(n) ? 1 : 0;
      }
      undo(done);
      for (int n : nodesTouched) {
        gpus -= s.wholeFreeGpus(n);
        nodes -= idle(n) ? 1 : 0;
      }
      if (gpus < 0 || nodes < 0) {
        return null;
      }
      return new Unit(c.node, c.gpu, gpus + nodes, done.size());
    }

    private int[] nodesOf(List<Migration> done, int node) {
      TreeSet<Integer> nodes = new TreeSet<>();
      nodes.add(node);
      for (Migration m : done) {
        nodes.add(s.indexOf(m.from().nodeName()).orElseThrow());
        nodes.add(s.indexOf(m.to().nodeName()).orElseThrow());
      }
      return nodes.stream().mapToInt(Integer::intValue).toArray();
    }

    private boolean idle(int n) {
      return s.gpuCount(n) > 0 && s.wholeFreeGpus(n) == s.gpuCount(n);
    }
  }

  /** What decides where a shared workload can go. */
  private record Shape(int milli, long cpu, long memory, Set<String> models) {
    static Shape of(Workload w) {
      return new Shape(w.gpuMilli(), w.cpuMilli(), w.memoryMib(), w.allowedGpuModels());
    }
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

  private static int largestBlock(ClusterState s) {
    int largest = 0;
    for (int n = 0; n < s.nodeCount(); n++) {
      largest = Math.max(largest, s.wholeFreeGpus(n));
    }
    return largest;
  }
}
