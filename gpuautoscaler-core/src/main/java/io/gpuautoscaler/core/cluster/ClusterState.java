package io.gpuautoscaler.core.cluster;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Rejection;
import io.gpuautoscaler.api.model.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The mutable, indexed state of a cluster: each node's free CPU, memory and per-GPU share, and the
 * workloads placed on it. Strategies read it; {@link #apply} and {@link #release} change it.
 *
 * <p>It never over-commits: {@link #apply} refuses a placement that would take more CPU, memory or
 * GPU share than is free, and leaves the state untouched when it does. The hot path works on
 * primitive arrays; a segment tree over the nodes (in index order) answers "first node that fits"
 * and "node with the least (or most) weighted leftover that fits" without visiting every node in
 * the common case.
 *
 * <p>Node indices follow the order of the list the state was built from; that order is the
 * tie-break order of every built-in strategy. Not thread-safe, not even for concurrent reads: a
 * search builds parts of the {@linkplain #index() index} the first time it needs them.
 */
@Beta
public final class ClusterState implements ClusterView {
  /** Model ids at and above this share the last bit of a model mask. */
  static final int MASK_BITS = 63;

  private static final Rejection.Reason[] REASONS = Rejection.Reason.values();

  /** Changes kept by {@link #changesSince}: a power of two. */
  private static final int JOURNAL = 1 << 12;

  private final GpuNode[] nodes;
  private final Map<String, Integer> indexByName;
  private final List<String> modelNames;
  private final Map<String, Integer> modelIds;
  private final int[] modelId;

  private final long[] freeCpu;
  private final long[] freeMem;
  private final int[] gpuOffset;
  private final int[] gpuCount;
  private final int[] gpuFree;
  private final int[] freeGpuTotal;
  private final int[] wholeFreeGpus;
  private final int[] maxGpuFree;
  private final long[] version;
  private long clock;

  /**
   * The node changed at each of the last {@code journal.length} clock ticks, at {@code tick %
   * journal.length}. It starts small and doubles up to {@code JOURNAL} before it would overwrite a
   * tick, so it always holds every change while shorter: a full-size journal per state cost 16 KB
   * for every small or short-lived state (scale-up simulations, copies, reshapes).
   */
  private int[] journal = new int[16];

  private final int tagStride;
  private final int[] gpuWorkloadTags;
  private final int[] gpuWorkloads;
  private final List<List<Workload>> workloadsByNode;
  private final Map<String, Allocation> allocations;

  private final long totalGpuMilli;
  private long allocatedGpuMilli;
  private final long maxNodeCpuMilli;
  private final long maxNodeGpuMilli;

  /**
   * Built on the first {@link #index()} call: strategies that score every node never search it, and
   * would otherwise pay for keeping it current on every change.
   */
  private NodeIndex index;

  /** {@code gpus} is null for a workload copied from a foreign view, which does not say. */
  private record Allocation(Workload workload, int node, int[] gpus) {}

  private ClusterState(List<GpuNode> nodeList) {
    this(nodeList, 0);
  }

  /** {@code expectedWorkloads} sizes the allocation map, which otherwise grows by rehashing. */
  private ClusterState(List<GpuNode> nodeList, int expectedWorkloads) {
    allocations = new HashMap<>(Math.max(16, expectedWorkloads * 4 / 3 + 1));
    int n = nodeList.size();
    nodes = nodeList.toArray(new GpuNode[0]);
    indexByName = new HashMap<>(n * 2);
    modelNames = new ArrayList<>();
    modelIds = new LinkedHashMap<>();
    modelId = new int[n];
    freeCpu = new long[n];
    freeMem = new long[n];
    gpuOffset = new int[n + 1];
    gpuCount = new int[n];
    freeGpuTotal = new int[n];
    wholeFreeGpus = new int[n];
    maxGpuFree = new int[n];
    version = new long[n];
    workloadsByNode = new ArrayList<>(n);
    long cpuMax = 0;
    long gpuMax = 0;
    long gpuTotal = 0;
    int maxGpus = 0;
    for (int i = 0; i < n; i++) {
      GpuNode node = nodes[i];
      if (node == null) {
        // Not requireNonNull(x, "nodes[" + i + "]"): that message was built for every node.
        throw new NullPointerException("nodes[" + i + "]");
      }
      if (indexByName.putIfAbsent(node.name(), i) != null) {
        throw new IllegalArgumentException("two nodes are named " + node.name());
      }
      modelId[i] =
          node.gpuCount() == 0
              ? -1
              : modelIds.computeIfAbsent(
                  node.gpuModel(),
                  m -> {
                    modelNames.add(m);
                    return modelNames.size() - 1;
                  });
      freeCpu[i] = node.cpuMilli();
      freeMem[i] = node.memoryMib();
      gpuCount[i] = node.gpuCount();
      gpuOffset[i + 1] = Math.addExact(gpuOffset[i], node.gpuCount());
      freeGpuTotal[i] = node.gpuCount() * Workload.WHOLE_GPU_MILLI;
      wholeFreeGpus[i] = node.gpuCount();
      maxGpuFree[i] = node.gpuCount() == 0 ? 0 : Workload.WHOLE_GPU_MILLI;
      workloadsByNode.add(new ArrayList<>(4));
      cpuMax = Math.max(cpuMax, node.cpuMilli());
      gpuMax = Math.max(gpuMax, node.gpuMilliCapacity());
      gpuTotal += node.gpuMilliCapacity();
      maxGpus = Math.max(maxGpus, node.gpuCount());
    }
    gpuFree = new int[gpuOffset[n]];
    Arrays.fill(gpuFree, Workload.WHOLE_GPU_MILLI);
    tagStride = maxGpus + 1;
    gpuWorkloadTags = new int[n * tagStride];
    gpuWorkloads = new int[n];
    totalGpuMilli = gpuTotal;
    // Normalizers of the weighted leftover; at least 1 so that a cluster without CPU or GPU works.
    maxNodeCpuMilli = Math.max(1, cpuMax);
    maxNodeGpuMilli = Math.max(1, gpuMax);
  }

  /**
   * An empty cluster (nothing placed) of {@code nodes}, indexed in list order.
   *
   * @throws IllegalArgumentException if two nodes share a name
   */
  public static ClusterState of(List<GpuNode> nodes) {
    return new ClusterState(List.copyOf(nodes));
  }

  /**
   * {@code view} itself when it is a {@code ClusterState}; otherwise a new state with the same
   * nodes, the same free resources and the same workloads (which cannot be {@linkplain #release
   * released}, since a foreign view does not say which GPUs each took). O(nodes + GPUs) then.
   */
  public static ClusterState from(ClusterView view) {
    if (view instanceof ClusterState state) {
      return state;
    }
    List<GpuNode> list = new ArrayList<>(view.nodeCount());
    for (int i = 0; i < view.nodeCount(); i++) {
      list.add(view.node(i));
    }
    ClusterState state = new ClusterState(list);
    for (int i = 0; i < state.nodes.length; i++) {
      int[] free = new int[state.gpuCount[i]];
      for (int g = 0; g < free.length; g++) {
        free[g] = view.freeGpuMilli(i, g);
      }
      state.overwrite(i, view.freeCpuMilli(i), view.freeMemoryMib(i), free, view.workloadsOn(i));
    }
    return state;
  }

  private void overwrite(int n, long cpu, long mem, int[] free, List<Workload> workloads) {
    freeCpu[n] = cpu;
    freeMem[n] = mem;
    for (int g = 0; g < free.length; g++) {
      allocatedGpuMilli += Workload.WHOLE_GPU_MILLI - free[g];
      gpuFree[gpuOffset[n] + g] = free[g];
    }
    for (Workload w : workloads) {
      if (allocations.putIfAbsent(w.name(), new Allocation(w, n, null)) != null) {
        throw new IllegalArgumentException("the view places workload " + w.name() + " twice");
      }
      workloadsByNode.get(n).add(w);
      tag(n, w, +1);
    }
    refresh(n);
  }

  /**
   * An independent copy with the same nodes, free resources and placed workloads, which can be
   * changed (e.g. to try migrations) without touching this state. O(nodes + GPUs + workloads).
   */
  public ClusterState copy() {
    ClusterState c = new ClusterState(List.of(nodes), allocations.size());
    System.arraycopy(freeCpu, 0, c.freeCpu, 0, freeCpu.length);
    System.arraycopy(freeMem, 0, c.freeMem, 0, freeMem.length);
    System.arraycopy(gpuFree, 0, c.gpuFree, 0, gpuFree.length);
    System.arraycopy(gpuWorkloadTags, 0, c.gpuWorkloadTags, 0, gpuWorkloadTags.length);
    System.arraycopy(gpuWorkloads, 0, c.gpuWorkloads, 0, gpuWorkloads.length);
    for (int n = 0; n < nodes.length; n++) {
      c.workloadsByNode.get(n).addAll(workloadsByNode.get(n));
    }
    c.allocations.putAll(allocations);
    c.allocatedGpuMilli = allocatedGpuMilli;
    for (int n = 0; n < nodes.length; n++) {
      c.refresh(n);
    }
    return c;
  }

  /**
   * A new state over {@code nodes}, in that order, that keeps what is placed on the nodes it shares
   * with this one (matched by name): their free resources and their workloads, on the same GPUs, in
   * the same order. A node of this state missing from {@code nodes} is dropped with its workloads;
   * a node that is new starts empty. This state is left unchanged.
   *
   * <p>This is how a cluster whose nodes come and go keeps its state without replaying every
   * placement: O(nodes + GPUs + workloads) array copies, with no re-validation of the placements
   * (they were valid here). The new state is a new object, so strategies that cache per state
   * (bound to its identity) start afresh on it, as they would on a rebuilt state; its index is
   * built on first use, and its node versions and {@link #clock()} start afresh (one change per
   * kept node).
   *
   * @throws IllegalArgumentException if two nodes share a name, or a kept node's name now has
   *     another shape (CPU, memory, GPU count or model)
   */
  public ClusterState reshaped(List<GpuNode> nodes) {
    ClusterState next = new ClusterState(List.copyOf(nodes), allocations.size());
    int[] oldIndexOf = new int[next.nodes.length];
    for (int i = 0; i < next.nodes.length; i++) {
      Integer old = indexByName.get(next.nodes[i].name());
      oldIndexOf[i] = old == null ? -1 : old;
      if (old != null) {
        GpuNode was = this.nodes[old];
        GpuNode now = next.nodes[i];
        if (was.cpuMilli() != now.cpuMilli()
            || was.memoryMib() != now.memoryMib()
            || was.gpuCount() != now.gpuCount()
            || !was.gpuModel().equals(now.gpuModel())) {
          throw new IllegalArgumentException(
              "node " + now.name() + " changed shape: was " + was + ", now " + now);
        }
      }
    }
    int keptStride = Math.min(tagStride, next.tagStride);
    int[] newIndexOf = new int[this.nodes.length];
    Arrays.fill(newIndexOf, -1);
    for (int i = 0; i < next.nodes.length; i++) {
      int o = oldIndexOf[i];
      if (o < 0) {
        continue;
      }
      newIndexOf[o] = i;
      next.freeCpu[i] = freeCpu[o];
      next.freeMem[i] = freeMem[o];
      System.arraycopy(gpuFree, gpuOffset[o], next.gpuFree, next.gpuOffset[i], gpuCount[o]);
      for (int g = 0; g < gpuCount[o]; g++) {
        next.allocatedGpuMilli += Workload.WHOLE_GPU_MILLI - gpuFree[gpuOffset[o] + g];
      }
      // A tag k counts workloads taking k GPUs of this node, so k < both strides.
      System.arraycopy(
          gpuWorkloadTags, o * tagStride, next.gpuWorkloadTags, i * next.tagStride, keptStride);
      next.gpuWorkloads[i] = gpuWorkloads[o];
      next.workloadsByNode.get(i).addAll(workloadsByNode.get(o));
      next.refresh(i);
    }
    // One pass over the allocations rather than a lookup per workload: the lookups missed the
    // cache on every call, and this ran each time a node came or went.
    for (Map.Entry<String, Allocation> e : allocations.entrySet()) {
      Allocation a = e.getValue();
      int i = newIndexOf[a.node()];
      if (i >= 0) {
        next.allocations.put(
            e.getKey(), i == a.node() ? a : new Allocation(a.workload(), i, a.gpus()));
      }
    }
    return next;
  }

  // ---------------------------------------------------------------- ClusterView

  @Override
  public int nodeCount() {
    return nodes.length;
  }

  @Override
  public GpuNode node(int index) {
    return nodes[index];
  }

  @Override
  public OptionalInt indexOf(String name) {
    Integer i = indexByName.get(name);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  @Override
  public long freeCpuMilli(int node) {
    return freeCpu[node];
  }

  @Override
  public long freeMemoryMib(int node) {
    return freeMem[node];
  }

  @Override
  public int freeGpuMilli(int node, int gpu) {
    if (gpu < 0 || gpu >= gpuCount[node]) {
      throw new IndexOutOfBoundsException("node " + nodes[node].name() + " has no GPU " + gpu);
    }
    return gpuFree[gpuOffset[node] + gpu];
  }

  @Override
  public long version(int node) {
    return version[node];
  }

  /**
   * The number of changes made to this state so far: the largest {@linkplain #version(int) node
   * version}, 0 for a state on which nothing has changed since it was built.
   */
  public long clock() {
    return clock;
  }

  /**
   * Calls {@code action} with the node of every change made after clock {@code since}, oldest first
   * (a node once per change), so that a cache of per-node results need not visit every node to find
   * the stale ones. Returns false, and calls nothing, when the changes since then are too many to
   * have been kept (about 4,000); the caller then compares every node's {@link #version(int)}.
   *
   * @throws IllegalArgumentException if {@code since} is negative or after {@link #clock()}
   */
  public boolean changesSince(long since, IntConsumer action) {
    if (since < 0 || since > clock) {
      throw new IllegalArgumentException("since must be in 0.." + clock + ", was " + since);
    }
    if (clock - since > journal.length) {
      return false;
    }
    for (long tick = since + 1; tick <= clock; tick++) {
      action.accept(journal[(int) (tick & (journal.length - 1))]);
    }
    return true;
  }

  @Override
  public List<Workload> workloadsOn(int node) {
    return Collections.unmodifiableList(workloadsByNode.get(node));
  }

  @Override
  public boolean fits(int node, Workload workload) {
    return fits(node, demand(workload));
  }

  // ---------------------------------------------------------------- fast accessors

  /** Number of GPUs of a node. */
  public int gpuCount(int node) {
    return gpuCount[node];
  }

  /** Sum of the free shares of a node's GPUs, in milli. */
  public int freeGpuMilliTotal(int node) {
    return freeGpuTotal[node];
  }

  /** Number of a node's GPUs that are wholly free. */
  public int wholeFreeGpus(int node) {
    return wholeFreeGpus[node];
  }

  /** The largest free share of any one GPU of a node (0 without GPUs). */
  public int maxFreeGpuMilli(int node) {
    return maxGpuFree[node];
  }

  /** The node's GPU model id in this state, or -1 for a node without GPUs. */
  public int modelId(int node) {
    return modelId[node];
  }

  /** GPU model names by id. */
  public List<String> modelNames() {
    return Collections.unmodifiableList(modelNames);
  }

  /** The largest CPU capacity of any node, in millicores; at least 1. */
  public long maxNodeCpuMilli() {
    return maxNodeCpuMilli;
  }

  /** The largest GPU capacity of any node, in milli; at least 1. */
  public long maxNodeGpuMilli() {
    return maxNodeGpuMilli;
  }

  /** Total GPU capacity of the cluster, in milli. */
  public long totalGpuMilli() {
    return totalGpuMilli;
  }

  /** GPU milli allocated to placed workloads, summed over all GPUs. */
  public long allocatedGpuMilli() {
    return allocatedGpuMilli;
  }

  /** Number of workloads placed. */
  public int workloadCount() {
    return allocations.size();
  }

  /**
   * Number of GPU workloads on a node with the given affinity tag: tag 0 is "shares one GPU", tag
   * {@code k >= 1} is "takes k whole GPUs". CPU-only workloads have no tag.
   */
  public int gpuWorkloadsWithTag(int node, int tag) {
    return tag < tagStride ? gpuWorkloadTags[node * tagStride + tag] : 0;
  }

  /** Number of GPU workloads on a node. */
  public int gpuWorkloads(int node) {
    return gpuWorkloads[node];
  }

  /** The affinity tag of a demand, see {@link #gpuWorkloadsWithTag}; -1 for CPU-only. */
  public static int tagOf(Demand demand) {
    return !demand.requestsGpu() ? -1 : demand.sharesGpu() ? 0 : demand.gpuCount();
  }

  /** Copies the free shares of a node's GPUs into {@code into}, from index 0. */
  public void copyGpuFree(int node, int[] into) {
    System.arraycopy(gpuFree, gpuOffset[node], into, 0, gpuCount[node]);
  }

  /**
   * The free share of GPU {@code gpu} of {@code node}, without bounds checks beyond the array's.
   */
  public int gpuFree(int node, int gpu) {
    return gpuFree[gpuOffset[node] + gpu];
  }

  /** The segment trees over the nodes, built on the first call; for strategies in this library. */
  public NodeIndex index() {
    if (index == null) {
      index = new NodeIndex(this);
    }
    return index;
  }

  // ---------------------------------------------------------------- demands and fit

  /** The primitive form of {@code workload} for this state's hot path. */
  public Demand demand(Workload workload) {
    long mask;
    boolean[] allowed;
    if (workload.allowedGpuModels().isEmpty()) {
      mask = -1L;
      allowed = new boolean[0];
    } else {
      mask = 0;
      allowed = new boolean[Math.max(1, modelNames.size())];
      for (String model : workload.allowedGpuModels()) {
        Integer id = modelIds.get(model);
        if (id != null) {
          allowed[id] = true;
          mask |= 1L << Math.min(id, MASK_BITS);
        }
      }
    }
    return new Demand(
        workload,
        workload.cpuMilli(),
        workload.memoryMib(),
        workload.gpuCount(),
        workload.gpuMilli(),
        mask,
        allowed);
  }

  /** Whether {@code d} fits on {@code node} now. O(1). */
  public boolean fits(int node, Demand d) {
    if (freeCpu[node] < d.cpuMilli() || freeMem[node] < d.memoryMib()) {
      return false;
    }
    if (d.gpuCount() == 0) {
      return true;
    }
    if (!d.allowsModel(modelId[node])) {
      return false;
    }
    return d.gpuMilli() >= Workload.WHOLE_GPU_MILLI
        ? wholeFreeGpus[node] >= d.gpuCount()
        : maxGpuFree[node] >= d.gpuMilli();
  }

  /**
   * Explains why {@code workload} fits on no node, in kube-scheduler's style: every node is counted
   * under the first filter it fails (model, GPU count, CPU, memory, free GPUs or share), and the
   * reason is the filter with the most nodes. O(nodes).
   */
  public Rejection explain(Workload workload) {
    Demand d = demand(workload);
    if (nodes.length == 0) {
      return new Rejection(
          Rejection.Reason.NO_NODES, "0/0 nodes are available: the cluster is empty");
    }
    // Counted by ordinal, not in an EnumMap: this loop runs over every node for every workload
    // that fits nowhere, and boxing each count made it the bulk of a rejection's cost.
    int[] counts = new int[REASONS.length];
    int fitting = 0;
    for (int n = 0; n < nodes.length; n++) {
      Rejection.Reason r = firstFailure(n, d);
      if (r == null) {
        fitting++;
      } else {
        counts[r.ordinal()]++;
      }
    }
    if (fitting > 0) {
      return new Rejection(
          Rejection.Reason.DECLINED_BY_STRATEGY,
          fitting + "/" + nodes.length + " nodes fit " + workload.name() + " but none was chosen");
    }
    Rejection.Reason top = null;
    StringBuilder msg =
        new StringBuilder("0/").append(nodes.length).append(" nodes are available for ");
    msg.append(workload.name()).append(':');
    String sep = " ";
    for (Rejection.Reason reason : REASONS) {
      int count = counts[reason.ordinal()];
      if (count == 0) {
        continue;
      }
      if (top == null || count > counts[top.ordinal()]) {
        top = reason;
      }
      msg.append(sep)
          .append(count)
          .append(count == 1 ? " node " : " nodes ")
          .append(describe(reason, d, count == 1 ? "has" : "have"));
      sep = ", ";
    }
    return new Rejection(top, msg.append('.').toString());
  }

  private Rejection.Reason firstFailure(int n, Demand d) {
    if (d.requestsGpu() && (gpuCount[n] == 0 || !d.allowsModel(modelId[n]))) {
      return Rejection.Reason.GPU_MODEL_UNAVAILABLE;
    }
    if (d.requestsGpu() && gpuCount[n] < d.gpuCount()) {
      return Rejection.Reason.TOO_FEW_GPUS;
    }
    if (freeCpu[n] < d.cpuMilli()) {
      return Rejection.Reason.INSUFFICIENT_CPU;
    }
    if (freeMem[n] < d.memoryMib()) {
      return Rejection.Reason.INSUFFICIENT_MEMORY;
    }
    if (d.requestsGpu() && !fits(n, d)) {
      return d.sharesGpu()
          ? Rejection.Reason.INSUFFICIENT_GPU_SHARE
          : Rejection.Reason.INSUFFICIENT_FREE_GPUS;
    }
    return null;
  }

  private static String describe(Rejection.Reason reason, Demand d, String have) {
    Set<String> models = d.workload().allowedGpuModels();
    return switch (reason) {
      case GPU_MODEL_UNAVAILABLE ->
          models.isEmpty()
              ? have + " no GPU"
              : have + " no GPU of model " + String.join("|", models);
      case TOO_FEW_GPUS -> have + " fewer than " + d.gpuCount() + " GPUs";
      case INSUFFICIENT_CPU -> have + " less than " + d.cpuMilli() + "m CPU free";
      case INSUFFICIENT_MEMORY -> have + " less than " + d.memoryMib() + " MiB memory free";
      case INSUFFICIENT_FREE_GPUS -> have + " fewer than " + d.gpuCount() + " wholly free GPUs";
      case INSUFFICIENT_GPU_SHARE -> have + " no GPU with " + d.gpuMilli() + " milli free";
      case NO_NODES, DECLINED_BY_STRATEGY -> reason.name();
    };
  }

  // ---------------------------------------------------------------- changes

  /**
   * Places {@code workload} as {@code placement} says.
   *
   * @throws IllegalArgumentException if the placement names another workload, an unknown node or
   *     GPU, the wrong number of GPUs or share, or a model the workload does not allow
   * @throws IllegalStateException if the workload is already placed, or the node lacks the free
   *     CPU, memory or GPU share; the state is then unchanged
   */
  public void apply(Workload workload, Placement placement) {
    requireNonNull(workload, "workload");
    requireNonNull(placement, "placement");
    if (!placement.workloadName().equals(workload.name())) {
      throw new IllegalArgumentException(
          "placement is for " + placement.workloadName() + ", not " + workload.name());
    }
    if (allocations.containsKey(workload.name())) {
      throw new IllegalStateException(workload.name() + " is already placed");
    }
    Integer boxed = indexByName.get(placement.nodeName());
    if (boxed == null) {
      throw new IllegalArgumentException("no node named " + placement.nodeName());
    }
    int n = boxed;
    List<Integer> gpus = placement.gpuIndices();
    if (gpus.size() != workload.gpuCount() || placement.gpuMilliPerGpu() != workload.gpuMilli()) {
      throw new IllegalArgumentException(
          "placement of "
              + workload.name()
              + " takes "
              + gpus.size()
              + " GPU(s) x "
              + placement.gpuMilliPerGpu()
              + " milli; the workload asks "
              + workload.gpuCount()
              + " x "
              + workload.gpuMilli());
    }
    if (workload.requestsGpu() && !workload.allowsModel(nodes[n].gpuModel())) {
      throw new IllegalArgumentException(
          workload.name() + " does not allow GPU model " + nodes[n].gpuModel());
    }
    int[] gpuArray = new int[gpus.size()];
    for (int i = 0; i < gpuArray.length; i++) {
      int g = gpus.get(i);
      if (g >= gpuCount[n]) {
        throw new IllegalArgumentException(
            "node " + placement.nodeName() + " has " + gpuCount[n] + " GPUs, no GPU " + g);
      }
      if (gpuFree[gpuOffset[n] + g] < workload.gpuMilli()) {
        throw new IllegalStateException(
            "GPU "
                + g
                + " of "
                + placement.nodeName()
                + " has "
                + gpuFree[gpuOffset[n] + g]
                + " milli free, "
                + workload.name()
                + " needs "
                + workload.gpuMilli());
      }
      gpuArray[i] = g;
    }
    if (freeCpu[n] < workload.cpuMilli() || freeMem[n] < workload.memoryMib()) {
      throw new IllegalStateException(
          placement.nodeName()
              + " has "
              + freeCpu[n]
              + "m CPU and "
              + freeMem[n]
              + " MiB free; "
              + workload.name()
              + " needs "
              + workload.cpuMilli()
              + "m and "
              + workload.memoryMib()
              + " MiB");
    }
    freeCpu[n] -= workload.cpuMilli();
    freeMem[n] -= workload.memoryMib();
    for (int g : gpuArray) {
      gpuFree[gpuOffset[n] + g] -= workload.gpuMilli();
    }
    allocatedGpuMilli += workload.totalGpuMilli();
    allocations.put(workload.name(), new Allocation(workload, n, gpuArray));
    workloadsByNode.get(n).add(workload);
    tag(n, workload, +1);
    refresh(n);
  }

  /**
   * Removes a placed workload and frees what it took.
   *
   * @return the placement it had
   * @throws IllegalArgumentException if no workload of that name is placed
   */
  public Placement release(String workloadName) {
    Allocation a = allocations.get(requireNonNull(workloadName, "workloadName"));
    if (a == null) {
      throw new IllegalArgumentException("no placed workload named " + workloadName);
    }
    if (a.gpus() == null) {
      throw new IllegalStateException(
          workloadName + " was copied from a foreign view that does not say which GPUs it holds");
    }
    allocations.remove(workloadName);
    int n = a.node();
    Workload w = a.workload();
    freeCpu[n] += w.cpuMilli();
    freeMem[n] += w.memoryMib();
    List<Integer> gpus = new ArrayList<>(a.gpus().length);
    for (int g : a.gpus()) {
      gpuFree[gpuOffset[n] + g] += w.gpuMilli();
      gpus.add(g);
    }
    allocatedGpuMilli -= w.totalGpuMilli();
    workloadsByNode.get(n).remove(w);
    tag(n, w, -1);
    refresh(n);
    return new Placement(w.name(), nodes[n].name(), gpus, w.gpuMilli());
  }

  /** The placement of a placed workload, if it is placed. */
  public java.util.Optional<Placement> placementOf(String workloadName) {
    Allocation a = allocations.get(workloadName);
    if (a == null || a.gpus() == null) {
      return java.util.Optional.empty();
    }
    List<Integer> gpus = new ArrayList<>(a.gpus().length);
    for (int g : a.gpus()) {
      gpus.add(g);
    }
    return java.util.Optional.of(
        new Placement(workloadName, nodes[a.node()].name(), gpus, a.workload().gpuMilli()));
  }

  private void tag(int n, Workload w, int delta) {
    if (!w.requestsGpu()) {
      return;
    }
    int tag = w.sharesGpu() ? 0 : w.gpuCount();
    gpuWorkloadTags[n * tagStride + tag] += delta;
    gpuWorkloads[n] += delta;
  }

  private void refresh(int n) {
    int total = 0;
    int whole = 0;
    int max = 0;
    for (int i = gpuOffset[n], end = gpuOffset[n + 1]; i < end; i++) {
      int free = gpuFree[i];
      total += free;
      if (free == Workload.WHOLE_GPU_MILLI) {
        whole++;
      }
      if (free > max) {
        max = free;
      }
    }
    freeGpuTotal[n] = total;
    wholeFreeGpus[n] = whole;
    maxGpuFree[n] = max;
    version[n] = ++clock;
    if (clock > journal.length && journal.length < JOURNAL) {
      // Ticks 1..clock-1 are all kept (clock - 1 == journal.length): re-slot them in a larger ring.
      int[] larger = new int[journal.length * 2];
      for (long tick = 1; tick < clock; tick++) {
        larger[(int) (tick & (larger.length - 1))] = journal[(int) (tick & (journal.length - 1))];
      }
      journal = larger;
    }
    journal[(int) (clock & (journal.length - 1))] = n;
    if (index != null) {
      index.update(n);
    }
  }

  // package-private views for NodeIndex
  long freeCpuRaw(int n) {
    return freeCpu[n];
  }

  long freeMemRaw(int n) {
    return freeMem[n];
  }

  /**
   * The node's weighted leftover key, {@code freeCpu * maxNodeGpu + freeGpu * maxNodeCpu}: the sum
   * of the two free fractions on one common scale, used by best-fit and worst-fit.
   */
  public long leftoverKey(int n) {
    return freeCpu[n] * maxNodeGpuMilli + (long) freeGpuTotal[n] * maxNodeCpuMilli;
  }

  long modelBit(int n) {
    return modelId[n] < 0 ? 0 : 1L << Math.min(modelId[n], MASK_BITS);
  }

  @Override
  public String toString() {
    return "ClusterState["
        + nodes.length
        + " nodes, "
        + allocations.size()
        + " workloads, "
        + allocatedGpuMilli
        + "/"
        + totalGpuMilli
        + " GPU milli allocated]";
  }
}
