package io.gpuautoscaler.core.sim;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.GpuAutoscalerException;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.sharing.LatencyClass;
import io.gpuautoscaler.api.sharing.SharingDecision;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingPolicy;
import io.gpuautoscaler.api.sharing.SharingRules;
import io.gpuautoscaler.api.sharing.SharingSelector;
import io.gpuautoscaler.api.sharing.SharingWorkload;
import io.gpuautoscaler.api.sharing.WorkloadKind;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
import io.gpuautoscaler.core.sharing.ReplicatedPlanner;
import io.gpuautoscaler.core.sharing.mps.MpsPlanner;
import io.gpuautoscaler.core.sharing.timeslicing.TimeSlicingPlanner;
import io.gpuautoscaler.core.trace.Trace;
import io.gpuautoscaler.core.trace.TracePod;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays a trace under a GPU sharing scheme and measures how many jobs each GPU hosts: the
 * experiment behind {@code gpu-autoscaler simulate --sharing}.
 *
 * <p><b>Protocol.</b> The same as {@link Simulator}'s, so that runs with the same seed see the very
 * same pods in the same order on the same node order: the pods sorted by name and shuffled, random
 * clones appended until 130 % of the GPU capacity has arrived (counted as the trace requests it,
 * fractions included, under every scheme), the nodes in a seeded order, one placement attempt per
 * pod, nothing ever leaves.
 *
 * <p><b>Schemes.</b> Under {@link SharingScheme#EXCLUSIVE} every GPU pod takes whole GPUs, a
 * fractional one rounded up to one GPU. Under {@link SharingScheme#AUTO} the {@link
 * SharingSelector} decides per pod and per GPU model (as an admission webhook that knows the node
 * would): whole GPUs, a MIG profile on MIG-capable models, an MPS client or a time-slice replica.
 * MPS and time-slicing follow the planners' rules ({@link MpsPlanner}, {@link TimeSlicingPlanner}):
 * one config with one replicas count per node, so a node is either not replicated (whole GPUs, MIG)
 * or replicated in one mode; MPS clients within {@code 100 / R} % of the threads and {@code memory
 * / R}; time-slice clients within the GPU's memory and compute in sum. MIG instances fit by the
 * compute and memory slice totals, which the placement tables make equivalent to a valid placement
 * on every catalog model.
 *
 * <p><b>Placement.</b> Sharing-aware best fit, the same for both schemes: a shared pod goes to the
 * fullest GPU that holds it, else an idle GPU of a node already in that mode, else the smallest
 * idle node (switched to the mode); whole GPUs go to the node in use with the fewest idle GPUs
 * left, else the smallest idle node that has enough; CPU-only pods to the node with the least CPU
 * left. Ties go to the seeded node order. Node CPU and memory are respected.
 *
 * <p><b>Pods.</b> A trace pod's kind and latency class come from its QoS label: {@code LS}
 * (latency-sensitive) is {@link WorkloadKind#INFERENCE} and {@link LatencyClass#SENSITIVE}, every
 * other pod {@link WorkloadKind#BATCH} and {@link LatencyClass#TOLERANT}; no pod needs isolation.
 * Traces state no GPU memory per pod, so a pod needs its GPU share of the model's memory. A model
 * the catalog does not know gets neither MIG nor MPS; it can be time-sliced, with memory counted as
 * a share of the GPU. {@link SharingReport#notes()} lists which of these applied.
 *
 * <p>Thread-safe: runs share only immutable inputs.
 */
@Beta
public final class SharingReplay {
  private static final int FRESH = 0;
  private static final int PLAIN = 1;
  private static final int MPS = 2;
  private static final int TS = 3;

  private static final int K_EXCLUSIVE = 0;
  private static final int K_MIG = 1;
  private static final int K_MPS = 2;
  private static final int K_TS = 3;

  /** The QoS label value of latency-sensitive pods in the Alibaba trace. */
  public static final String LATENCY_SENSITIVE_QOS = "LS";

  private final Trace trace;
  private final ReplayOptions options;
  private final SharingSelector selector;
  private final SharingPolicy policy;
  private final Simulator protocol;
  private final long capacityMilli;
  private final List<ModelInfo> models = new ArrayList<>();
  private final Map<String, Integer> modelIndex = new HashMap<>();
  private final List<String> notes = new ArrayList<>();

  /** What the replay knows of one GPU model of the cluster. */
  private record ModelInfo(
      String name,
      Optional<GpuModel> model,
      long memory,
      int mpsCap,
      int tsReplicas,
      Optional<MigGeometry> mig) {}

  /**
   * @param trace the cluster and pods
   * @param options the protocol
   * @param selector decides per pod under {@link SharingScheme#AUTO}
   * @param policy the selector's policy; its default rules' {@code maxReplicas} also caps the
   *     replicas of every replicated node
   * @param catalog where GPU models are looked up
   * @throws IllegalArgumentException if the trace has no GPU capacity or no GPU pod
   */
  public SharingReplay(
      Trace trace,
      ReplayOptions options,
      SharingSelector selector,
      SharingPolicy policy,
      GpuCatalog catalog) {
    this.trace = requireNonNull(trace, "trace");
    this.options = requireNonNull(options, "options");
    this.selector = requireNonNull(selector, "selector");
    this.policy = requireNonNull(policy, "policy");
    requireNonNull(catalog, "catalog");
    this.protocol =
        new Simulator(
            trace, ProviderRegistry.of(PackingStrategy.Provider.class, List.of()), options);
    this.capacityMilli = protocol.capacityMilli();
    SharingRules rules = policy.defaults();
    TreeSet<String> unknown = new TreeSet<>();
    Map<String, Long> unknownGpus = new TreeMap<>();
    for (GpuNode node : trace.nodes()) {
      if (node.gpuCount() == 0 || modelIndex.containsKey(node.gpuModel())) {
        if (node.gpuCount() > 0 && models.get(modelIndex.get(node.gpuModel())).model().isEmpty()) {
          unknownGpus.merge(node.gpuModel(), (long) node.gpuCount(), Long::sum);
        }
        continue;
      }
      Optional<GpuModel> model = catalog.find(node.gpuModel());
      if (model.isEmpty()) {
        unknown.add(node.gpuModel());
        unknownGpus.merge(node.gpuModel(), (long) node.gpuCount(), Long::sum);
      }
      // An unknown model's memory is counted in thousandths of the GPU, as its pods' shares are.
      long memory = model.map(GpuModel::memoryMiB).orElse(1000L);
      int typicalMilli = typicalShareMilli(trace.workloads(), node.gpuModel());
      long typicalMemory = Math.max(1, (long) Math.ceil(typicalMilli / 1000.0 * memory));
      modelIndex.put(node.gpuModel(), models.size());
      models.add(
          new ModelInfo(
              node.gpuModel(),
              model,
              memory,
              model.map(m -> Math.min(rules.maxReplicas(), m.mpsClientLimit())).orElse(0),
              TimeSlicingPlanner.replicasFor(memory, typicalMemory, rules.maxReplicas()),
              model.flatMap(GpuModel::mig)));
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "sharing rules: modes %s, shared up to %d milli of compute, min utilization gain %s,"
                + " time-slicing for latency-sensitive %s, MIG for isolation %s, max replicas %d",
            rules.allowedModes().stream().map(SharingMode::label).toList(),
            rules.maxSharedComputeMilli(),
            rules.minUtilizationGain(),
            rules.timeSlicingForLatencySensitive(),
            rules.migForIsolation(),
            rules.maxReplicas()));
    notes.add(
        "pods state no GPU memory: each needs its GPU share of the model's memory"
            + " (an MPS client's memory limit and compute limit then bind alike)");
    notes.add(
        "pod kind and latency from the QoS label: "
            + LATENCY_SENSITIVE_QOS
            + " = inference, latency-sensitive; others = batch, latency-tolerant; no pod needs"
            + " isolation");
    if (!unknown.isEmpty()) {
      StringBuilder sb = new StringBuilder("GPU models not in the catalog: ");
      unknownGpus.forEach((m, g) -> sb.append(m).append(" (").append(g).append(" GPUs) "));
      sb.append("- no MIG or MPS is assumed for them; they can only be time-sliced");
      notes.add(sb.toString());
    }
    List<String> mig =
        models.stream().filter(m -> m.mig().isPresent()).map(ModelInfo::name).toList();
    notes.add(mig.isEmpty() ? "no MIG-capable model in the cluster" : "MIG-capable models: " + mig);
  }

  private static int typicalShareMilli(List<Workload> pods, String model) {
    int[] shares =
        pods.stream()
            .filter(w -> w.sharesGpu() && w.allowsModel(model))
            .mapToInt(Workload::gpuMilli)
            .sorted()
            .toArray();
    return shares.length == 0 ? 500 : shares[(shares.length - 1) / 2];
  }

  /** The cluster's GPU capacity in milli. */
  public long capacityMilli() {
    return capacityMilli;
  }

  /** The assumptions this replay makes about the workload, for reports. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * Replays every scheme with every seed, on up to {@code threads} threads; the report does not
   * depend on the number of threads.
   */
  public SharingReport run(List<SharingScheme> schemes, List<Long> seeds, int threads) {
    if (schemes.isEmpty() || seeds.isEmpty()) {
      throw new IllegalArgumentException("need at least one scheme and one seed");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, schemes.size() * seeds.size()));
    try {
      List<List<Future<SharingRunResult>>> futures = new ArrayList<>();
      for (SharingScheme scheme : schemes) {
        List<Future<SharingRunResult>> perSeed = new ArrayList<>();
        for (long seed : seeds) {
          perSeed.add(pool.submit(() -> replay(scheme, seed)));
        }
        futures.add(perSeed);
      }
      List<SharingResult> results = new ArrayList<>();
      for (int s = 0; s < schemes.size(); s++) {
        List<SharingRunResult> runs = new ArrayList<>();
        for (Future<SharingRunResult> f : futures.get(s)) {
          runs.add(await(f));
        }
        results.add(aggregate(schemes.get(s), seeds, runs));
      }
      return new SharingReport(
          trace.description(),
          trace.nodes().size(),
          capacityMilli / Workload.WHOLE_GPU_MILLI,
          trace.pods().size(),
          options,
          results,
          notes);
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GpuAutoscalerException("sharing replay interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new GpuAutoscalerException("sharing replay failed: " + e.getCause(), e.getCause());
    }
  }

  private SharingResult aggregate(
      SharingScheme scheme, List<Long> seeds, List<SharingRunResult> runs) {
    List<SharingResult.Point> points = new ArrayList<>();
    for (int x = 0; x <= options.maxArrivedPct(); x++) {
      double[] jobs = new double[runs.size()];
      double[] used = new double[runs.size()];
      double[] unallocated = new double[runs.size()];
      for (int r = 0; r < runs.size(); r++) {
        jobs[r] = runs.get(r).jobsPerGpu()[x];
        used[r] = runs.get(r).gpusUsed()[x];
        unallocated[r] = runs.get(r).unallocatedPct()[x];
      }
      points.add(new SharingResult.Point(x, Stat.of(jobs), Stat.of(used), Stat.of(unallocated)));
    }
    return new SharingResult(scheme, seeds, points, runs);
  }

  /** How one pod shape gets a GPU of one model: a {@link SharingDecision} in numbers. */
  private record Choice(
      int kind,
      int gpus,
      long memory,
      int milli,
      int migCompute,
      int migMemory,
      int freshReplicas) {}

  /** The mutable cluster of one run. */
  private final class State {
    final int nodeCount;
    final int[] model;
    final int[] gpus;
    final int[] base;
    final long[] cpuFree;
    final long[] memFree;
    final int[] mode;
    final int[] replicas;
    final int[] idle;
    final int[] clients;
    final long[] memUsed;
    final int[] computeUsed;
    final boolean[] whole;
    final int[] migCompute;
    final int[] migMemory;
    int busyGpus;
    long runningGpuPods;
    double allocatedMilli;

    State(List<GpuNode> nodes) {
      nodeCount = nodes.size();
      model = new int[nodeCount];
      gpus = new int[nodeCount];
      base = new int[nodeCount];
      cpuFree = new long[nodeCount];
      memFree = new long[nodeCount];
      mode = new int[nodeCount];
      replicas = new int[nodeCount];
      idle = new int[nodeCount];
      int total = 0;
      for (int n = 0; n < nodeCount; n++) {
        GpuNode node = nodes.get(n);
        model[n] = node.gpuCount() == 0 ? -1 : modelIndex.get(node.gpuModel());
        gpus[n] = node.gpuCount();
        base[n] = total;
        total += node.gpuCount();
        cpuFree[n] = node.cpuMilli();
        memFree[n] = node.memoryMib();
        idle[n] = node.gpuCount();
      }
      clients = new int[total];
      memUsed = new long[total];
      computeUsed = new int[total];
      whole = new boolean[total];
      migCompute = new int[total];
      migMemory = new int[total];
    }

    boolean used(int g) {
      return whole[g] || clients[g] > 0 || migCompute[g] > 0;
    }

    void markUsed(int n, int g) {
      if (!used(g)) {
        busyGpus++;
        idle[n]--;
      }
    }
  }

  /**
   * One run of one scheme with one seed.
   *
   * @throws io.gpuautoscaler.api.ConfigurationException when the selector cannot decide
   */
  public SharingRunResult replay(SharingScheme scheme, long seed) {
    requireNonNull(scheme, "scheme");
    SplittableRandom random = new SplittableRandom(seed);
    List<Workload> pods = protocol.arrivals(random);
    List<GpuNode> nodes = new ArrayList<>(trace.nodes());
    Simulator.shuffle(nodes, random);
    State state = new State(nodes);
    String[] nodeModel = nodes.stream().map(GpuNode::gpuModel).toArray(String[]::new);
    Map<String, Choice[]> choices = new HashMap<>();
    EnumMap<SharingMode, Integer> byMode = new EnumMap<>(SharingMode.class);

    int count = pods.size();
    long[] arrived = new long[count];
    double[] jobs = new double[count];
    double[] used = new double[count];
    double[] allocated = new double[count];
    long arrivedMilli = 0;
    int placed = 0;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Workload pod = pods.get(i);
      Choice[] perModel =
          pod.requestsGpu()
              ? choices.computeIfAbsent(shapeKey(pod), k -> choose(scheme, pod))
              : null;
      int mode = place(state, pod, perModel, nodeModel);
      if (mode >= 0) {
        placed++;
        if (pod.requestsGpu()) {
          byMode.merge(SharingMode.values()[mode], 1, Integer::sum);
        }
      }
      arrivedMilli += pod.totalGpuMilli();
      arrived[i] = arrivedMilli;
      jobs[i] = state.busyGpus == 0 ? 0 : (double) state.runningGpuPods / state.busyGpus;
      used[i] = state.busyGpus;
      allocated[i] = state.allocatedMilli;
    }
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    int max = options.maxArrivedPct();
    double[] jobsAt = new double[max + 1];
    double[] usedAt = new double[max + 1];
    double[] unallocatedAt = new double[max + 1];
    int[][] ranges = Simulator.eventsPerPoint(arrived, capacityMilli, max);
    for (int x = 0; x <= max; x++) {
      int lo = ranges[x][0];
      int hi = ranges[x][1];
      double j = 0;
      double u = 0;
      double a = 0;
      for (int e = lo; e <= hi; e++) {
        j += jobs[e];
        u += used[e];
        a += allocated[e];
      }
      int n = hi - lo + 1;
      jobsAt[x] = j / n;
      usedAt[x] = u / n;
      unallocatedAt[x] = 100 - 100 * a / n / capacityMilli;
    }
    return new SharingRunResult(
        scheme,
        seed,
        count,
        placed,
        count - placed,
        jobsAt,
        usedAt,
        unallocatedAt,
        byMode,
        nodeConfigs(state),
        elapsed);
  }

  private Map<String, Integer> nodeConfigs(State s) {
    Map<String, Integer> configs = new TreeMap<>();
    for (int n = 0; n < s.nodeCount; n++) {
      if (s.mode[n] == MPS) {
        configs.merge(SharingMode.MPS.label() + "-" + s.replicas[n], 1, Integer::sum);
      } else if (s.mode[n] == TS) {
        configs.merge(SharingMode.TIME_SLICING.label() + "-" + s.replicas[n], 1, Integer::sum);
      } else if (s.mode[n] == PLAIN) {
        boolean mig = false;
        for (int g = s.base[n]; g < s.base[n] + s.gpus[n]; g++) {
          mig |= s.migCompute[g] > 0;
        }
        if (mig) {
          configs.merge(SharingMode.MIG.label(), 1, Integer::sum);
        }
      }
    }
    return configs;
  }

  private static String shapeKey(Workload pod) {
    return pod.gpuCount()
        + "|"
        + pod.gpuMilli()
        + "|"
        + pod.namespace()
        + "|"
        + pod.labels().getOrDefault(TracePod.QOS_LABEL, "");
  }

  /** The workload the selector sees for a trace pod (its model constraint is checked per node). */
  static SharingWorkload sharingWorkload(Workload pod) {
    boolean sensitive =
        LATENCY_SENSITIVE_QOS.equals(pod.labels().getOrDefault(TracePod.QOS_LABEL, ""));
    return new SharingWorkload(
        pod.name(),
        pod.namespace(),
        java.util.OptionalLong.empty(),
        pod.gpuMilli(),
        pod.gpuCount(),
        sensitive ? WorkloadKind.INFERENCE : WorkloadKind.BATCH,
        sensitive ? LatencyClass.SENSITIVE : LatencyClass.TOLERANT,
        false,
        Set.of());
  }

  private Choice[] choose(SharingScheme scheme, Workload pod) {
    Choice[] perModel = new Choice[models.size()];
    SharingWorkload workload = sharingWorkload(pod);
    for (int m = 0; m < perModel.length; m++) {
      ModelInfo info = models.get(m);
      long memory = Math.max(1, (long) Math.ceil(pod.gpuMilli() / 1000.0 * info.memory()));
      if (scheme == SharingScheme.EXCLUSIVE) {
        perModel[m] = new Choice(K_EXCLUSIVE, pod.gpuCount(), memory, 1000, 0, 0, 0);
        continue;
      }
      SharingDecision d = selector.select(workload, Set.of(info.name()), policy);
      perModel[m] =
          switch (d.mode()) {
            case EXCLUSIVE -> new Choice(K_EXCLUSIVE, d.gpuCount(), memory, 1000, 0, 0, 0);
            case MIG -> migChoice(info, d, memory, pod);
            case MPS ->
                new Choice(
                    K_MPS,
                    1,
                    memory,
                    pod.gpuMilli(),
                    0,
                    0,
                    MpsPlanner.replicasFor(info.memory(), info.mpsCap(), memory, pod.gpuMilli()));
            case TIME_SLICING ->
                new Choice(K_TS, 1, memory, pod.gpuMilli(), 0, 0, info.tsReplicas());
          };
      if (perModel[m].kind() == K_MPS && perModel[m].freshReplicas() < 2) {
        throw new IllegalStateException(
            "selector chose MPS for " + pod.name() + " on " + info.name() + " where it cannot fit");
      }
    }
    return perModel;
  }

  private static Choice migChoice(ModelInfo info, SharingDecision d, long memory, Workload pod) {
    MigGeometry g =
        info.mig()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "selector chose MIG for " + pod.name() + " on " + info.name()));
    MigProfile p = g.requireProfile(d.migProfile().orElseThrow());
    return new Choice(K_MIG, 1, memory, pod.gpuMilli(), p.computeSlices(), p.memorySlices(), 0);
  }

  /** Places one pod; returns the {@link SharingMode} ordinal it got, or -1 when it fits nowhere. */
  private int place(State s, Workload pod, Choice[] perModel, String[] nodeModel) {
    int bestNode = -1;
    int bestGpu = -1;
    long bestScore = Long.MAX_VALUE;
    for (int n = 0; n < s.nodeCount; n++) {
      if (s.cpuFree[n] < pod.cpuMilli() || s.memFree[n] < pod.memoryMib()) {
        continue;
      }
      if (!pod.requestsGpu()) {
        long score = s.cpuFree[n] - pod.cpuMilli();
        if (score < bestScore) {
          bestScore = score;
          bestNode = n;
        }
        continue;
      }
      if (s.gpus[n] == 0 || !pod.allowsModel(nodeModel[n])) {
        continue;
      }
      Choice c = perModel[s.model[n]];
      long score = Long.MAX_VALUE;
      int gpu = -1;
      switch (c.kind()) {
        case K_EXCLUSIVE -> {
          if ((s.mode[n] == FRESH || s.mode[n] == PLAIN) && s.idle[n] >= c.gpus()) {
            score = s.mode[n] == PLAIN ? s.idle[n] - c.gpus() : 1_000_000L + s.gpus[n];
          }
        }
        case K_MIG -> {
          if (s.mode[n] == FRESH || s.mode[n] == PLAIN) {
            MigGeometry g = models.get(s.model[n]).mig().orElseThrow();
            for (int i = s.base[n]; i < s.base[n] + s.gpus[n]; i++) {
              long sc = Long.MAX_VALUE;
              if (s.migCompute[i] > 0) {
                if (s.migCompute[i] + c.migCompute() <= g.computeSlices()
                    && s.migMemory[i] + c.migMemory() <= g.memorySlices()) {
                  sc = g.computeSlices() - s.migCompute[i] - c.migCompute();
                }
              } else if (!s.used(i)) {
                sc = s.mode[n] == PLAIN ? 1_000L + s.idle[n] : 1_000_000L + s.gpus[n];
              }
              if (sc < score) {
                score = sc;
                gpu = i;
              }
            }
          }
        }
        case K_MPS, K_TS -> {
          int wanted = c.kind() == K_MPS ? MPS : TS;
          if (s.mode[n] == wanted) {
            ModelInfo info = models.get(s.model[n]);
            int r = s.replicas[n];
            for (int i = s.base[n]; i < s.base[n] + s.gpus[n]; i++) {
              boolean fits =
                  c.kind() == K_MPS
                      ? s.clients[i] < r
                          && MpsPlanner.fitsLimits(r, info.memory(), c.memory(), c.milli())
                      : TimeSlicingPlanner.fits(
                          r,
                          info.memory(),
                          new ReplicatedPlanner.Load(s.clients[i], s.memUsed[i], s.computeUsed[i]),
                          c.memory(),
                          c.milli(),
                          false);
              if (fits) {
                long sc = s.clients[i] > 0 ? r - s.clients[i] : 1_000L + s.idle[n];
                if (sc < score) {
                  score = sc;
                  gpu = i;
                }
              }
            }
          } else if (s.mode[n] == FRESH && c.freshReplicas() >= 2) {
            score = 1_000_000L + s.gpus[n];
            gpu = s.base[n];
          }
        }
        default -> {}
      }
      if (score < bestScore) {
        bestScore = score;
        bestNode = n;
        bestGpu = gpu;
      }
    }
    if (bestNode < 0) {
      return -1;
    }
    int n = bestNode;
    s.cpuFree[n] -= pod.cpuMilli();
    s.memFree[n] -= pod.memoryMib();
    if (!pod.requestsGpu()) {
      return SharingMode.EXCLUSIVE.ordinal();
    }
    s.runningGpuPods++;
    Choice c = perModel[s.model[n]];
    switch (c.kind()) {
      case K_EXCLUSIVE -> {
        s.mode[n] = PLAIN;
        int left = c.gpus();
        for (int i = s.base[n]; i < s.base[n] + s.gpus[n] && left > 0; i++) {
          if (!s.used(i)) {
            s.markUsed(n, i);
            s.whole[i] = true;
            left--;
          }
        }
        s.allocatedMilli += 1000.0 * c.gpus();
        return SharingMode.EXCLUSIVE.ordinal();
      }
      case K_MIG -> {
        s.mode[n] = PLAIN;
        s.markUsed(n, bestGpu);
        s.migCompute[bestGpu] += c.migCompute();
        s.migMemory[bestGpu] += c.migMemory();
        MigGeometry g = models.get(s.model[n]).mig().orElseThrow();
        s.allocatedMilli += 1000.0 * c.migCompute() / g.computeSlices();
        return SharingMode.MIG.ordinal();
      }
      default -> {
        if (s.mode[n] == FRESH) {
          s.mode[n] = c.kind() == K_MPS ? MPS : TS;
          s.replicas[n] = c.freshReplicas();
        }
        s.markUsed(n, bestGpu);
        s.clients[bestGpu]++;
        s.memUsed[bestGpu] += c.memory();
        s.computeUsed[bestGpu] += c.milli();
        s.allocatedMilli += 1000.0 / s.replicas[n];
        return c.kind() == K_MPS ? SharingMode.MPS.ordinal() : SharingMode.TIME_SLICING.ordinal();
      }
    }
  }

  /** For reports: the placed GPU pods of a run by mode, as {@code mode=count} pairs. */
  public static String describeModes(Map<SharingMode, Integer> byMode) {
    Map<String, Integer> named = new LinkedHashMap<>();
    for (SharingMode m : SharingMode.values()) {
      if (byMode.containsKey(m)) {
        named.put(m.label(), byMode.get(m));
      }
    }
    return named.toString().replace("{", "").replace("}", "").replace(" ", "");
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "SharingReplay[%s]", trace.description());
  }
}
