package io.gpuautoscaler.core.cluster;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Workload;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.LongUnaryOperator;

/**
 * Segment trees over a {@link ClusterState}'s nodes in index order, which answer "the first node
 * that fits" and "the best node by leftover that fits" without visiting every node in the common
 * case: a segment that cannot hold a demand, or cannot beat the best node found so far, is skipped
 * whole. The searches return exactly the node a scan in index order would; they cost O(log n) per
 * segment they cannot skip, and an update costs O(log n).
 *
 * <p><b>Why the summaries are not per dimension.</b> In a well-packed cluster nearly every segment
 * holds a node with a free GPU but little CPU, another with CPU but no free GPU, and a nearly full
 * one with a tiny leftover that fits nothing. Maxima and minima taken per dimension then prune
 * almost nothing: best-fit on 10,000 nodes visited thousands of segments per decision. So a segment
 * keeps its summaries per <em>GPU level</em> (see {@code SHARE_STEP}; the nodes with at least the
 * free share, or the number of wholly free GPUs, that a demand of that level needs, so that the
 * levels nest):
 *
 * <ul>
 *   <li>always: the largest free CPU among its nodes at each level or above, which decides whether
 *       some single node has both the GPU and the CPU (first-fit, and every search's fit test);
 *       plus the largest memory, single-GPU share and leftover key (worst-fit's bound) and the
 *       union of GPU models;
 *   <li>from the first search by a score that falls as the key grows (best-fit): the smallest
 *       {@linkplain ClusterState#leftoverKey(int) leftover key} among its nodes at each GPU level
 *       and CPU class or above, and per finer CPU level alone (for CPU-only demands). Only these
 *       bound a best-fit search well; first-fit and worst-fit never pay for keeping them.
 * </ul>
 *
 * Every summary holds for every node that fits, so no search skips a node a scan would choose.
 *
 * <p>The leaves are blocks of 16 consecutive nodes, scanned one by one. When the cluster has
 * several GPU models, the first {@link #best} search for a demand restricted to some of them also
 * builds one tree per model, over that model's nodes; such demands then search only their models'
 * trees, where the bounds are not spoilt by other models' nodes. Memory: about 30 bytes per node
 * and tree, about 110 with the best-fit summaries (2.2 MB for 10,000 nodes, both trees kept).
 *
 * <p><b>Answers per request shape.</b> Even so, a best-fit search on a large, nearly full cluster
 * visits many leaves: its scores are whole percents, thousands of nodes tie for the best one, and
 * the search must find the lowest-index of them. Requests come from few shapes, so {@link
 * #best(Demand, LongUnaryOperator, boolean, Object)} remembers each shape's answer and keeps it
 * exact from the state's change log ({@link ClusterState#changesSince}): a repeat on an unchanged
 * state costs a hash lookup, and after changes it scores only the changed nodes; if the remembered
 * node itself got worse (best-fit just filled it), it looks for the next node that ties with its
 * old score, usually a few leaves on. Not thread-safe, like its state.
 */
@Beta
public final class NodeIndex {
  /** Nodes per leaf. */
  private static final int BLOCK = 16;

  /**
   * A node whose largest free single-GPU share {@code m} is below a whole GPU is at GPU level
   * {@code m / SHARE_STEP}; a node with {@code k >= 1} wholly free GPUs is at level {@code
   * SHARE_LEVELS + k - 1}, capped at {@code MAX_LEVELS - 1}.
   */
  private static final int SHARE_STEP = 100;

  private static final int SHARE_LEVELS = Workload.WHOLE_GPU_MILLI / SHARE_STEP;

  /** At most 64 levels, so that a set of them fits a long. */
  private static final int MAX_LEVELS = 64;

  /**
   * CPU level {@code j} holds the nodes with at least {@code CPU_FLOOR[j] = 1000 (2^(j/4) - 1)}
   * millicores free: steps of about 19 %. The coarser CPU class is {@code j / 4}: at least 0, 1, 3,
   * 7, 15, 31, 63 or 127 cores.
   */
  private static final int CPU_LEVELS = 32;

  private static final int CPU_CLASSES = CPU_LEVELS / 4;
  private static final long[] CPU_FLOOR = new long[CPU_LEVELS];

  static {
    for (int j = 0; j < CPU_LEVELS; j++) {
      CPU_FLOOR[j] = Math.round(1000 * (Math.pow(2, j / 4.0) - 1));
    }
  }

  /**
   * The key summaries hold 16-bit codes, {@code 1 + floor(key / keyQuantum)} up to {@code TOP}: an
   * update rewrites a few dozen of them per tree level, and their size decides its cost. A code
   * decodes to a floor of its key, which still bounds it from below, so the searches stay exact.
   * Code 0 stands for a negative key (only in a state copied from an odd view) and decodes to no
   * bound at all; {@code NONE} means "no node".
   */
  private static final char NONE = 0xFFFF;

  private static final int TOP = 0xFFFE;

  private final ClusterState state;
  private final int maxGpus;
  private final int levels;

  /** 1/65,533 of the largest possible key: 0.15 % of one best-fit score point. */
  private final long keyQuantum;

  /** Each node's GPU level, CPU level and key code, worked out once per change of the node. */
  private final int[] nodeGpuLevel;

  private final int[] nodeCpuLevel;
  private final char[] nodeKey;

  private boolean withKeys;
  private Tree all;

  /** One tree per GPU model id, built on the first model-restricted search; null until then. */
  private Tree[] byModel;

  /** A node's position in its model's tree. */
  private int[] positionInModel;

  /**
   * The answers of {@link #best(Demand, LongUnaryOperator, boolean, Object)} per score and demand
   * shape, each with the clock it holds at. Cleared when it reaches {@link #MAX_ANSWERS} shapes.
   */
  private final HashMap<Shape, Answer> answers = new HashMap<>();

  private static final int MAX_ANSWERS = 1 << 14;

  /** The search {@link #revise} brings up to date; its state while it reads the change log. */
  private Demand reviseDemand;

  private LongUnaryOperator reviseScore;
  private int reviseNode;
  private long reviseBest;
  private final IntConsumer reviseChanged = this::reviseChanged;

  NodeIndex(ClusterState state) {
    this.state = state;
    int n = state.nodeCount();
    int gpus = 0;
    for (int i = 0; i < n; i++) {
      gpus = Math.max(gpus, state.gpuCount(i));
    }
    maxGpus = gpus;
    levels = Math.min(MAX_LEVELS, SHARE_LEVELS + maxGpus);
    // No free value exceeds its node's capacity, so leftoverKey <= 2 maxCpu maxGpu; a larger
    // key (a state copied from an odd view) gets the top code, still a lower bound.
    long largestKey = 2 * state.maxNodeCpuMilli() * state.maxNodeGpuMilli();
    keyQuantum = Math.max(1, (largestKey + TOP - 2) / (TOP - 1));
    nodeGpuLevel = new int[n];
    nodeCpuLevel = new int[n];
    nodeKey = new char[n];
    for (int i = 0; i < n; i++) {
      describe(i);
    }
    all = new Tree(identity(n), false);
  }

  private static int[] identity(int n) {
    int[] members = new int[n];
    Arrays.setAll(members, i -> i);
    return members;
  }

  void update(int node) {
    // A node counts in the summary cells at or under its (GPU level, CPU level), before and after.
    int levelBefore = nodeGpuLevel[node];
    int cpuLevelBefore = nodeCpuLevel[node];
    describe(node);
    int level = Math.max(levelBefore, nodeGpuLevel[node]);
    int cpuLevel = Math.max(cpuLevelBefore, nodeCpuLevel[node]);
    all.update(node, level, cpuLevel);
    if (byModel != null && state.modelId(node) >= 0) {
      byModel[state.modelId(node)].update(positionInModel[node], level, cpuLevel);
    }
  }

  private void describe(int node) {
    int share = state.maxFreeGpuMilli(node);
    nodeGpuLevel[node] =
        share < Workload.WHOLE_GPU_MILLI
            ? share / SHARE_STEP
            : Math.min(levels - 1, SHARE_LEVELS + state.wholeFreeGpus(node) - 1);
    nodeCpuLevel[node] = cpuLevel(state.freeCpuRaw(node));
    long key = state.leftoverKey(node);
    nodeKey[node] = key < 0 ? 0 : (char) Math.min(TOP, 1 + key / keyQuantum);
  }

  /** The lowest GPU level a node must have for {@code d} to fit on it; -1 if none can have it. */
  private int gpuLevel(Demand d) {
    if (d.gpuCount() == 0) {
      return 0;
    }
    if (d.gpuMilli() < Workload.WHOLE_GPU_MILLI) {
      return d.gpuMilli() / SHARE_STEP;
    }
    return d.gpuCount() > maxGpus ? -1 : Math.min(levels - 1, SHARE_LEVELS + d.gpuCount() - 1);
  }

  private static int cpuLevel(long cpuMilli) {
    if (cpuMilli < CPU_FLOOR[1]) {
      return 0;
    }
    // CPU_FLOOR[4k] = 1000 (2^k - 1) exactly, so the log gives the level to within 3 steps.
    int j = 4 * (63 - Long.numberOfLeadingZeros(cpuMilli / 1000 + 1));
    if (j >= CPU_LEVELS) {
      return CPU_LEVELS - 1;
    }
    while (j + 1 < CPU_LEVELS && CPU_FLOOR[j + 1] <= cpuMilli) {
      j++;
    }
    return j;
  }

  /** Whether {@code d} is searched in its models' trees (building them the first time). */
  private boolean restrictedToModels(Demand d) {
    int models = state.modelNames().size();
    if (models < 2 || d.gpuCount() == 0 || d.allowedModelIds().length == 0) {
      return false;
    }
    if (byModel == null) {
      buildModelTrees(models);
    }
    return true;
  }

  private void buildModelTrees(int models) {
    int n = state.nodeCount();
    positionInModel = new int[n];
    int[] counts = new int[models];
    for (int i = 0; i < n; i++) {
      if (state.modelId(i) >= 0) {
        positionInModel[i] = counts[state.modelId(i)]++;
      }
    }
    int[][] members = new int[models][];
    for (int m = 0; m < models; m++) {
      members[m] = new int[counts[m]];
    }
    for (int i = 0; i < n; i++) {
      if (state.modelId(i) >= 0) {
        members[state.modelId(i)][positionInModel[i]] = i;
      }
    }
    byModel = new Tree[models];
    for (int m = 0; m < models; m++) {
      byModel[m] = new Tree(members[m], withKeys);
    }
  }

  private void enableKeys() {
    withKeys = true;
    all = new Tree(all.members, true);
    if (byModel != null) {
      for (int m = 0; m < byModel.length; m++) {
        byModel[m] = new Tree(byModel[m].members, true);
      }
    }
  }

  /** The lowest-index node at or after {@code from} on which {@code d} fits, or -1. */
  public int firstFit(Demand d, int from) {
    if (from >= state.nodeCount()) {
      return -1;
    }
    Query q = new Query(d, gpuLevel(d));
    if (q.level < 0) {
      return -1;
    }
    // The whole cluster's tree even for a demand restricted to some models: the first node that
    // fits comes early when models are interleaved, and a first-fit state then never pays for
    // keeping the models' trees current.
    return all.first(1, 0, all.size, q, Math.max(0, from));
  }

  /**
   * The node that fits {@code d} with the highest {@code score(leftoverKey)}, the lowest index
   * among equals, or -1 when none fits.
   *
   * @param score maps a node's leftover key to its score; must be monotone in the key
   * @param decreasing true when the score never grows as the key grows (best-fit), false when it
   *     never shrinks (worst-fit); a segment's bound is then the score of the smallest key its
   *     fitting nodes can have, resp. of its largest key
   */
  public int best(Demand d, LongUnaryOperator score, boolean decreasing) {
    if (decreasing && !withKeys) {
      enableKeys();
    }
    Search s = new Search(d, gpuLevel(d), score, decreasing);
    if (s.level < 0) {
      return -1;
    }
    if (!restrictedToModels(d)) {
      s.start(all);
    } else {
      // The models' trees split the nodes; one search across them keeps its incumbent, so the
      // later trees are pruned by the best node of the earlier ones.
      for (int m = 0; m < byModel.length; m++) {
        if (d.allowedModelIds()[m]) {
          s.start(byModel[m]);
        }
      }
    }
    return s.bestNode;
  }

  /**
   * The same node as {@link #best(Demand, LongUnaryOperator, boolean)}, remembered per {@code
   * scoreId} and demand shape (CPU, memory, GPU count and share, allowed models) and kept exact
   * with the state's change log: a repeated shape on an unchanged state costs a hash lookup, and
   * after changes only the changed nodes are scored again. Exact because an unchanged node keeps
   * its fit and its score: the remembered node, if unchanged or changed to a score at least as high
   * (and still fitting), still beats every unchanged node, so the answer is the best of it and the
   * changed nodes. If it got worse or stopped fitting, the answer is the best of the changed nodes
   * and the first node after it that scores at least its old score, if there is one; if there is
   * none, or the log no longer reaches back (about 4,000 changes), the index is searched again.
   *
   * @param scoreId names {@code score} and {@code decreasing}: two calls with equal ids and equal
   *     demand shapes must pass the same score function, i.e. the score may depend only on the
   *     shape, the state's fixed capacities and the key
   */
  public int best(Demand d, LongUnaryOperator score, boolean decreasing, Object scoreId) {
    Shape shape = new Shape(scoreId, decreasing, d);
    long now = state.clock();
    Answer a = answers.get(shape);
    if (a != null) {
      if (a.clock == now || revise(a, d, score, decreasing)) {
        a.clock = now;
        return a.node;
      }
    } else {
      if (answers.size() >= MAX_ANSWERS) {
        answers.clear();
      }
      a = new Answer();
      answers.put(shape.keep(), a);
    }
    int node = best(d, score, decreasing);
    a.node = node;
    a.score = node < 0 ? 0 : score.applyAsLong(state.leftoverKey(node));
    a.clock = now;
    return node;
  }

  /**
   * Brings {@code a} from its clock to now by scoring only the nodes changed since; false when it
   * cannot (the remembered node got worse or stopped fitting, or the log is too short), and then
   * {@code a} is left as it was.
   */
  private boolean revise(Answer a, Demand d, LongUnaryOperator score, boolean decreasing) {
    int node = a.node;
    long best = a.score;
    boolean worse = false;
    if (node >= 0 && state.version(node) > a.clock) {
      long s = state.fits(node, d) ? score.applyAsLong(state.leftoverKey(node)) : Long.MIN_VALUE;
      if (s >= best) {
        best = s;
      } else {
        worse = true;
      }
    }
    reviseDemand = d;
    reviseScore = score;
    reviseNode = worse ? -1 : node;
    reviseBest = worse ? Long.MIN_VALUE : best;
    boolean complete = state.changesSince(a.clock, reviseChanged);
    reviseDemand = null;
    reviseScore = null;
    if (!complete) {
      return false;
    }
    if (worse) {
      // The remembered node got worse. Every unchanged node scores below its old score, or equal
      // with a higher index; so if some node scores at least that, the answer is a changed node
      // or the first node after the remembered one that scores at least that (nodes tie by the
      // thousand, so it usually lies a few leaves on). If none does, search the whole index.
      int next = firstAtLeast(d, score, decreasing, a.score, node);
      if (next < 0) {
        return false;
      }
      long s = score.applyAsLong(state.leftoverKey(next));
      if (reviseNode < 0 || s > reviseBest || (s == reviseBest && next < reviseNode)) {
        reviseNode = next;
        reviseBest = s;
      }
    }
    a.node = reviseNode;
    a.score = reviseBest;
    return true;
  }

  /**
   * The lowest-index node after {@code after} on which {@code d} fits with a score of at least
   * {@code target}, or -1.
   */
  private int firstAtLeast(
      Demand d, LongUnaryOperator score, boolean decreasing, long target, int after) {
    Search s = new Search(d, gpuLevel(d), score, decreasing);
    if (s.level < 0) {
      return -1;
    }
    if (!restrictedToModels(d)) {
      return s.firstAtLeast(all, 1, 0, all.size, target, after);
    }
    int found = -1;
    for (int m = 0; m < byModel.length; m++) {
      if (d.allowedModelIds()[m]) {
        int node = s.firstAtLeast(byModel[m], 1, 0, byModel[m].size, target, after);
        if (node >= 0 && (found < 0 || node < found)) {
          found = node;
        }
      }
    }
    return found;
  }

  private void reviseChanged(int node) {
    if (node != reviseNode && state.fits(node, reviseDemand)) {
      long s = reviseScore.applyAsLong(state.leftoverKey(node));
      if (reviseNode < 0 || s > reviseBest || (s == reviseBest && node < reviseNode)) {
        reviseNode = node;
        reviseBest = s;
      }
    }
  }

  /** A remembered answer: the best node (or -1) and its score, as of clock {@code clock}. */
  private static final class Answer {
    int node;
    long score;
    long clock;
  }

  /** What decides a cached search's answer on a given state. */
  private static final class Shape {
    final Object scoreId;
    final boolean decreasing;
    final long cpuMilli;
    final long memoryMib;
    final int gpuCount;
    final int gpuMilli;
    final boolean[] allowed;
    final int hash;

    Shape(Object scoreId, boolean decreasing, Demand d) {
      this.scoreId = Objects.requireNonNull(scoreId, "scoreId");
      this.decreasing = decreasing;
      this.cpuMilli = d.cpuMilli();
      this.memoryMib = d.memoryMib();
      this.gpuCount = d.gpuCount();
      this.gpuMilli = d.gpuMilli();
      this.allowed = d.allowedModelIds();
      int h = scoreId.hashCode();
      h = 31 * h + Boolean.hashCode(decreasing);
      h = 31 * h + Long.hashCode(cpuMilli);
      h = 31 * h + Long.hashCode(memoryMib);
      h = 31 * h + gpuCount;
      h = 31 * h + gpuMilli;
      h = 31 * h + Arrays.hashCode(allowed);
      this.hash = h;
    }

    private Shape(Shape s, boolean[] allowed) {
      this.scoreId = s.scoreId;
      this.decreasing = s.decreasing;
      this.cpuMilli = s.cpuMilli;
      this.memoryMib = s.memoryMib;
      this.gpuCount = s.gpuCount;
      this.gpuMilli = s.gpuMilli;
      this.allowed = allowed;
      this.hash = s.hash;
    }

    /** This shape with its own copy of the allowed models, to be kept as a key. */
    Shape keep() {
      return allowed.length == 0 ? this : new Shape(this, allowed.clone());
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Shape s
          && hash == s.hash
          && cpuMilli == s.cpuMilli
          && memoryMib == s.memoryMib
          && gpuCount == s.gpuCount
          && gpuMilli == s.gpuMilli
          && decreasing == s.decreasing
          && scoreId.equals(s.scoreId)
          && Arrays.equals(allowed, s.allowed);
    }
  }

  /** A demand with its levels worked out once per search. */
  private static class Query {
    final Demand d;
    final int level;
    final int cpuLevel;
    final int cpuClass;

    Query(Demand d, int level) {
      this.d = d;
      this.level = level;
      this.cpuLevel = cpuLevel(d.cpuMilli());
      this.cpuClass = cpuLevel >> 2;
    }
  }

  private final class Search extends Query {
    final LongUnaryOperator score;
    final boolean decreasing;
    long bestScore = Long.MIN_VALUE;
    int bestNode = -1;

    Search(Demand d, int level, LongUnaryOperator score, boolean decreasing) {
      super(d, level);
      this.score = score;
      this.decreasing = decreasing;
    }

    void start(Tree t) {
      if (t.mayFit(1, this)) {
        visit(t, 1, 0, bound(t, 1));
      }
    }

    /** The best score a fitting node of segment {@code p} can have; {@code p} must pass mayFit. */
    long bound(Tree t, int p) {
      if (!decreasing) {
        return score.applyAsLong(t.maxKey[p]);
      }
      int base = p * t.width;
      int code =
          Math.max(
              t.minKeys[base + level * CPU_CLASSES + cpuClass],
              t.minKeys[base + t.byCpu + cpuLevel]);
      return score.applyAsLong(code == 0 ? Long.MIN_VALUE : (code - 1) * keyQuantum);
    }

    /**
     * The lowest-index member after node {@code after} in segment {@code p} (first block {@code
     * block}, {@code blocks} blocks wide) that fits with a score of at least {@code target}, or -1.
     */
    int firstAtLeast(Tree t, int p, int block, int blocks, long target, int after) {
      int lo = block * BLOCK;
      if (lo >= t.members.length
          || t.members[Math.min(t.members.length, lo + blocks * BLOCK) - 1] <= after
          || !t.mayFit(p, this)
          || bound(t, p) < target) {
        return -1;
      }
      if (p >= t.size) {
        for (int i = lo, end = Math.min(t.members.length, lo + BLOCK); i < end; i++) {
          int node = t.members[i];
          if (node > after
              && state.fits(node, d)
              && score.applyAsLong(state.leftoverKey(node)) >= target) {
            return node;
          }
        }
        return -1;
      }
      int half = blocks >>> 1;
      int left = firstAtLeast(t, 2 * p, block, half, target, after);
      return left >= 0 ? left : firstAtLeast(t, 2 * p + 1, block + half, half, target, after);
    }

    /** {@code block} is the first block the segment covers; {@code b} its bound. */
    void visit(Tree t, int p, int block, long b) {
      if (bestNode >= 0
          && (b < bestScore || (b == bestScore && t.members[block * BLOCK] > bestNode))) {
        return;
      }
      if (p >= t.size) {
        for (int i = block * BLOCK, end = Math.min(t.members.length, i + BLOCK); i < end; i++) {
          int node = t.members[i];
          if (state.fits(node, d)) {
            long s = score.applyAsLong(state.leftoverKey(node));
            if (bestNode < 0 || s > bestScore || (s == bestScore && node < bestNode)) {
              bestScore = s;
              bestNode = node;
            }
          }
        }
        return;
      }
      int half = (t.size >>> (31 - Integer.numberOfLeadingZeros(p))) >>> 1;
      int l = 2 * p;
      int r = l + 1;
      boolean left = t.mayFit(l, this);
      boolean right = t.mayFit(r, this);
      if (left && right) {
        long bl = bound(t, l);
        long br = bound(t, r);
        // The more promising child first: a good incumbent early prunes more.
        if (br > bl) {
          visit(t, r, block + half, br);
          visit(t, l, block, bl);
        } else {
          visit(t, l, block, bl);
          visit(t, r, block + half, br);
        }
      } else if (left) {
        visit(t, l, block, bound(t, l));
      } else if (right) {
        visit(t, r, block + half, bound(t, r));
      }
    }
  }

  /**
   * A segment tree over {@code members} (node indices, ascending), {@code BLOCK} per leaf. Segment
   * {@code p}'s per-level summaries live at {@code p * levels + l} of {@link #maxCpu} and from
   * {@code p * width} in {@link #minKeys}.
   */
  private final class Tree {
    final int[] members;
    final int size;
    final long[] maxMem;
    final long[] mask;
    final int[] maxShare;
    final long[] maxKey;

    /** The largest free CPU among the segment's nodes at GPU level {@code l} or above; else -1. */
    final long[] maxCpu;

    /**
     * Null unless kept. The smallest key code among the segment's nodes at GPU level {@code l} and
     * CPU class {@code c} or above, at {@code [l * CPU_CLASSES + c]}; then, from {@link #byCpu},
     * among its nodes at CPU level {@code j} or above.
     */
    final char[] minKeys;

    final int byCpu = levels * CPU_CLASSES;
    final int width = byCpu + CPU_LEVELS;

    /**
     * The cells the next pull recomputes: levels in {@code levelSet}, CPU classes in {@code
     * classSet}, CPU levels in {@code cpuSet} (bit sets). A parent's cell changes only where its
     * child's did, so each pull narrows them to what it changed, and an update stops at a segment
     * that did not change. The cells at a node's own corner usually hold its key up to the root
     * (the other nodes there have more free), so the sets stay small rather than empty.
     */
    private long levelSet;

    private int classSet;
    private int cpuSet;

    Tree(int[] members, boolean withKeys) {
      this.members = members;
      int blocks = (members.length + BLOCK - 1) / BLOCK;
      int s = 1;
      while (s < Math.max(1, blocks)) {
        s <<= 1;
      }
      size = s;
      maxMem = new long[2 * s];
      mask = new long[2 * s];
      maxShare = new int[2 * s];
      maxKey = new long[2 * s];
      maxCpu = new long[2 * s * levels];
      minKeys = withKeys ? new char[2 * s * width] : null;
      Arrays.fill(maxMem, -1);
      Arrays.fill(maxKey, Long.MIN_VALUE);
      Arrays.fill(maxCpu, -1);
      if (minKeys != null) {
        Arrays.fill(minKeys, NONE);
      }
      for (int b = 0; b < blocks; b++) {
        setLeaf(b);
      }
      for (int p = s - 1; p >= 1; p--) {
        levelSet = -1L >>> (64 - levels);
        classSet = (1 << CPU_CLASSES) - 1;
        cpuSet = -1 >>> (32 - CPU_LEVELS);
        pull(p);
      }
    }

    void update(int position, int level, int cpuLevel) {
      int block = position / BLOCK;
      setLeaf(block);
      levelSet = -1L >>> (63 - level); // levels 0..level
      classSet = -1 >>> (31 - (cpuLevel >> 2));
      cpuSet = -1 >>> (31 - cpuLevel);
      for (int p = (size + block) >> 1; p >= 1 && pull(p); p >>= 1) {
        // An unchanged segment leaves its ancestors unchanged.
      }
    }

    private void setLeaf(int block) {
      int p = size + block;
      long mem = -1;
      long bits = 0;
      int share = 0;
      long keyMax = Long.MIN_VALUE;
      int cpuBase = p * levels;
      int k = p * width;
      Arrays.fill(maxCpu, cpuBase, cpuBase + levels, -1);
      if (minKeys != null) {
        Arrays.fill(minKeys, k, k + width, NONE);
      }
      for (int i = block * BLOCK, end = Math.min(members.length, i + BLOCK); i < end; i++) {
        int node = members[i];
        long cpu = state.freeCpuRaw(node);
        int level = nodeGpuLevel[node];
        mem = Math.max(mem, state.freeMemRaw(node));
        bits |= state.modelBit(node);
        share = Math.max(share, state.maxFreeGpuMilli(node));
        keyMax = Math.max(keyMax, state.leftoverKey(node));
        // Each node sets its own cell; the suffix passes below extend it to the cells under it.
        maxCpu[cpuBase + level] = Math.max(maxCpu[cpuBase + level], cpu);
        if (minKeys != null) {
          char code = nodeKey[node];
          int cpuLevel = nodeCpuLevel[node];
          int cell = k + level * CPU_CLASSES + (cpuLevel >> 2);
          minKeys[cell] = (char) Math.min(minKeys[cell], code);
          cell = k + byCpu + cpuLevel;
          minKeys[cell] = (char) Math.min(minKeys[cell], code);
        }
      }
      maxMem[p] = mem;
      mask[p] = bits;
      maxShare[p] = share;
      maxKey[p] = keyMax;
      for (int l = levels - 2; l >= 0; l--) {
        maxCpu[cpuBase + l] = Math.max(maxCpu[cpuBase + l], maxCpu[cpuBase + l + 1]);
      }
      if (minKeys == null) {
        return;
      }
      for (int j = k + byCpu + CPU_LEVELS - 2; j >= k + byCpu; j--) {
        minKeys[j] = (char) Math.min(minKeys[j], minKeys[j + 1]);
      }
      for (int l = levels - 1; l >= 0; l--) {
        int row = k + l * CPU_CLASSES;
        if (l + 1 < levels) {
          for (int c = 0; c < CPU_CLASSES; c++) {
            minKeys[row + c] = (char) Math.min(minKeys[row + c], minKeys[row + CPU_CLASSES + c]);
          }
        }
        for (int c = CPU_CLASSES - 2; c >= 0; c--) {
          minKeys[row + c] = (char) Math.min(minKeys[row + c], minKeys[row + c + 1]);
        }
      }
    }

    /**
     * Recomputes segment {@code p} from its children, within the cells named by {@link #levelSet},
     * {@link #classSet} and {@link #cpuSet}, and narrows those to the cells that changed. The loops
     * store unconditionally and collect what changed in bit sets, without a branch per cell: which
     * cells change is unpredictable.
     *
     * @return whether anything changed
     */
    private boolean pull(int p) {
      int l = 2 * p;
      int r = l + 1;
      long mem = Math.max(maxMem[l], maxMem[r]);
      long bits = mask[l] | mask[r];
      int share = Math.max(maxShare[l], maxShare[r]);
      long keyMax = Math.max(maxKey[l], maxKey[r]);
      boolean changed =
          mem != maxMem[p] || bits != mask[p] || share != maxShare[p] || keyMax != maxKey[p];
      maxMem[p] = mem;
      mask[p] = bits;
      maxShare[p] = share;
      maxKey[p] = keyMax;

      long changedLevels = 0;
      int pc = p * levels;
      int lc = l * levels;
      int rc = r * levels;
      for (long set = levelSet; set != 0; set &= set - 1) {
        int i = Long.numberOfTrailingZeros(set);
        long v = Math.max(maxCpu[lc + i], maxCpu[rc + i]);
        long diff = v ^ maxCpu[pc + i];
        changedLevels |= ((diff | -diff) >>> 63) << i;
        maxCpu[pc + i] = v;
      }
      if (minKeys == null) {
        levelSet = changedLevels;
        return changed || changedLevels != 0;
      }
      int changedClasses = 0;
      int pk = p * width;
      int lk = l * width;
      int rk = r * width;
      int firstClass = Integer.numberOfTrailingZeros(classSet);
      int lastClass = 31 - Integer.numberOfLeadingZeros(classSet);
      for (long set = classSet == 0 ? 0 : levelSet; set != 0; set &= set - 1) {
        int row = Long.numberOfTrailingZeros(set);
        int rowChanges = 0;
        for (int c = firstClass, cell = row * CPU_CLASSES + c; c <= lastClass; c++, cell++) {
          char v = (char) Math.min(minKeys[lk + cell], minKeys[rk + cell]);
          int diff = v ^ minKeys[pk + cell];
          rowChanges |= ((diff | -diff) >>> 31) << c;
          minKeys[pk + cell] = v;
        }
        changedLevels |= (long) ((rowChanges | -rowChanges) >>> 31) << row;
        changedClasses |= rowChanges;
      }
      int changedCpu = 0;
      for (int set = cpuSet; set != 0; set &= set - 1) {
        int j = Integer.numberOfTrailingZeros(set);
        int cell = byCpu + j;
        char v = (char) Math.min(minKeys[lk + cell], minKeys[rk + cell]);
        int diff = v ^ minKeys[pk + cell];
        changedCpu |= ((diff | -diff) >>> 31) << j;
        minKeys[pk + cell] = v;
      }
      // A level whose maxCpu changed while no key cell did keeps an empty class set: harmless.
      levelSet = changedLevels;
      classSet = changedClasses;
      cpuSet = changedCpu;
      return changed || changedLevels != 0 || changedCpu != 0;
    }

    /** Whether {@code d} may fit on some node of segment {@code p}: a necessary condition. */
    boolean mayFit(int p, Query q) {
      Demand d = q.d;
      if (maxMem[p] < d.memoryMib() || maxCpu[p * levels + q.level] < d.cpuMilli()) {
        return false; // also when no node has the GPU level: maxCpu is then -1
      }
      if (d.gpuCount() == 0) {
        return true;
      }
      if ((mask[p] & d.modelMask()) == 0) {
        return false;
      }
      return !d.sharesGpu() || maxShare[p] >= d.gpuMilli();
    }

    /** The first member at or after node {@code from} in segment {@code p} that fits, or -1. */
    int first(int p, int block, int blocks, Query q, int from) {
      int lo = block * BLOCK;
      if (lo >= members.length
          || members[Math.min(members.length, lo + blocks * BLOCK) - 1] < from
          || !mayFit(p, q)) {
        return -1;
      }
      if (p >= size) {
        for (int i = lo, end = Math.min(members.length, lo + BLOCK); i < end; i++) {
          int node = members[i];
          if (node >= from && state.fits(node, q.d)) {
            return node;
          }
        }
        return -1;
      }
      int half = blocks >>> 1;
      int left = first(2 * p, block, half, q, from);
      return left >= 0 ? left : first(2 * p + 1, block + half, half, q, from);
    }
  }
}
