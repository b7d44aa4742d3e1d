package io.gpuautoscaler.core.scaling;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.scaling.DeleteOutcome;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeGroupProvider;
import io.gpuautoscaler.api.scaling.NodeInstance;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.ProviderEvent;
import io.gpuautoscaler.api.scaling.ResizeOutcome;
import io.gpuautoscaler.api.spi.Settings;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A cloud in memory, driven by a {@link SimulatedClock}: nodes become ready a provisioning delay
 * after they are asked for, spot nodes are reclaimed at a seeded random rate after the cloud's
 * notice period, and a group's capacity limit turns a too-large request into an
 * insufficient-capacity event. Nothing happens between calls; each call first catches up with the
 * clock, and {@link #nextEventAt()} tells a simulation when the next thing will happen, so that it
 * can jump there instead of ticking.
 *
 * <p>Semantics follow cluster-autoscaler's {@code NodeGroup}: lowering a target only cancels
 * provisioning nodes (newest first); running nodes leave through {@link #deleteNodes}, which lowers
 * the target. A node the cloud reclaims lowers its group's target too, unless that would go below
 * the group's minimum, in which case a replacement is launched at once (as an Auto Scaling group
 * keeps its minimum).
 *
 * <p>Reproducible: a node's time to interruption is drawn from a generator seeded by the provider's
 * seed and the node's serial number, exponentially distributed with the group's rate from the
 * moment it is ready. The same seed and the same calls at the same times give the same events.
 * Billing runs from a node's launch to its termination; {@link #billedNodeSeconds} reads it. Not
 * thread-safe.
 */
@Beta
public final class SimulatedNodeGroupProvider implements NodeGroupProvider {
  /** The provider id. */
  public static final String NAME = "simulated";

  private final SimulatedClock clock;
  private final long seed;
  private final TreeMap<String, GroupState> groups = new TreeMap<>();
  private final Map<String, Node> nodesById = new HashMap<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final List<ProviderEvent> outbox = new ArrayList<>();
  private long serial;
  private long timerSeq;

  private static final class GroupState {
    final SimulatedGroup spec;
    NodeGroup group;
    final TreeMap<String, Node> live = new TreeMap<>();
    final Map<String, Node> everKnown = new HashMap<>();
    double billedSecondsOfGoneNodes;

    GroupState(SimulatedGroup spec) {
      this.spec = spec;
      this.group = spec.group();
    }
  }

  private static final class Node {
    final String id;
    final GroupState group;
    final Instant launchedAt;
    final long serial;
    NodeState state;
    Instant goneAt;

    Node(String id, GroupState group, Instant launchedAt, long serial, NodeState state) {
      this.id = id;
      this.group = group;
      this.launchedAt = launchedAt;
      this.serial = serial;
      this.state = state;
    }
  }

  private enum Kind {
    READY,
    NOTICE,
    INTERRUPT,
    TERMINATE
  }

  private record Timer(Instant at, long seq, Kind kind, Node node) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /**
   * A provider of {@code groups}, each starting with its target size of ready nodes at the clock's
   * time.
   *
   * @param seed seeds the spot interruptions
   * @throws IllegalArgumentException if two groups share an id
   */
  public SimulatedNodeGroupProvider(SimulatedClock clock, List<SimulatedGroup> groups, long seed) {
    this.clock = requireNonNull(clock, "clock");
    this.seed = seed;
    for (SimulatedGroup spec : groups) {
      if (this.groups.putIfAbsent(spec.group().id(), new GroupState(spec)) != null) {
        throw new IllegalArgumentException("two simulated groups have id " + spec.group().id());
      }
    }
    for (GroupState g : this.groups.values()) {
      for (int i = 0; i < g.group.targetSize(); i++) {
        Node node = launch(g, NodeState.READY);
        scheduleInterruption(node, clock.instant());
      }
    }
  }

  /** The clock this provider follows. */
  public SimulatedClock clock() {
    return clock;
  }

  /** When the next node will become ready, get a notice or go; empty when nothing is scheduled. */
  public Optional<Instant> nextEventAt() {
    catchUp();
    return timers.isEmpty() ? Optional.empty() : Optional.of(timers.peek().at());
  }

  /**
   * Node-seconds billed for a group from the start until the clock's time: every node from its
   * launch to its termination, or to now while it lives.
   *
   * @throws IllegalArgumentException if there is no such group
   */
  public double billedNodeSeconds(String groupId) {
    catchUp();
    GroupState g = group(groupId);
    double seconds = g.billedSecondsOfGoneNodes;
    for (Node n : g.live.values()) {
      seconds += seconds(n.launchedAt, clock.instant());
    }
    return seconds;
  }

  @Override
  public List<NodeGroup> nodeGroups() {
    catchUp();
    List<NodeGroup> list = new ArrayList<>(groups.size());
    for (GroupState g : groups.values()) {
      list.add(g.group);
    }
    return list;
  }

  @Override
  public List<NodeInstance> nodes(String groupId) {
    catchUp();
    GroupState g = group(groupId);
    List<NodeInstance> list = new ArrayList<>(g.live.size());
    for (Node n : g.live.values()) {
      list.add(new NodeInstance(n.id, groupId, n.state, n.launchedAt));
    }
    return list;
  }

  @Override
  public ResizeOutcome setTargetSize(String groupId, int size) {
    catchUp();
    GroupState g = group(groupId);
    NodeGroup group = g.group;
    int previous = group.targetSize();
    if (size > group.maxSize()) {
      return new ResizeOutcome.Refused(
          groupId,
          size,
          ResizeOutcome.Reason.ABOVE_MAX,
          "group "
              + groupId
              + " may have at most "
              + group.maxSize()
              + " nodes; asked for "
              + size);
    }
    if (size < group.minSize()) {
      return new ResizeOutcome.Refused(
          groupId,
          size,
          ResizeOutcome.Reason.BELOW_MIN,
          "group " + groupId + " needs at least " + group.minSize() + " nodes; asked for " + size);
    }
    if (size < previous) {
      List<Node> provisioning = new ArrayList<>();
      for (Node n : g.live.descendingMap().values()) {
        if (n.state == NodeState.PROVISIONING) {
          provisioning.add(n);
        }
      }
      int cancel = previous - size;
      if (provisioning.size() < cancel) {
        return new ResizeOutcome.Refused(
            groupId,
            size,
            ResizeOutcome.Reason.WOULD_DELETE_RUNNING_NODES,
            "group "
                + groupId
                + " has only "
                + provisioning.size()
                + " provisioning nodes to cancel, "
                + cancel
                + " needed to go from "
                + previous
                + " to "
                + size
                + "; delete running nodes by name");
      }
      for (int i = 0; i < cancel; i++) {
        gone(provisioning.get(i), ProviderEvent.Cause.DELETED);
      }
      g.group = group.withTargetSize(size);
    } else if (size > previous) {
      int wanted = size - previous;
      int obtainable = Math.max(0, g.spec.capacityLimit() - g.live.size());
      int obtained = Math.min(wanted, obtainable);
      for (int i = 0; i < obtained; i++) {
        Node node = launch(g, NodeState.PROVISIONING);
        schedule(clock.instant().plus(g.spec.provisioningDelay()), Kind.READY, node);
      }
      g.group = group.withTargetSize(previous + obtained);
      if (obtained < wanted) {
        outbox.add(
            new ProviderEvent.InsufficientCapacity(
                groupId, clock.instant(), wanted, wanted - obtained));
      }
    }
    return new ResizeOutcome.Accepted(groupId, previous, size);
  }

  @Override
  public DeleteOutcome deleteNodes(String groupId, Collection<String> nodeIds) {
    catchUp();
    GroupState g = group(groupId);
    List<Node> toDelete = new ArrayList<>();
    List<String> alreadyGone = new ArrayList<>();
    for (String id : new LinkedHashSet<>(requireNonNull(nodeIds, "nodeIds"))) {
      Node n = g.everKnown.get(id);
      if (n == null) {
        throw new IllegalArgumentException("node " + id + " was never a node of group " + groupId);
      }
      if (n.state == NodeState.TERMINATING || n.goneAt != null) {
        alreadyGone.add(id);
      } else {
        toDelete.add(n);
      }
    }
    int target = g.group.targetSize() - toDelete.size();
    if (target < g.group.minSize()) {
      return new DeleteOutcome.Refused(
          groupId,
          DeleteOutcome.Reason.BELOW_MIN,
          "deleting "
              + toDelete.size()
              + " nodes would leave group "
              + groupId
              + " with "
              + target
              + ", below its minimum "
              + g.group.minSize());
    }
    List<String> terminating = new ArrayList<>(toDelete.size());
    for (Node n : toDelete) {
      n.state = NodeState.TERMINATING;
      terminating.add(n.id);
      schedule(clock.instant().plus(g.spec.terminationDelay()), Kind.TERMINATE, n);
    }
    g.group = g.group.withTargetSize(target);
    catchUp();
    return new DeleteOutcome.Accepted(groupId, terminating, alreadyGone);
  }

  @Override
  public List<ProviderEvent> pollEvents() {
    catchUp();
    List<ProviderEvent> events = List.copyOf(outbox);
    outbox.clear();
    return events;
  }

  private GroupState group(String groupId) {
    GroupState g = groups.get(requireNonNull(groupId, "groupId"));
    if (g == null) {
      throw new IllegalArgumentException(
          "no simulated node group " + groupId + "; known: " + groups.keySet());
    }
    return g;
  }

  private Node launch(GroupState g, NodeState state) {
    long s = ++serial;
    String id = String.format("%s-%06d", g.group.id(), s);
    Node node = new Node(id, g, clock.instant(), s, state);
    g.live.put(id, node);
    g.everKnown.put(id, node);
    nodesById.put(id, node);
    return node;
  }

  private void scheduleInterruption(Node node, Instant readyAt) {
    double rate = node.group.spec.interruptionsPerHour();
    if (rate <= 0) {
      return;
    }
    // One generator per node, from the seed and the node's serial: a node's fate does not depend
    // on how many draws other nodes made before it.
    SplittableRandom random = new SplittableRandom(seed ^ (node.serial * 0x9E3779B97F4A7C15L));
    double hours = -Math.log(1 - random.nextDouble()) / rate;
    long millis = (long) Math.min(hours * 3_600_000d, Long.MAX_VALUE / 4d);
    Duration notice = node.group.spec.cloud().noticePeriod();
    Instant noticeAt = readyAt.plusMillis(millis);
    schedule(noticeAt, Kind.NOTICE, node);
    schedule(noticeAt.plus(notice), Kind.INTERRUPT, node);
  }

  private void schedule(Instant at, Kind kind, Node node) {
    timers.add(new Timer(at, ++timerSeq, kind, node));
  }

  /** Runs every timer due at or before the clock's time, in time order. */
  private void catchUp() {
    Instant now = clock.instant();
    while (!timers.isEmpty() && !timers.peek().at().isAfter(now)) {
      Timer t = timers.poll();
      Node n = t.node();
      if (n.goneAt != null) {
        continue;
      }
      switch (t.kind()) {
        case READY -> {
          if (n.state == NodeState.PROVISIONING) {
            n.state = NodeState.READY;
            outbox.add(new ProviderEvent.NodeReady(n.id, n.group.group.id(), t.at()));
            scheduleInterruption(n, t.at());
          }
        }
        case NOTICE -> {
          if (n.state == NodeState.READY) {
            outbox.add(
                new ProviderEvent.InterruptionNotice(
                    n.id,
                    n.group.group.id(),
                    t.at(),
                    t.at().plus(n.group.spec.cloud().noticePeriod())));
          }
        }
        case INTERRUPT -> {
          if (n.state == NodeState.READY) {
            interrupted(n, t.at());
          }
        }
        case TERMINATE -> goneAt(n, t.at(), ProviderEvent.Cause.DELETED);
      }
    }
  }

  private void interrupted(Node n, Instant at) {
    GroupState g = n.group;
    goneAt(n, at, ProviderEvent.Cause.INTERRUPTED);
    int target = g.group.targetSize() - 1;
    if (target >= g.group.minSize()) {
      g.group = g.group.withTargetSize(target);
    } else {
      Node replacement = launch(g, NodeState.PROVISIONING);
      schedule(at.plus(g.spec.provisioningDelay()), Kind.READY, replacement);
    }
  }

  private void gone(Node n, ProviderEvent.Cause cause) {
    goneAt(n, clock.instant(), cause);
  }

  private void goneAt(Node n, Instant at, ProviderEvent.Cause cause) {
    n.goneAt = at;
    n.state = NodeState.TERMINATING;
    GroupState g = n.group;
    g.live.remove(n.id);
    g.billedSecondsOfGoneNodes += seconds(n.launchedAt, at);
    outbox.add(new ProviderEvent.NodeTerminated(n.id, g.group.id(), at, cause));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  /**
   * Listed in {@code META-INF/services}: builds a provider of {@link DefaultNodeGroups} on its own
   * clock. Settings: {@code start} (ISO-8601 instant, default 2017-10-02T00:00:00Z), {@code seed}
   * (default 1), {@code spot-interruptions-per-hour} (default {@value
   * DefaultNodeGroups#SPOT_INTERRUPTIONS_PER_HOUR}), {@code provisioning-delay-seconds} (default
   * {@value DefaultNodeGroups#PROVISIONING_DELAY_SECONDS}).
   */
  public static final class Provider implements NodeGroupProvider.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "an in-memory cloud with provisioning delay, seeded spot interruptions and capacity"
          + " limits";
    }

    @Override
    public NodeGroupProvider create(Settings settings) {
      settings.requireOnly(
          "node group provider " + NAME,
          "start",
          "seed",
          "spot-interruptions-per-hour",
          "provisioning-delay-seconds");
      Instant start;
      String raw = settings.get("start").orElse("2017-10-02T00:00:00Z");
      try {
        start = Instant.parse(raw);
      } catch (DateTimeParseException e) {
        throw new ConfigurationException(
            "setting 'start' must be an ISO-8601 instant such as 2017-10-02T00:00:00Z, was '"
                + raw
                + "'",
            e);
      }
      double rate =
          settings.getDouble(
              "spot-interruptions-per-hour", DefaultNodeGroups.SPOT_INTERRUPTIONS_PER_HOUR);
      long delay =
          settings.getLong(
              "provisioning-delay-seconds", DefaultNodeGroups.PROVISIONING_DELAY_SECONDS);
      if (rate < 0 || delay < 0) {
        throw new ConfigurationException(
            "settings 'spot-interruptions-per-hour' and 'provisioning-delay-seconds' must be >= 0,"
                + " were "
                + rate
                + " and "
                + delay);
      }
      return new SimulatedNodeGroupProvider(
          new SimulatedClock(start),
          DefaultNodeGroups.simulated(Duration.ofSeconds(delay), rate),
          settings.getLong("seed", 1));
    }
  }
}
