package io.gpuautoscaler.core.autoscale;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.DeleteOutcome;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeInstance;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.PendingWorkload;
import io.gpuautoscaler.api.scaling.ProviderEvent;
import io.gpuautoscaler.api.scaling.ResizeOutcome;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.core.scaling.SimulatedClock;
import io.gpuautoscaler.core.scaling.SimulatedGroup;
import io.gpuautoscaler.core.scaling.SimulatedNodeGroupProvider;
import io.gpuautoscaler.core.trace.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays jobs, in submission order, through a cluster whose node groups a {@link
 * io.gpuautoscaler.api.scaling.ScalingPolicy} grows and shrinks through the {@link
 * SimulatedNodeGroupProvider}.
 *
 * <p><b>Time</b> jumps from event to event (a submission, a job's end, a node becoming ready, a
 * spot notice, a policy evaluation) on a priority queue; idle stretches cost nothing. The policy is
 * evaluated when something changed, at most once per scan interval, and when a {@link
 * ScalingDecision.Hold} asks to be reviewed; after a decision it is asked again at once until it
 * holds.
 *
 * <p><b>Scheduling</b>: a job runs on ready nodes only, placed by the scenario's packing strategy
 * on a {@link ClusterState} of those nodes. A job wider than the widest node runs as a gang of
 * node-sized workloads that start together or not at all. Jobs that do not fit wait in a FIFO queue
 * with backfill: whenever capacity frees up the queue is scanned oldest first and every job that
 * fits starts. A job that does not checkpoint may not run on spot nodes (its workloads allow only
 * the real GPU models; spot nodes carry the model with a {@value #SPOT_MODEL_SUFFIX} suffix, the
 * one per-node filter the packing engine evaluates in O(1)).
 *
 * <p><b>Interruptions</b>: on a spot notice the node is cordoned at once and replacement capacity
 * is asked for at once (an evaluation without waiting for the scan interval), but its jobs keep
 * running while that gains something, until the notice's deadline less {@link #DRAIN_GRACE} at the
 * latest: a job that finishes by then finishes, a job whose next checkpoint falls by then is
 * evicted just after it, any other job at once (see {@code drainBy}). Evicted jobs are requeued;
 * work since each job's last checkpoint is lost and counted. A drained node counts as a disruption
 * in the snapshot's budget (in flight until it is gone, and in the window from its notice), so
 * voluntary scale-downs wait while interruptions use the budget. A scale-down evicts the jobs of
 * the removed nodes at once, but policies only remove nodes whose jobs checkpoint.
 *
 * <p><b>Cost</b> is the provider's billing: every node from its launch (provisioning included) to
 * its termination, until the last job ends. Deterministic: the same jobs, scenario and seed give
 * the same result. Not thread-safe; one run per call.
 */
@Beta
public final class AutoscaleSimulator {
  /** Appended to the GPU model of spot nodes, so that jobs that do not checkpoint avoid them. */
  public static final String SPOT_MODEL_SUFFIX = "~spot";

  /**
   * How long before a spot notice's deadline the jobs still on the node are evicted, at the latest:
   * the time a job is given to stop cleanly (Kubernetes' default {@code
   * terminationGracePeriodSeconds}, 30 s) before the cloud takes the node. With GCP's and Azure's
   * 30 s notices the jobs leave at once; with AWS's 2 min, a job may use up to 90 s to reach its
   * next checkpoint.
   */
  public static final Duration DRAIN_GRACE = Duration.ofSeconds(30);

  private static final int MAX_DECISIONS_PER_EVALUATION = 64;
  private static final int SAMPLE_REASONS = 12;

  /**
   * How often {@link #run(AutoscaleScenario, List)} samples the {@link AutoscaleResult#timeline}.
   */
  public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofHours(1);

  private static final int PROGRESS_EVERY_JOBS = 256;

  private AutoscaleSimulator() {}

  /** Told how far a run has come; called on the run's thread. */
  @FunctionalInterface
  public interface Progress {
    /** Does nothing. */
    Progress NONE = (finished, jobs, at) -> {};

    /**
     * Called every few hundred finished jobs and once at the end.
     *
     * @param jobsFinished jobs finished so far
     * @param jobs jobs in the trace
     * @param simulatedTime where the run's clock is
     */
    void update(int jobsFinished, int jobs, Instant simulatedTime);
  }

  /**
   * Runs {@code scenario} on {@code jobs}, sampling the timeline every {@link
   * #DEFAULT_SAMPLE_INTERVAL}.
   *
   * @param jobs sorted by submit time, ids distinct, at least one
   * @throws IllegalArgumentException if the jobs are unsorted, empty or share an id
   * @throws IllegalStateException if the policy decides beyond a limit (a policy bug)
   */
  public static AutoscaleResult run(AutoscaleScenario scenario, List<Job> jobs) {
    return run(scenario, jobs, DEFAULT_SAMPLE_INTERVAL, Progress.NONE);
  }

  /**
   * Runs {@code scenario} on {@code jobs}.
   *
   * @param jobs sorted by submit time, ids distinct, at least one
   * @param sampleEvery the step of the result's {@link AutoscaleResult#timeline}, positive; its
   *     first sample is at the first submission
   * @param progress told how far the run has come
   * @throws IllegalArgumentException if the jobs are unsorted, empty or share an id, or the step is
   *     not positive
   * @throws IllegalStateException if the policy decides beyond a limit (a policy bug)
   */
  public static AutoscaleResult run(
      AutoscaleScenario scenario, List<Job> jobs, Duration sampleEvery, Progress progress) {
    requireNonNull(scenario, "scenario");
    requireNonNull(jobs, "jobs");
    requireNonNull(sampleEvery, "sampleEvery");
    requireNonNull(progress, "progress");
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("no jobs to replay");
    }
    if (sampleEvery.isNegative() || sampleEvery.isZero()) {
      throw new IllegalArgumentException("sampleEvery must be positive, was " + sampleEvery);
    }
    return new Run(scenario, jobs, sampleEvery, progress).run();
  }

  private static final class SimNode {
    final String id;
    final NodeGroup group;
    final Instant launchedAt;
    NodeState state = NodeState.READY;
    final Set<JobRun> runs = new LinkedHashSet<>();
    final int capacity;

    /** The node as the packing engine sees it, built once: spot nodes carry the model suffix. */
    final GpuNode gpuNode;

    SimNode(String id, NodeGroup group, Instant launchedAt) {
      this.id = id;
      this.group = group;
      this.launchedAt = launchedAt;
      this.capacity = group.capacityType().ordinal();
      GpuNode t = group.template(id);
      String model =
          group.capacityType() == CapacityType.SPOT
              ? t.gpuModel() + SPOT_MODEL_SUFFIX
              : t.gpuModel();
      this.gpuNode =
          new GpuNode(t.name(), t.cpuMilli(), t.memoryMib(), t.gpuCount(), model, t.labels());
    }

    /** Workloads (gang members count one each) on this node, and how many of them checkpoint. */
    int workloads;

    int evictable;

    /** GPU milli held by the workloads on this node. */
    long gpuMilliRequested;

    /** Bumped whenever something a {@link NodeStatus} shows changes. */
    long changes;

    /** The last status given to a policy, reused while {@link #changes} stays the same. */
    NodeStatus status;

    long statusChanges = -1;
  }

  /**
   * A node of the provider's lists, in the snapshot's order: {@code known} when it has been ready
   * (its status then changes with its jobs), else {@code fixed}, its status until the lists change.
   */
  private record Entry(NodeInstance instance, NodeGroup group, SimNode known, NodeStatus fixed) {}

  private static final class JobRun {
    final int index;
    final Job job;
    final boolean interruptible;
    final List<Workload> members;
    long remainingMillis;
    Instant startedAt;
    Instant queuedSince;
    long pendingMillis;
    int attempt;
    boolean finished;
    boolean interrupted;
    boolean evicted;
    List<Placement> placements = List.of();

    /** The capacity type ordinal of each placement's node, for the busy-GPU timeline. */
    int[] placedCapacity = new int[0];

    JobRun(int index, Job job, List<Workload> members) {
      this.index = index;
      this.job = job;
      this.interruptible = job.checkpointInterval().isPresent();
      this.members = members;
      this.remainingMillis = job.duration().toMillis();
      this.queuedSince = job.submitTime();
    }
  }

  private enum Kind {
    FINISH,
    /** The end of a job's stay on a node under an interruption notice. */
    DRAIN,
    SCAN
  }

  private record Event(Instant at, long seq, Kind kind, JobRun run, int attempt)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private static final class Run {
    private final AutoscaleScenario scenario;
    private final List<Job> jobs;
    private final SimulatedClock clock;
    private final SimulatedNodeGroupProvider provider;
    private final Map<String, SimulatedGroup> specs = new HashMap<>();
    private final Set<String> realModels = new TreeSet<>();
    private final int widestNode;

    /** Every node that became ready and is not gone yet, sorted by id: the state's node order. */
    private final TreeMap<String, SimNode> nodes = new TreeMap<>();

    /** The same nodes, for lookups by id on the hot path (a TreeMap compares long id prefixes). */
    private final Map<String, SimNode> nodesById = new HashMap<>();

    /**
     * The ready nodes and their jobs. Kept current as jobs start and stop; when nodes come or go it
     * is {@linkplain ClusterState#reshaped reshaped} (not rebuilt by replaying every placement) the
     * next time it is needed.
     */
    private ClusterState state;

    private boolean reshape = true;

    private final JobRun[] runs;
    private int nextSubmit;
    private final TreeMap<Integer, JobRun> queue = new TreeMap<>();
    private final List<JobRun> arrived = new ArrayList<>();
    private int running;
    private boolean capacityFreed;

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long seq;
    private boolean changed = true;
    private boolean changeScanQueued;
    private Instant lastScan = Instant.MIN;
    private Instant queuedReview;
    private final ArrayDeque<Instant> removalStarts = new ArrayDeque<>();
    // The provider's groups and nodes, cached between its changes: the snapshot's hot path.
    private List<NodeGroup> groupsCache;
    private List<PendingWorkload> pendingCache;
    private final Map<String, List<NodeInstance>> nodesCache = new HashMap<>();

    /** Every node of the provider's lists, sorted by id; null when the lists may have changed. */
    private Entry[] entries;

    private int disruptedNodes;

    private double busyGpuMillis;
    private double lostGpuMillis;
    private double lostToInterruptionsGpuMillis;
    private int notices;
    private int shortages;
    private int scaleUps;
    private int nodesAdded;
    private int nodesRemoved;
    private int peakNodes;
    private long decisions;
    private final List<String> reasons = new ArrayList<>();

    private final Duration sampleEvery;
    private final Progress progress;
    private Instant nextSample;
    private final List<AutoscaleResult.Sample> timeline = new ArrayList<>();
    private final int[] busyGpus = new int[CapacityType.values().length];

    Run(AutoscaleScenario scenario, List<Job> jobs, Duration sampleEvery, Progress progress) {
      this.scenario = scenario;
      this.jobs = jobs;
      this.sampleEvery = sampleEvery;
      this.progress = progress;
      this.nextSample = jobs.get(0).submitTime();
      Instant start = jobs.get(0).submitTime();
      this.clock = new SimulatedClock(start);
      this.provider = new SimulatedNodeGroupProvider(clock, scenario.groups(), scenario.seed());
      int widest = 0;
      for (SimulatedGroup g : scenario.groups()) {
        specs.put(g.group().id(), g);
        realModels.add(g.group().gpuModel());
        widest = Math.max(widest, g.group().gpusPerNode());
      }
      this.widestNode = widest;
      this.runs = new JobRun[jobs.size()];
      Set<String> ids = new java.util.HashSet<>();
      for (int i = 0; i < jobs.size(); i++) {
        Job job = jobs.get(i);
        if (!ids.add(job.id())) {
          throw new IllegalArgumentException("two jobs have id " + job.id());
        }
        if (i > 0 && job.submitTime().isBefore(jobs.get(i - 1).submitTime())) {
          throw new IllegalArgumentException(
              "jobs must be sorted by submit time; " + job.id() + " is out of order");
        }
        runs[i] = new JobRun(i, job, members(job));
      }
      for (SimulatedGroup g : scenario.groups()) {
        for (NodeInstance n : provider.nodes(g.group().id())) {
          addNode(new SimNode(n.id(), g.group(), n.launchedAt()));
        }
      }
      peakNodes = nodes.size();
    }

    private void addNode(SimNode node) {
      nodes.put(node.id, node);
      nodesById.put(node.id, node);
      reshape = true;
    }

    private SimNode removeNode(String id) {
      SimNode node = nodesById.remove(id);
      if (node != null) {
        nodes.remove(id);
        reshape = true;
      }
      return node;
    }

    private List<Workload> members(Job job) {
      Set<String> models = job.checkpointInterval().isPresent() ? Set.of() : realModels;
      List<Workload> list = new ArrayList<>();
      int left = job.gpus();
      int k = 0;
      while (left > 0) {
        int gpus = Math.min(left, widestNode);
        String name = job.gpus() <= widestNode ? job.id() : job.id() + "#" + k++;
        list.add(
            Workload.builder(name)
                .labels(job.team().map(t -> Map.of("team", t)).orElse(Map.of()))
                .wholeGpus(gpus)
                .allowedGpuModels(models)
                .build());
        left -= gpus;
      }
      return List.copyOf(list);
    }

    AutoscaleResult run() {
      int finished = 0;
      while (true) {
        Instant next = nextTime();
        if (next == null) {
          break;
        }
        sampleBefore(next);
        clock.advanceTo(next);
        handleProviderEvents();
        while (!events.isEmpty()
            && events.peek().kind() != Kind.SCAN
            && !events.peek().at().isAfter(next)) {
          Event e = events.poll();
          if (e.kind() == Kind.DRAIN) {
            drain(e);
          } else if (finish(e)) {
            finished++;
            if (finished % PROGRESS_EVERY_JOBS == 0) {
              progress.update(finished, runs.length, next);
            }
          }
        }
        while (nextSubmit < runs.length && !runs[nextSubmit].job.submitTime().isAfter(next)) {
          JobRun r = runs[nextSubmit++];
          pendingCache = null;
          queue.put(r.index, r);
          arrived.add(r);
          changed = true;
        }
        schedule();
        if (finished == runs.length) {
          break;
        }
        boolean evaluate = false;
        while (!events.isEmpty()
            && events.peek().kind() == Kind.SCAN
            && !events.peek().at().isAfter(next)) {
          events.poll();
          evaluate = true;
        }
        if (evaluate) {
          evaluate();
        }
        if (changed && !changeScanQueued) {
          Instant at = lastScan.equals(Instant.MIN) ? next : lastScan.plus(scenario.scanInterval());
          push(at.isBefore(next) ? next : at, Kind.SCAN, null, 0);
          changeScanQueued = true;
        }
        if (stuck()) {
          break;
        }
      }
      sample(clock.instant());
      progress.update(finished, runs.length, clock.instant());
      return result(finished);
    }

    /**
     * Samples every step before {@code next}: nothing changes between events, so the state now is
     * the state at those instants. Moving the clock there is safe for the same reason.
     */
    private void sampleBefore(Instant next) {
      while (nextSample.isBefore(next)) {
        clock.advanceTo(nextSample);
        sample(nextSample);
        nextSample = nextSample.plus(sampleEvery);
      }
    }

    private void sample(Instant at) {
      CapacityType[] types = CapacityType.values();
      int[] provisioned = new int[types.length];
      double cost = 0;
      for (NodeGroup g : provider.nodeGroups()) {
        provisioned[g.capacityType().ordinal()] += provider.nodes(g.id()).size() * g.gpusPerNode();
        cost += provider.billedNodeSeconds(g.id()) / 3600 * g.pricePerHourUsd();
      }
      Map<CapacityType, Integer> prov = new EnumMap<>(CapacityType.class);
      Map<CapacityType, Integer> busy = new EnumMap<>(CapacityType.class);
      for (CapacityType t : types) {
        if (provisioned[t.ordinal()] > 0) {
          prov.put(t, provisioned[t.ordinal()]);
        }
        if (busyGpus[t.ordinal()] > 0) {
          busy.put(t, busyGpus[t.ordinal()]);
        }
      }
      timeline.add(new AutoscaleResult.Sample(at, prov, busy, queue.size(), running, cost));
    }

    /** Nothing runs, nothing arrives, nothing is on its way, and the policy has had its say. */
    private boolean stuck() {
      if (running > 0 || nextSubmit < runs.length || changed) {
        return false;
      }
      for (Event e : events) {
        if (e.kind() != Kind.DRAIN) {
          return false;
        }
      }
      for (NodeGroup g : provider.nodeGroups()) {
        for (NodeInstance n : provider.nodes(g.id())) {
          if (n.state() == NodeState.PROVISIONING) {
            return false;
          }
        }
      }
      return true;
    }

    private Instant nextTime() {
      Instant next = null;
      if (nextSubmit < runs.length) {
        next = runs[nextSubmit].job.submitTime();
      }
      if (!events.isEmpty()) {
        next = min(next, events.peek().at());
      }
      Optional<Instant> cloud = provider.nextEventAt();
      if (cloud.isPresent()) {
        next = min(next, cloud.get());
      }
      return next;
    }

    private static Instant min(Instant a, Instant b) {
      return a == null || b.isBefore(a) ? b : a;
    }

    private void push(Instant at, Kind kind, JobRun run, int attempt) {
      events.add(new Event(at, ++seq, kind, run, attempt));
    }

    // ------------------------------------------------------------ cloud events

    private void handleProviderEvents() {
      List<ProviderEvent> polled = provider.pollEvents();
      if (!polled.isEmpty()) {
        invalidateProviderLists();
      }
      for (ProviderEvent e : polled) {
        changed = true;
        if (e instanceof ProviderEvent.NodeReady ready) {
          SimulatedGroup g = specs.get(ready.groupId());
          Instant launched = launchTime(ready.groupId(), ready.nodeId(), ready.at());
          addNode(new SimNode(ready.nodeId(), g.group(), launched));
          capacityFreed = true;
        } else if (e instanceof ProviderEvent.InterruptionNotice notice) {
          notices++;
          SimNode node = nodesById.get(notice.nodeId());
          if (node != null && node.state == NodeState.READY) {
            cordon(node);
            // An interruption disrupts a node as a scale-down does: it fills the budget's window.
            removalStarts.add(clock.instant());
            drainBy(node, notice.deadline().minus(DRAIN_GRACE));
            // Replacement capacity is asked for at once, not at the next scan.
            push(clock.instant(), Kind.SCAN, null, 0);
          }
        } else if (e instanceof ProviderEvent.NodeTerminated gone) {
          SimNode node = nodesById.get(gone.nodeId());
          if (node != null) {
            if (gone.cause() == ProviderEvent.Cause.INTERRUPTED && !node.runs.isEmpty()) {
              // Every job leaves by the notice's deadline (drainBy); one still here is a bug.
              throw new IllegalStateException(
                  "job "
                      + node.runs.iterator().next().job.id()
                      + " still ran on "
                      + node.id
                      + " when it was reclaimed at "
                      + gone.at());
            }
            for (JobRun r : List.copyOf(node.runs)) {
              evict(r, false);
            }
            removeNode(gone.nodeId());
          }
        } else if (e instanceof ProviderEvent.InsufficientCapacity) {
          shortages++;
          push(clock.instant(), Kind.SCAN, null, 0);
        }
      }
    }

    private Instant launchTime(String groupId, String nodeId, Instant fallback) {
      for (NodeInstance n : provider.nodes(groupId)) {
        if (n.id().equals(nodeId)) {
          return n.launchedAt();
        }
      }
      return fallback;
    }

    // ------------------------------------------------------------ jobs

    /**
     * The ready nodes, sorted by id, with their jobs. A node that stops being ready has had its
     * jobs stopped (released from the state) before, so reshaping drops no placed work.
     */
    private ClusterState state() {
      if (reshape) {
        List<GpuNode> ready = new ArrayList<>(nodes.size());
        for (SimNode n : nodes.values()) {
          if (n.state == NodeState.READY) {
            ready.add(n.gpuNode);
          }
        }
        state = state == null ? ClusterState.of(ready) : state.reshaped(ready);
        reshape = false;
      }
      return state;
    }

    private void cordon(SimNode node) {
      node.state = NodeState.CORDONED;
      node.changes++;
      reshape = true;
      invalidateProviderLists();
    }

    private void schedule() {
      if (queue.isEmpty()) {
        arrived.clear();
        capacityFreed = false;
        return;
      }
      ClusterState s = state();
      Iterable<JobRun> candidates =
          capacityFreed ? List.copyOf(queue.values()) : List.copyOf(arrived);
      arrived.clear();
      capacityFreed = false;
      // A job at least as wide as one that failed in this pass fails too: placements only take.
      int[] narrowestFailure = {Integer.MAX_VALUE, Integer.MAX_VALUE};
      for (JobRun r : candidates) {
        if (s.allocatedGpuMilli() >= s.totalGpuMilli()) {
          break;
        }
        int kind = r.interruptible ? 1 : 0;
        if (r.job.gpus() >= narrowestFailure[kind]) {
          continue;
        }
        if (!start(s, r)) {
          narrowestFailure[kind] = Math.min(narrowestFailure[kind], r.job.gpus());
        }
      }
    }

    private boolean start(ClusterState s, JobRun r) {
      List<Placement> placed = new ArrayList<>(r.members.size());
      for (Workload w : r.members) {
        PlacementResult result = scenario.packing().place(s, w);
        if (result instanceof PlacementResult.Placed ok) {
          s.apply(w, ok.value());
          placed.add(ok.value());
        } else {
          for (Placement p : placed) {
            s.release(p.workloadName());
          }
          return false;
        }
      }
      Instant now = clock.instant();
      r.placements = List.copyOf(placed);
      r.placedCapacity = new int[placed.size()];
      for (int i = 0; i < placed.size(); i++) {
        Placement p = placed.get(i);
        SimNode node = nodesById.get(p.nodeName());
        r.placedCapacity[i] = node.capacity;
        busyGpus[node.capacity] += r.members.get(i).gpuCount();
        node.runs.add(r);
        node.workloads++;
        node.evictable += r.interruptible ? 1 : 0;
        node.gpuMilliRequested += r.members.get(i).totalGpuMilli();
        node.changes++;
      }
      r.startedAt = now;
      r.pendingMillis += Duration.between(r.queuedSince, now).toMillis();
      r.attempt++;
      pendingCache = null;
      queue.remove(r.index);
      running++;
      changed = true;
      push(now.plusMillis(r.remainingMillis), Kind.FINISH, r, r.attempt);
      return true;
    }

    /**
     * Lets the jobs of a node under an interruption notice run while that gains something, and no
     * later than {@code by} (the deadline less {@link #DRAIN_GRACE}, not before now). A job that
     * finishes by then finishes. A job that checkpoints, and whose checkpoint falls after now and
     * by then, is evicted just after its last such checkpoint, so it loses nothing. Any other job
     * is evicted at once: waiting would add nothing to the work it keeps, only hold GPUs and delay
     * its requeueing.
     */
    private void drainBy(SimNode node, Instant by) {
      Instant now = clock.instant();
      if (by.isBefore(now)) {
        by = now;
      }
      for (JobRun r : List.copyOf(node.runs)) {
        Instant end = r.startedAt.plusMillis(r.remainingMillis);
        if (!end.isAfter(by)) {
          continue;
        }
        Instant at = now;
        if (r.job.checkpointInterval().isPresent()) {
          long every = r.job.checkpointInterval().get().toMillis();
          long ranBy = Duration.between(r.startedAt, by).toMillis();
          Instant lastCheckpoint = r.startedAt.plusMillis(ranBy / every * every);
          if (lastCheckpoint.isAfter(now)) {
            at = lastCheckpoint;
          }
        }
        if (at.equals(now)) {
          evict(r, true);
        } else {
          push(at, Kind.DRAIN, r, r.attempt);
        }
      }
    }

    private void drain(Event e) {
      JobRun r = e.run();
      if (r.startedAt != null && r.attempt == e.attempt()) {
        evict(r, true);
      }
    }

    /** Ends a job's attempt; true when the job finished (not a stale event). */
    private boolean finish(Event e) {
      JobRun r = e.run();
      if (r.startedAt == null || r.attempt != e.attempt()) {
        return false;
      }
      stop(r);
      r.finished = true;
      capacityFreed = true;
      return true;
    }

    private void evict(JobRun r, boolean interruption) {
      long ran = stop(r);
      long saved =
          r.job.checkpointInterval().map(c -> ran / c.toMillis() * c.toMillis()).orElse(0L);
      saved = Math.min(saved, r.remainingMillis);
      lostGpuMillis += (double) (ran - saved) * r.job.gpus();
      if (interruption) {
        lostToInterruptionsGpuMillis += (double) (ran - saved) * r.job.gpus();
      }
      r.remainingMillis -= saved;
      r.queuedSince = clock.instant();
      if (interruption) {
        r.interrupted = true;
      } else {
        r.evicted = true;
      }
      pendingCache = null;
      queue.put(r.index, r);
      capacityFreed = true;
    }

    /** Releases a running job; returns how long this attempt ran, in milliseconds. */
    private long stop(JobRun r) {
      long ran = Duration.between(r.startedAt, clock.instant()).toMillis();
      busyGpuMillis += (double) ran * r.job.gpus();
      for (int i = 0; i < r.placements.size(); i++) {
        busyGpus[r.placedCapacity[i]] -= r.members.get(i).gpuCount();
        Placement p = r.placements.get(i);
        SimNode node = nodesById.get(p.nodeName());
        node.runs.remove(r);
        node.workloads--;
        node.evictable -= r.interruptible ? 1 : 0;
        node.gpuMilliRequested -= r.members.get(i).totalGpuMilli();
        node.changes++;
        if (node.state == NodeState.READY) {
          // A cordoned node has left the state (or will at its reshape) with what ran on it.
          state.release(p.workloadName());
        }
      }
      r.placements = List.of();
      r.startedAt = null;
      running--;
      changed = true;
      return ran;
    }

    // ------------------------------------------------------------ the policy

    private void evaluate() {
      Instant now = clock.instant();
      lastScan = now;
      changeScanQueued = false;
      changed = false;
      for (int i = 0; i < MAX_DECISIONS_PER_EVALUATION; i++) {
        ScalingSnapshot snapshot = snapshot();
        ScalingDecision d = scenario.policy().decide(snapshot);
        decisions++;
        if (d instanceof ScalingDecision.Hold hold) {
          hold.reviewAt()
              .filter(t -> t.isAfter(now))
              .filter(
                  t ->
                      queuedReview == null
                          || !queuedReview.isAfter(now)
                          || t.isBefore(queuedReview))
              .ifPresent(
                  t -> {
                    queuedReview = t;
                    push(t, Kind.SCAN, null, 0);
                  });
          return;
        }
        if (reasons.size() < SAMPLE_REASONS) {
          reasons.add(now + " " + d.reason());
        }
        if (d instanceof ScalingDecision.ScaleUp up) {
          scaleUp(snapshot, up);
        } else if (d instanceof ScalingDecision.RemoveNodes remove) {
          remove(snapshot, remove);
        }
        handleProviderEvents();
        schedule();
        changed = false;
      }
    }

    private void scaleUp(ScalingSnapshot snapshot, ScalingDecision.ScaleUp up) {
      int headroom = snapshot.scaleUpHeadroom(up.groupId());
      if (up.count() > headroom) {
        throw new IllegalStateException(
            "policy of scenario "
                + scenario.name()
                + " asked for "
                + up.count()
                + " nodes in group "
                + up.groupId()
                + ", beyond the "
                + headroom
                + " its maximum and caps allow: "
                + up.reason());
      }
      NodeGroup g = snapshot.group(up.groupId());
      invalidateProviderLists();
      ResizeOutcome outcome = provider.setTargetSize(g.id(), g.targetSize() + up.count());
      if (outcome instanceof ResizeOutcome.Refused refused) {
        throw new IllegalStateException("the provider refused a checked scale-up: " + refused);
      }
      scaleUps++;
      nodesAdded += up.count();
      int alive = 0;
      for (NodeGroup group : provider.nodeGroups()) {
        alive += provider.nodes(group.id()).size();
      }
      peakNodes = Math.max(peakNodes, alive);
    }

    private void remove(ScalingSnapshot snapshot, ScalingDecision.RemoveNodes remove) {
      int allowed = snapshot.allowedDisruptions();
      NodeGroup g = snapshot.group(remove.groupId());
      if (remove.nodeIds().size() > allowed
          || g.targetSize() - remove.nodeIds().size() < g.minSize()) {
        throw new IllegalStateException(
            "policy of scenario "
                + scenario.name()
                + " asked to remove "
                + remove.nodeIds().size()
                + " nodes of group "
                + g.id()
                + " (target "
                + g.targetSize()
                + ", minimum "
                + g.minSize()
                + ") with "
                + allowed
                + " disruptions allowed: "
                + remove.reason());
      }
      for (String id : remove.nodeIds()) {
        SimNode node = nodesById.get(id);
        if (node == null || node.state != NodeState.READY || !node.group.id().equals(g.id())) {
          throw new IllegalStateException(
              "policy of scenario "
                  + scenario.name()
                  + " asked to remove "
                  + id
                  + ", which is not a ready node of group "
                  + g.id());
        }
      }
      Instant now = clock.instant();
      for (String id : remove.nodeIds()) {
        SimNode node = nodesById.get(id);
        cordon(node);
        for (JobRun r : List.copyOf(node.runs)) {
          evict(r, false);
        }
        removalStarts.add(now);
      }
      invalidateProviderLists();
      DeleteOutcome outcome = provider.deleteNodes(g.id(), remove.nodeIds());
      if (outcome instanceof DeleteOutcome.Refused refused) {
        throw new IllegalStateException("the provider refused a checked removal: " + refused);
      }
      nodesRemoved += remove.nodeIds().size();
    }

    private void invalidateProviderLists() {
      groupsCache = null;
      entries = null;
    }

    private ScalingSnapshot snapshot() {
      Instant now = clock.instant();
      Duration window = scenario.limits().disruption().window();
      while (!removalStarts.isEmpty() && !removalStarts.peek().isAfter(now.minus(window))) {
        removalStarts.poll();
      }
      ClusterState s = state();
      if (groupsCache == null) {
        groupsCache = provider.nodeGroups();
        nodesCache.clear();
        entries = null;
      }
      if (entries == null) {
        entries = entries();
      }
      NodeStatus[] statuses = new NodeStatus[entries.length];
      for (int i = 0; i < statuses.length; i++) {
        Entry e = entries[i];
        statuses[i] = e.fixed() != null ? e.fixed() : status(e.group(), e.instance(), e.known());
      }
      if (pendingCache == null) {
        List<PendingWorkload> pending = new ArrayList<>();
        for (JobRun r : queue.values()) {
          for (Workload w : r.members) {
            pending.add(new PendingWorkload(w, r.queuedSince, r.interruptible, r.job.id()));
          }
        }
        pendingCache = List.copyOf(pending);
      }
      List<PendingWorkload> pending = pendingCache;
      return new ScalingSnapshot(
          now,
          groupsCache,
          Arrays.asList(statuses),
          s,
          pending,
          Optional.empty(),
          scenario.limits(),
          disruptedNodes,
          removalStarts.size());
    }

    /**
     * The provider's nodes sorted by id, each with our node when it has been ready. Rebuilt only
     * when the provider's lists change (an event or a decision); a known node's status is read from
     * the node on every snapshot, since its jobs change in between.
     */
    private Entry[] entries() {
      List<Entry> list = new ArrayList<>();
      int terminating = 0;
      for (NodeGroup g : groupsCache) {
        List<NodeInstance> instances = nodesCache.computeIfAbsent(g.id(), provider::nodes);
        for (NodeInstance n : instances) {
          SimNode known = nodesById.get(n.id());
          boolean gone = n.state() == NodeState.TERMINATING;
          if (gone || (known != null && known.state == NodeState.CORDONED)) {
            terminating++; // being deleted, or drained under a notice: disrupted either way
          }
          NodeStatus fixed = known == null || gone ? status(g, n, n.state()) : null;
          list.add(new Entry(n, g, known, fixed));
        }
      }
      list.sort((a, b) -> a.instance().id().compareTo(b.instance().id()));
      disruptedNodes = terminating;
      return list.toArray(new Entry[0]);
    }

    private NodeStatus status(NodeGroup g, NodeInstance n, NodeState st) {
      return new NodeStatus(n.id(), g.id(), st, n.launchedAt(), g.gpusPerNode(), 0, 0, 0);
    }

    /**
     * A ready or cordoned node's status (a node drained under a notice still runs its jobs),
     * rebuilt only when its jobs or its state changed.
     */
    private NodeStatus status(NodeGroup g, NodeInstance n, SimNode known) {
      if (known.status == null || known.statusChanges != known.changes) {
        known.status =
            new NodeStatus(
                n.id(),
                g.id(),
                known.state,
                n.launchedAt(),
                g.gpusPerNode(),
                known.gpuMilliRequested,
                known.workloads,
                known.evictable);
        known.statusChanges = known.changes;
      }
      return known.status;
    }

    // ------------------------------------------------------------ the result

    private AutoscaleResult result(int finished) {
      Instant end = clock.instant();
      double cost = 0;
      double gpuSeconds = 0;
      Map<String, Double> byGroup = new TreeMap<>();
      for (NodeGroup g : provider.nodeGroups()) {
        double seconds = provider.billedNodeSeconds(g.id());
        double usd = seconds / 3600 * g.pricePerHourUsd();
        byGroup.put(g.id(), usd);
        cost += usd;
        gpuSeconds += seconds * g.gpusPerNode();
      }
      // Jobs still running when the run stops (only when it is stuck) count as busy until now.
      for (JobRun r : runs) {
        if (r.startedAt != null) {
          busyGpuMillis += (double) Duration.between(r.startedAt, end).toMillis() * r.job.gpus();
        }
      }
      double[] pending = new double[runs.length];
      int interrupted = 0;
      int evicted = 0;
      for (int i = 0; i < runs.length; i++) {
        JobRun r = runs[i];
        long waiting = r.pendingMillis;
        if (!r.finished && r.startedAt == null) {
          waiting += Duration.between(r.queuedSince, end).toMillis();
        }
        pending[i] = waiting / 1000.0;
        interrupted += r.interrupted ? 1 : 0;
        evicted += r.evicted ? 1 : 0;
      }
      double provisionedHours = gpuSeconds / 3600;
      double busyHours = busyGpuMillis / 3_600_000;
      return new AutoscaleResult(
          scenario.name(),
          runs.length,
          finished,
          runs.length - finished,
          jobs.get(0).submitTime(),
          end,
          cost,
          byGroup,
          provisionedHours,
          busyHours,
          provisionedHours == 0 ? 0 : 100 * busyHours / provisionedHours,
          Percentiles.of(pending),
          interrupted,
          evicted,
          lostGpuMillis / 3_600_000,
          lostToInterruptionsGpuMillis / 3_600_000,
          notices,
          shortages,
          scaleUps,
          nodesAdded,
          nodesRemoved,
          peakNodes,
          decisions,
          reasons,
          timeline);
    }
  }
}
