package io.gpuautoscaler.core.packing;

import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.cluster.Demand;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node scan of the fragmentation strategies: score every node that fits, keep the highest score
 * (the lowest index among equals), and cache scores per request shape so that a decision rescores
 * little. What a cached score is shared by is the scan's {@link Sharing}:
 *
 * <ul>
 *   <li>{@link Sharing#NODE} (the default): one score per (node, shape), keyed by the node's
 *       {@linkplain ClusterState#version(int) version}; a decision rescores the nodes that changed
 *       since the shape was last placed and still visits every node. Right for any scorer that
 *       reads only the node it is given.
 *   <li>{@link Sharing#STATE}: one score per (node state, shape), shared by every node in that
 *       state (see {@link Sharing#STATE} for what a state is), and the scan visits one node per
 *       state: the lowest-index one, which is the node the per-node scan would pick among them. On
 *       10,000 empty nodes of three shapes a decision scores three nodes, not 10,000. Only for a
 *       scorer whose score depends on nothing but that state and the demand.
 *   <li>{@link Sharing#NONE}: no cache; every fitting node is scored on every decision. The
 *       reference the cached scans are tested against.
 * </ul>
 *
 * All three choose the same node, and the same GPU for a shared request. The cache belongs to one
 * state; a scan of another state starts it afresh. Not thread-safe.
 */
final class CachedNodeScan {
  /** Beyond this many cached entries (nodes or states × shapes), new shapes are not cached. */
  private static final long MAX_CACHED_ENTRIES = 8_000_000;

  /** What one cached score serves. */
  enum Sharing {
    /** Nothing is cached. */
    NONE,
    /** One node, until its version changes. */
    NODE,
    /**
     * Every node in one state: the same GPU model (id), the same free shares of its GPUs as a
     * multiset (sorted: which GPU has which share does not matter), the same free CPU and memory,
     * and the same emptiness (whether any workload is on it). The scorer must read nothing else of
     * the node (not its name, index, capacity or workloads) and must give every node in a state the
     * same score; anything else it reads (e.g. statistics learned online) must be constant between
     * calls of {@link #invalidate()}. The GPU a shared request takes is still chosen on the node
     * picked, by scoring it once more.
     */
    STATE
  }

  /** Scores one node that fits, and says which GPU it would take for a shared request. */
  @FunctionalInterface
  interface Scorer {
    /** The node's score; writes the GPU for a shared request, or -1, to {@code gpuOut[0]}. */
    int score(int node, int[] gpuOut);
  }

  /** A request shape without its memory: CPU, GPU share, GPU count and allowed models. */
  record ShapeKey(long cpu, int milli, int count, Set<String> models) {
    static ShapeKey of(Demand d) {
      return new ShapeKey(
          d.cpuMilli(), d.gpuMilli(), d.gpuCount(), d.workload().allowedGpuModels());
    }
  }

  /** What cached scores are keyed by: the shape, and its memory unless scores ignore it. */
  private record ColumnKey(ShapeKey shape, long memory) {}

  /**
   * Cached scores of one shape, by node (keyed by node version) or by state class (keyed by the
   * class's stamp); -1 is no key.
   */
  private static final class Column {
    long[] key;
    int[] score;
    int[] gpu;

    Column(int size) {
      key = new long[size];
      Arrays.fill(key, -1);
      score = new int[size];
      gpu = new int[size];
    }

    void ensure(int size) {
      if (key.length < size) {
        int old = key.length;
        key = Arrays.copyOf(key, size);
        Arrays.fill(key, old, size, -1);
        score = Arrays.copyOf(score, size);
        gpu = Arrays.copyOf(gpu, size);
      }
    }
  }

  private final Sharing sharing;
  private final boolean scoresReadMemory;
  private final Map<ColumnKey, Column> columns = new HashMap<>();
  private ClusterState state;
  private StateClasses classes;
  private int chosenGpu = -1;
  private final int[] gpuOut = new int[1];

  /**
   * A scan that caches per node ({@link Sharing#NODE}), for a scorer that may read the demand's
   * memory.
   */
  CachedNodeScan() {
    this(Sharing.NODE, true);
  }

  /**
   * @param scoresReadMemory whether a score may depend on the demand's memory request; if not,
   *     demands that differ only in memory share cached scores (memory still decides the fit)
   */
  CachedNodeScan(Sharing sharing, boolean scoresReadMemory) {
    this.sharing = sharing;
    this.scoresReadMemory = scoresReadMemory;
  }

  /**
   * The best node for {@code demand} on {@code state}, or -1 when none fits; {@link #gpus} then
   * gives its GPU for a shared request.
   */
  int choose(ClusterState state, Demand demand, Scorer scorer) {
    if (state != this.state) {
      this.state = state;
      columns.clear();
      classes = sharing == Sharing.STATE ? new StateClasses(state) : null;
    }
    return sharing == Sharing.STATE
        ? chooseByState(demand, scorer)
        : chooseByNode(demand, scorer, sharing == Sharing.NODE);
  }

  private int chooseByNode(Demand demand, Scorer scorer, boolean cached) {
    Column column = cached ? column(demand, state.nodeCount()) : null;
    int best = -1;
    int bestScore = Integer.MIN_VALUE;
    int bestGpu = -1;
    for (int n = 0, count = state.nodeCount(); n < count; n++) {
      if (!state.fits(n, demand)) {
        continue;
      }
      int score;
      int gpu;
      if (column != null && column.key[n] == state.version(n)) {
        score = column.score[n];
        gpu = column.gpu[n];
      } else {
        score = scorer.score(n, gpuOut);
        gpu = gpuOut[0];
        if (column != null) {
          column.key[n] = state.version(n);
          column.score[n] = score;
          column.gpu[n] = gpu;
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = n;
        bestGpu = gpu;
      }
    }
    chosenGpu = bestGpu;
    return best;
  }

  private int chooseByState(Demand demand, Scorer scorer) {
    StateClasses cs = classes;
    cs.sync();
    Column column = column(demand, cs.capacity());
    int best = -1;
    int bestScore = Integer.MIN_VALUE;
    // Every node of a class fits, and scores, alike; its lowest-index node is the one the per-node
    // scan would keep, so comparing (score, that node) across classes gives the same winner.
    for (int i = 0, live = cs.liveCount; i < live; i++) {
      int c = cs.live[i];
      int node = cs.minMember[c];
      if (!state.fits(node, demand)) {
        continue;
      }
      int score;
      if (column != null && column.key[c] == cs.stamp[c]) {
        score = column.score[c];
      } else {
        score = scorer.score(node, gpuOut);
        if (column != null) {
          column.key[c] = cs.stamp[c];
          column.score[c] = score;
        }
      }
      if (score > bestScore || (score == bestScore && node < best)) {
        bestScore = score;
        best = node;
      }
    }
    chosenGpu = -1;
    if (best >= 0 && demand.sharesGpu()) {
      // Which GPU holds a share depends on the node's GPU order, which the class forgets.
      scorer.score(best, gpuOut);
      chosenGpu = gpuOut[0];
    }
    return best;
  }

  /**
   * The GPUs to take on the node the last {@link #choose} picked: the GPU it chose for a shared
   * request, else the lowest-index wholly free ones.
   */
  int[] gpus(ClusterState state, int node, Demand demand) {
    return demand.sharesGpu()
        ? new int[] {chosenGpu}
        : GpuSelection.lowestWhole(state, node, demand);
  }

  /** Forgets every cached score, e.g. when the measure behind them changed. */
  void invalidate() {
    for (Column column : columns.values()) {
      Arrays.fill(column.key, -1);
    }
  }

  /** The number of state classes with at least one node, for tests; 0 unless sharing by state. */
  int stateClasses() {
    return classes == null ? 0 : classes.liveCount;
  }

  private Column column(Demand demand, int size) {
    ColumnKey key = new ColumnKey(ShapeKey.of(demand), scoresReadMemory ? demand.memoryMib() : 0);
    Column column = columns.get(key);
    if (column == null && (long) (columns.size() + 1) * size <= MAX_CACHED_ENTRIES) {
      column = new Column(size);
      columns.put(key, column);
    } else if (column != null) {
      column.ensure(size);
    }
    return column;
  }

  /** A node state as {@link Sharing#STATE} defines it. */
  private static final class StateKey {
    final int model;
    final boolean fresh;
    final long cpu;
    final long memory;
    final int[] free;
    final int hash;

    StateKey(ClusterState s, int n) {
      model = s.modelId(n);
      fresh = s.workloadsOn(n).isEmpty();
      cpu = s.freeCpuMilli(n);
      memory = s.freeMemoryMib(n);
      free = new int[s.gpuCount(n)];
      s.copyGpuFree(n, free);
      Arrays.sort(free);
      int h = Arrays.hashCode(free);
      h = 31 * h + Long.hashCode(cpu);
      h = 31 * h + Long.hashCode(memory);
      h = 31 * h + model;
      hash = 2 * h + (fresh ? 1 : 0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof StateKey k
          && k.hash == hash
          && k.cpu == cpu
          && k.memory == memory
          && k.model == model
          && k.fresh == fresh
          && Arrays.equals(k.free, free);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * The nodes of one state grouped into classes of equal {@link StateKey}, kept current from the
   * state's {@linkplain ClusterState#changesSince change journal}: O(changes × (GPUs log GPUs + log
   * n)) per sync, not O(n). Class ids are reused once a class empties; each incarnation of an id
   * gets a new stamp, which is what cached scores are keyed by.
   */
  private static final class StateClasses {
    final ClusterState state;
    final int[] classOf;
    final long[] keyedVersion;
    long syncedClock = -1;
    final Map<StateKey, Integer> ids = new HashMap<>();
    StateKey[] keyOf = new StateKey[16];
    int[] count = new int[16];
    int[] minMember = new int[16];
    long[] stamp = new long[16];

    /** The members of classes with two or more; null for a class of one. */
    @SuppressWarnings("unchecked")
    TreeSet<Integer>[] members = new TreeSet[16];

    int[] live = new int[16];
    int[] livePos = new int[16];
    int liveCount;
    int[] freeIds = new int[16];
    int freeCount;
    int nextId;
    long stamps;

    StateClasses(ClusterState state) {
      this.state = state;
      classOf = new int[state.nodeCount()];
      Arrays.fill(classOf, -1);
      keyedVersion = new long[state.nodeCount()];
      Arrays.fill(keyedVersion, -1);
    }

    int capacity() {
      return stamp.length;
    }

    void sync() {
      if (syncedClock == state.clock()) {
        return;
      }
      if (syncedClock < 0 || !state.changesSince(syncedClock, this::rekey)) {
        for (int n = 0; n < classOf.length; n++) {
          rekey(n);
        }
      }
      syncedClock = state.clock();
    }

    private void rekey(int n) {
      if (keyedVersion[n] == state.version(n)) {
        return;
      }
      keyedVersion[n] = state.version(n);
      StateKey key = new StateKey(state, n);
      int old = classOf[n];
      if (old >= 0) {
        if (keyOf[old].equals(key)) {
          return;
        }
        leave(old, n);
      }
      Integer id = ids.get(key);
      int c = id == null ? open(key) : id;
      join(c, n);
    }

    private int open(StateKey key) {
      int c = freeCount > 0 ? freeIds[--freeCount] : nextId++;
      if (c >= keyOf.length) {
        int size = 2 * keyOf.length;
        keyOf = Arrays.copyOf(keyOf, size);
        count = Arrays.copyOf(count, size);
        minMember = Arrays.copyOf(minMember, size);
        stamp = Arrays.copyOf(stamp, size);
        members = Arrays.copyOf(members, size);
        live = Arrays.copyOf(live, size);
        livePos = Arrays.copyOf(livePos, size);
      }
      keyOf[c] = key;
      count[c] = 0;
      stamp[c] = ++stamps;
      members[c] = null;
      ids.put(key, c);
      livePos[c] = liveCount;
      live[liveCount++] = c;
      return c;
    }

    private void join(int c, int n) {
      classOf[n] = c;
      if (count[c] == 0) {
        minMember[c] = n;
      } else {
        if (members[c] == null) {
          members[c] = new TreeSet<>();
          members[c].add(minMember[c]);
        }
        members[c].add(n);
        minMember[c] = Math.min(minMember[c], n);
      }
      count[c]++;
    }

    private void leave(int c, int n) {
      classOf[n] = -1;
      if (--count[c] == 0) {
        ids.remove(keyOf[c]);
        keyOf[c] = null;
        int pos = livePos[c];
        int last = live[--liveCount];
        live[pos] = last;
        livePos[last] = pos;
        if (freeCount == freeIds.length) {
          freeIds = Arrays.copyOf(freeIds, 2 * freeCount);
        }
        freeIds[freeCount++] = c;
        return;
      }
      TreeSet<Integer> set = members[c];
      set.remove(n);
      minMember[c] = set.first();
      if (count[c] == 1) {
        members[c] = null;
      }
    }
  }
}
