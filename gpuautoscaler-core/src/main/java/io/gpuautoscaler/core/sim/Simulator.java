package io.gpuautoscaler.core.sim;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.GpuAutoscalerException;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.bound.AllocationBound;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.fragmentation.FragmentationModel;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import io.gpuautoscaler.core.packing.BuiltinSettings;
import io.gpuautoscaler.core.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a trace with packing strategies under the FGD paper's protocol (Weng et al., ATC'23,
 * section 6): the pods sorted by name and shuffled by the seed; random clones of them appended
 * until the arrived GPU demand reaches {@link ReplayOptions#tuningRatio()} of capacity; the nodes
 * in a seeded random order, which decides every tie; one placement attempt per pod, no retry, no
 * preemption, nothing ever leaves. After every attempt the allocated GPU milli and the cluster's
 * fragmentation are recorded against the arrived demand (failed pods count as arrived), and the
 * curves average the events whose arrived % rounds to each integer.
 *
 * <p>The target workload (the typical pod shapes, 95 % coverage) is computed once from the trace
 * before any randomness; FGD gets it through the {@code target-workload} setting and every policy's
 * fragmentation is measured against it. One random generator per run, seeded with the run's seed,
 * draws the shuffle, the clones, the node order and (through the {@code seed} setting) the
 * strategy's own draws: the same trace, policy and seed give the same result.
 *
 * <p>Thread-safe: runs share only immutable inputs; {@link #run} runs them in parallel.
 */
@Beta
public final class Simulator {
  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
  private static final int PROGRESS_STEP = 256;

  private final Trace trace;
  private final ProviderRegistry<PackingStrategy.Provider> strategies;
  private final ReplayOptions options;
  private final List<Workload> sortedPods;
  private final java.util.Set<String> originalNames;
  private final TargetWorkload target;
  private final long capacityMilli;

  /**
   * @throws IllegalArgumentException if the trace has no GPU capacity or no GPU demand, so that the
   *     protocol's inflation cannot be done
   */
  public Simulator(
      Trace trace, ProviderRegistry<PackingStrategy.Provider> strategies, ReplayOptions options) {
    this.trace = requireNonNull(trace, "trace");
    this.strategies = requireNonNull(strategies, "strategies");
    this.options = requireNonNull(options, "options");
    this.sortedPods = new ArrayList<>(trace.workloads());
    sortedPods.sort(Comparator.comparing(Workload::name));
    this.originalNames = new java.util.HashSet<>();
    for (Workload w : sortedPods) {
      if (!originalNames.add(w.name())) {
        throw new IllegalArgumentException(
            trace.description() + ": two pods are named " + w.name());
      }
    }
    this.capacityMilli = trace.nodes().stream().mapToLong(GpuNode::gpuMilliCapacity).sum();
    if (capacityMilli == 0) {
      throw new IllegalArgumentException(trace.description() + ": the cluster has no GPUs");
    }
    if (sortedPods.stream().noneMatch(Workload::requestsGpu)) {
      throw new IllegalArgumentException(trace.description() + ": no pod requests a GPU");
    }
    this.target = TargetWorkload.typicalOf(trace.workloads(), options.targetCoverage());
  }

  /** The target workload of the trace: FGD's and the fragmentation metric's. */
  public TargetWorkload target() {
    return target;
  }

  /** The cluster's GPU capacity in milli. */
  public long capacityMilli() {
    return capacityMilli;
  }

  /** The arrived GPU milli a run reaches, at most; the unit of {@link #replay}'s progress. */
  public long arrivedMilliPerRun() {
    return (long) Math.floor(options.tuningRatio() * capacityMilli);
  }

  /**
   * Replays every policy with every seed, in parallel on up to {@code threads} threads.
   *
   * @param progress receives arrived GPU milli as runs advance; the total is {@code
   *     arrivedMilliPerRun() * policies * seeds} (slightly less: the last clone may not fit)
   * @throws ConfigurationException for an unknown policy name, before anything runs
   */
  public SimulationReport run(
      List<String> policies, List<Long> seeds, int threads, LongConsumer progress) {
    requireNonNull(progress, "progress");
    return run(
        policies,
        seeds,
        threads,
        new ReplayListener() {
          @Override
          public void arrived(long gpuMilli) {
            progress.accept(gpuMilli);
          }
        });
  }

  /**
   * Replays every policy with every seed, in parallel on up to {@code threads} threads. The report
   * does not depend on the number of threads.
   *
   * @param listener hears arrived GPU milli and finished runs, from the worker threads
   * @throws ConfigurationException for an unknown policy name, before anything runs
   */
  public SimulationReport run(
      List<String> policies, List<Long> seeds, int threads, ReplayListener listener) {
    requireNonNull(listener, "listener");
    if (policies.isEmpty() || seeds.isEmpty()) {
      throw new IllegalArgumentException("need at least one policy and one seed");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    for (String policy : policies) {
      strategies.require(policy);
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, policies.size() * seeds.size()));
    try {
      List<List<Future<RunResult>>> futures = new ArrayList<>();
      for (String policy : policies) {
        List<Future<RunResult>> perSeed = new ArrayList<>();
        for (long seed : seeds) {
          perSeed.add(
              pool.submit(
                  () -> {
                    RunResult result = replay(policy, seed, listener::arrived);
                    listener.runFinished(result);
                    return result;
                  }));
        }
        futures.add(perSeed);
      }
      List<Future<double[]>> bounds = new ArrayList<>();
      for (long seed : seeds) {
        bounds.add(pool.submit(() -> boundUnallocatedPct(seed)));
      }
      List<PolicyResult> results = new ArrayList<>();
      for (int p = 0; p < policies.size(); p++) {
        List<RunResult> runs = new ArrayList<>();
        for (Future<RunResult> f : futures.get(p)) {
          runs.add(await(f));
        }
        results.add(aggregate(policies.get(p), seeds, runs));
      }
      List<double[]> boundRuns = new ArrayList<>();
      for (Future<double[]> f : bounds) {
        boundRuns.add(await(f));
      }
      List<SimulationReport.BoundPoint> bound = new ArrayList<>();
      for (int x = 0; x <= options.maxArrivedPct(); x++) {
        double[] values = new double[boundRuns.size()];
        for (int r = 0; r < values.length; r++) {
          values[r] = boundRuns.get(r)[x];
        }
        bound.add(new SimulationReport.BoundPoint(x, Stat.of(values)));
      }
      return new SimulationReport(
          trace.description(),
          trace.nodes().size(),
          capacityMilli / Workload.WHOLE_GPU_MILLI,
          sortedPods.size(),
          options,
          results,
          bound);
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GpuAutoscalerException("simulation interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new GpuAutoscalerException("simulation run failed: " + e.getCause(), e.getCause());
    }
  }

  private PolicyResult aggregate(String policy, List<Long> seeds, List<RunResult> runs) {
    List<PolicyResult.Point> points = new ArrayList<>();
    for (int x = 0; x <= options.maxArrivedPct(); x++) {
      double[] unallocated = new double[runs.size()];
      double[] fragmentation = new double[runs.size()];
      for (int r = 0; r < runs.size(); r++) {
        unallocated[r] = runs.get(r).unallocatedAt(x);
        fragmentation[r] = runs.get(r).fragmentationAt(x);
      }
      points.add(new PolicyResult.Point(x, Stat.of(unallocated), Stat.of(fragmentation)));
    }
    return new PolicyResult(policy, seeds, points, runs);
  }

  /**
   * One run of one policy with one seed.
   *
   * @param progress receives arrived GPU milli in steps as the run advances
   * @throws ConfigurationException for an unknown policy name
   */
  public RunResult replay(String policy, long seed, LongConsumer progress) {
    PackingStrategy.Provider provider = strategies.require(policy);
    SplittableRandom random = new SplittableRandom(seed);

    List<Workload> pods = arrivals(random);
    List<GpuNode> nodes = new ArrayList<>(trace.nodes());
    shuffle(nodes, random);

    ClusterState state = ClusterState.of(nodes);
    PackingStrategy strategy = strategy(provider, random);
    FragmentationModel fragmentation = new FragmentationModel(target, state);
    int maxGpus = nodes.stream().mapToInt(GpuNode::gpuCount).max().orElse(0);
    int[] scratch = new int[maxGpus];
    double[] nodeFragment = new double[nodes.size()];
    double totalFragment = 0;
    for (int n = 0; n < nodes.size(); n++) {
      nodeFragment[n] = fragmentation.fragment(state, n, scratch);
      totalFragment += nodeFragment[n];
    }

    int count = pods.size();
    long[] arrived = new long[count];
    long[] used = new long[count];
    double[] fragment = new double[count];
    long arrivedMilli = 0;
    long pendingProgress = 0;
    int placed = 0;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Workload pod = pods.get(i);
      PlacementResult result = strategy.place(state, pod);
      if (result instanceof PlacementResult.Placed p) {
        Placement placement = p.value();
        state.apply(pod, placement);
        placed++;
        int n = state.indexOf(placement.nodeName()).orElseThrow();
        totalFragment -= nodeFragment[n];
        nodeFragment[n] = fragmentation.fragment(state, n, scratch);
        totalFragment += nodeFragment[n];
      }
      arrivedMilli += pod.totalGpuMilli();
      pendingProgress += pod.totalGpuMilli();
      arrived[i] = arrivedMilli;
      used[i] = state.allocatedGpuMilli();
      fragment[i] = Math.max(0, totalFragment);
      if ((i + 1) % PROGRESS_STEP == 0 || i == count - 1) {
        progress.accept(pendingProgress);
        pendingProgress = 0;
      }
    }
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    LOG.debug("{} seed {}: {} pods, {} placed, {} ms", policy, seed, count, placed, elapsed);
    return curves(policy, seed, count, placed, arrived, used, fragment, elapsed);
  }

  private PackingStrategy strategy(PackingStrategy.Provider provider, SplittableRandom random) {
    return provider.create(
        Settings.empty()
            .with(BuiltinSettings.SEED, Long.toString(random.nextLong()))
            .with(BuiltinSettings.TARGET_WORKLOAD, target.format()));
  }

  /**
   * The cluster as {@link #replay} leaves it once the arrived GPU demand would pass {@code
   * arrivedPct} % of capacity: the pods arrive and are placed exactly as in the run with {@code
   * seed}, and the replay stops before the first pod that would take the arrived demand past it.
   * For analyses of a packed state, such as defragmentation.
   *
   * @throws ConfigurationException for an unknown policy name
   */
  public ClusterState stateAt(String policy, long seed, double arrivedPct) {
    PackingStrategy.Provider provider = strategies.require(policy);
    SplittableRandom random = new SplittableRandom(seed);
    List<Workload> pods = arrivals(random);
    List<GpuNode> nodes = new ArrayList<>(trace.nodes());
    shuffle(nodes, random);
    ClusterState state = ClusterState.of(nodes);
    PackingStrategy strategy = strategy(provider, random);
    double limit = arrivedPct / 100 * capacityMilli;
    long arrived = 0;
    for (Workload pod : pods) {
      if (arrived + pod.totalGpuMilli() > limit) {
        break;
      }
      arrived += pod.totalGpuMilli();
      if (strategy.place(state, pod) instanceof PlacementResult.Placed placed) {
        state.apply(pod, placed.value());
      }
    }
    return state;
  }

  /**
   * The lower bound on unallocated GPU % at each arrival point of the run with {@code seed}: the
   * pods arrive as in {@link #replay}, and at each point the allocation of every event averaged
   * there is bounded by its arrived demand, the capacity, and {@link AllocationBound}'s limit for
   * the pods arrived by the last of those events (the limit only grows with arrivals).
   */
  public double[] boundUnallocatedPct(long seed) {
    List<Workload> pods = arrivals(new SplittableRandom(seed));
    long[] arrived = new long[pods.size()];
    long sum = 0;
    for (int i = 0; i < arrived.length; i++) {
      sum += pods.get(i).totalGpuMilli();
      arrived[i] = sum;
    }
    int[][] ranges = eventsPerPoint(arrived, capacityMilli, options.maxArrivedPct());
    AllocationBound bound = new AllocationBound(capacityMilli / Workload.WHOLE_GPU_MILLI);
    double[] result = new double[ranges.length];
    Integer[] order = new Integer[ranges.length];
    for (int x = 0; x < order.length; x++) {
      order[x] = x;
    }
    java.util.Arrays.sort(order, Comparator.comparingInt(x -> ranges[x][1]));
    int added = 0;
    for (int x : order) {
      int lo = ranges[x][0];
      int hi = ranges[x][1];
      while (added <= hi) {
        bound.add(pods.get(added++));
      }
      double limit = Math.min(capacityMilli, bound.maxAllocatedMilli());
      double allocated = 0;
      for (int i = lo; i <= hi; i++) {
        allocated += Math.min(arrived[i], limit);
      }
      result[x] = 100 - 100 * allocated / (hi - lo + 1) / capacityMilli;
    }
    return result;
  }

  /**
   * For each point, the first and last event that {@link #curves} averages there: events whose
   * arrived % rounds to x, else those within x ± 1, else the nearest one. Arrivals only grow, so
   * each set is a contiguous range. Shared with {@link SharingReplay}, which averages its own
   * measures over the same events.
   */
  static int[][] eventsPerPoint(long[] arrived, long capacityMilli, int max) {
    int[] first = new int[max + 1];
    int[] last = new int[max + 1];
    java.util.Arrays.fill(first, -1);
    java.util.Arrays.fill(last, -1);
    for (int i = 0; i < arrived.length; i++) {
      long x = Math.round(100.0 * arrived[i] / capacityMilli);
      if (x <= max) {
        if (first[(int) x] < 0) {
          first[(int) x] = i;
        }
        last[(int) x] = i;
      }
    }
    int[][] result = new int[max + 1][];
    for (int x = 0; x <= max; x++) {
      int lo = first[x];
      int hi = last[x];
      if (lo < 0) {
        for (int y = Math.max(0, x - 1); y <= Math.min(max, x + 1); y++) {
          if (first[y] >= 0) {
            lo = lo < 0 ? first[y] : Math.min(lo, first[y]);
            hi = Math.max(hi, last[y]);
          }
        }
      }
      if (lo < 0) {
        lo = hi = nearestEvent(arrived, capacityMilli, x);
      }
      result[x] = new int[] {lo, hi};
    }
    return result;
  }

  private RunResult curves(
      String policy,
      long seed,
      int count,
      int placed,
      long[] arrived,
      long[] used,
      double[] fragment,
      long elapsed) {
    int max = options.maxArrivedPct();
    double[] allocSum = new double[max + 1];
    double[] fragSum = new double[max + 1];
    int[] events = new int[max + 1];
    double c = capacityMilli;
    for (int i = 0; i < count; i++) {
      long x = Math.round(100.0 * arrived[i] / c);
      if (x <= max) {
        allocSum[(int) x] += 100.0 * used[i] / c;
        fragSum[(int) x] += 100.0 * fragment[i] / c;
        events[(int) x]++;
      }
    }
    double[] unallocated = new double[max + 1];
    double[] fragmentation = new double[max + 1];
    int[] eventsAt = new int[max + 1];
    for (int x = 0; x <= max; x++) {
      double a = allocSum[x];
      double f = fragSum[x];
      int e = events[x];
      if (e == 0) {
        // The protocol's fallback: the events within x ± 1.
        for (int y = Math.max(0, x - 1); y <= Math.min(max, x + 1); y++) {
          a += allocSum[y];
          f += fragSum[y];
          e += events[y];
        }
      }
      if (e == 0) {
        int nearest = nearestEvent(arrived, capacityMilli, x);
        a = 100.0 * used[nearest] / c;
        f = 100.0 * fragment[nearest] / c;
        eventsAt[x] = 0;
        unallocated[x] = 100 - a;
        fragmentation[x] = f;
        continue;
      }
      eventsAt[x] = e;
      unallocated[x] = 100 - a / e;
      fragmentation[x] = f / e;
    }
    return new RunResult(
        policy, seed, count, placed, count - placed, unallocated, fragmentation, eventsAt, elapsed);
  }

  private static int nearestEvent(long[] arrived, long capacityMilli, int x) {
    double target = x * capacityMilli / 100.0;
    int best = 0;
    for (int i = 1; i < arrived.length; i++) {
      if (Math.abs(arrived[i] - target) < Math.abs(arrived[best] - target)) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The pods of one run in arrival order: sorted by name, shuffled, then inflated with clones.
   * Package-private so that {@link SharingReplay} replays the very same arrivals.
   */
  List<Workload> arrivals(SplittableRandom random) {
    List<Workload> pods = new ArrayList<>(sortedPods);
    shuffle(pods, random);
    inflate(pods, random);
    return pods;
  }

  private void inflate(List<Workload> pods, SplittableRandom random) {
    double limit = options.tuningRatio() * capacityMilli;
    long demand = 0;
    for (Workload w : pods) {
      demand += w.totalGpuMilli();
    }
    int originals = sortedPods.size();
    int clones = 0;
    while (demand < limit) {
      Workload pick = sortedPods.get(random.nextInt(originals));
      // As the paper's simulator: the stop test adds the per-GPU share, not the total.
      if (demand + pick.gpuMilli() > limit) {
        break;
      }
      String name = pick.name() + "-clone-" + clones++;
      while (originalNames.contains(name)) {
        // A trace may itself hold a pod called like a clone; placed names must stay unique.
        name = name + "'";
      }
      pods.add(pick.withName(name));
      demand += pick.totalGpuMilli();
    }
    while (demand > limit) {
      Workload removed = pods.remove(random.nextInt(pods.size()));
      demand -= removed.totalGpuMilli();
    }
  }

  static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }
}
