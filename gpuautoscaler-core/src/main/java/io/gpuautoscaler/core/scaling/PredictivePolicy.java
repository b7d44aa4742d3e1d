package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.PendingWorkload;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.forecast.DemandSeries;
import io.gpuautoscaler.core.forecast.Forecast;
import io.gpuautoscaler.core.forecast.Forecaster;
import io.gpuautoscaler.core.forecast.WeeklyProfileForecaster;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code predictive}: learns the weekly pattern of GPU demand per team from the snapshots it is
 * shown, forecasts it with the {@link WeeklyProfileForecaster}, and pre-warms capacity one
 * provisioning lead time ahead. Scale-out only: it never removes a node, and it is meant to be
 * combined with a reactive policy (which serves what the forecast missed) and a scale-down policy
 * (which should keep {@link #warmGpusWanted} GPUs of headroom).
 *
 * <ul>
 *   <li><b>Demand.</b> At each snapshot: the GPUs requested by the workloads on ready nodes plus
 *       the GPUs of pending workloads, per team (the workload label {@value #TEAM_LABEL}; workloads
 *       without one under {@value #NO_TEAM}). It holds until the next snapshot; each hour's value
 *       is the time-weighted mean. Arrivals (pending workloads not pending in the previous
 *       snapshot) are counted per hour as well; a workload requeued after an eviction counts again.
 *       History may also be seeded from hourly series (a trace's {@link
 *       io.gpuautoscaler.core.forecast.JobDemand}).
 *   <li><b>Forecast.</b> Nothing before 24 hours of history (it holds and says so, like AWS
 *       predictive scaling, which needs a day of data). Then each team's hourly demand is forecast
 *       and summed; the target is the highest forecast of the hours that overlap {@code [now, now +
 *       lead]}: capacity asked for now is ready at {@code now + lead} and must serve the hour then
 *       under way, while the hour under way now is served by what is ready or coming. It re-decides
 *       when {@code now + lead} enters the next hour ({@link ScalingDecision.Hold#reviewAt}), so
 *       each hour's capacity is asked for one lead time before the hour starts.
 *   <li><b>Pre-warm.</b> When the target exceeds the GPUs ready or provisioning it adds nodes to
 *       the cheapest group with room (reserved first, then the lowest cost of covering the
 *       shortfall, then the group id), within {@link ScalingSnapshot#scaleUpHeadroom}. Spot only
 *       covers the share of the target that checkpoints, estimated as the share of arriving GPUs
 *       whose workloads were interruptible (0 until an arrival is seen, so seeded history alone
 *       never pre-warms spot): reserved and on-demand capacity must cover the rest first.
 * </ul>
 *
 * <p>Default lead: 300 s, the {@code simulated} provider's assumed provisioning delay (see {@link
 * SimulatedNodeGroupProvider}); set it to the real node start-up time, as AWS sets its pre-launch
 * buffer. Stateful: one instance per cluster, snapshots in time order.
 */
@Beta
public final class PredictivePolicy implements ScalingPolicy {
  /** The provider id. */
  public static final String NAME = "predictive";

  /** The workload label that names a workload's team. */
  public static final String TEAM_LABEL = "team";

  /** The key of workloads without a team label. */
  public static final String NO_TEAM = "(no team)";

  /** The default lead: the {@code simulated} provider's assumed provisioning delay. */
  public static final Duration DEFAULT_LEAD = Duration.ofSeconds(300);

  /** Hours of history before the first forecast: one day, as AWS predictive scaling needs. */
  public static final int MIN_HISTORY_HOURS = 24;

  private static final DateTimeFormatter HHMM =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Duration lead;
  private final Forecaster forecaster = new WeeklyProfileForecaster();
  private final DemandRecorder gpus = new DemandRecorder(true);
  private final DemandRecorder arrivals = new DemandRecorder(false);
  private Set<String> lastPending = Set.of();
  private double arrivedGpus;
  private double arrivedInterruptibleGpus;
  private int cachedAt = -1;
  private Map<String, Forecast> cached = Map.of();

  /** A policy with the default lead and no seeded history. */
  public PredictivePolicy() {
    this(DEFAULT_LEAD, List.of());
  }

  /**
   * A policy with a lead and seeded history.
   *
   * @param lead how long a new node takes to become ready; at least 0
   * @param history hourly series to start from, e.g. {@code JobDemand.of(...).series()}: {@link
   *     DemandSeries.Measure#GPUS} series per team and arrival series are used; a {@link
   *     DemandSeries#TOTAL} series is used (as demand without a team) only when no team series is
   *     given, since the forecast sums the teams
   */
  public PredictivePolicy(Duration lead, List<DemandSeries> history) {
    if (lead.isNegative()) {
      throw new IllegalArgumentException("lead must be >= 0, was " + lead);
    }
    this.lead = lead;
    gpus.seed(teams(history, DemandSeries.Measure.GPUS));
    arrivals.seed(teams(history, DemandSeries.Measure.ARRIVALS));
  }

  private static List<DemandSeries> teams(List<DemandSeries> history, DemandSeries.Measure m) {
    List<DemandSeries> teams = new ArrayList<>();
    DemandSeries total = null;
    for (DemandSeries s : history) {
      if (s.measure() != m) {
        continue;
      }
      if (s.key().equals(DemandSeries.TOTAL)) {
        total = s;
      } else {
        teams.add(s);
      }
    }
    if (teams.isEmpty() && total != null) {
      teams.add(new DemandSeries(NO_TEAM, m, total.start(), total.step(), total.values()));
    }
    return teams;
  }

  /** The lead time the policy plans for. */
  public Duration lead() {
    return lead;
  }

  @Override
  public ScalingDecision decide(ScalingSnapshot snapshot) {
    observe(snapshot);
    Instant now = snapshot.now();
    if (gpus.knownHours() < MIN_HISTORY_HOURS) {
      Instant next = gpus.openStart().plus(Duration.ofHours(1));
      return new ScalingDecision.Hold(
          NAME
              + ": "
              + gpus.knownHours()
              + " h of demand history, a forecast needs "
              + MIN_HISTORY_HOURS
              + " h (one day); holding",
          Optional.of(next.isAfter(now) ? next : now.plus(Duration.ofHours(1))));
    }
    Target target = target(now);
    int ready = 0;
    int firm = 0;
    for (NodeStatus n : snapshot.nodes()) {
      if (n.state() == NodeState.READY || n.state() == NodeState.PROVISIONING) {
        ready += n.gpuCount();
        if (snapshot.group(n.groupId()).capacityType() != CapacityType.SPOT) {
          firm += n.gpuCount();
        }
      }
    }
    double share = checkpointShare();
    int want = (int) Math.ceil(target.gpus() - 1e-9);
    int wantFirm = (int) Math.ceil(target.gpus() * (1 - share) - 1e-9);
    String seen =
        String.format(
            Locale.ROOT,
            "%s: forecast %s GPUs in use by %s (%s), %d ready or provisioning",
            NAME,
            fmt(target.gpus()),
            HHMM.format(now.plus(lead)),
            target.detail(),
            ready);
    Optional<ScalingDecision.ScaleUp> up = Optional.empty();
    if (firm < wantFirm) {
      up = scaleUp(snapshot, wantFirm - firm, false, seen, share);
    }
    if (up.isEmpty() && ready < want) {
      up = scaleUp(snapshot, want - ready, share > 0, seen, share);
    }
    if (up.isPresent()) {
      return up.get();
    }
    String why =
        ready >= want && firm >= wantFirm
            ? "; enough, holding"
            : "; short, but no eligible group has room";
    return new ScalingDecision.Hold(seen + why, Optional.of(nextReview(now)));
  }

  /**
   * GPUs of headroom above the demand of {@code snapshot} (GPUs requested on ready nodes plus
   * pending) that the forecast wants kept within the next lead time, for a combining policy: a
   * scale-down that would leave fewer than demand plus this many GPUs ready or provisioning removes
   * capacity this policy would pre-warm again. 0 before a day of history or when the forecast is at
   * or below current demand. Reads the history learned so far; records nothing.
   */
  public int warmGpusWanted(ScalingSnapshot snapshot) {
    if (gpus.knownHours() < MIN_HISTORY_HOURS) {
      return 0;
    }
    double demand = 0;
    for (double v : demand(snapshot).values()) {
      demand += v;
    }
    return (int) Math.max(0, Math.ceil(target(snapshot.now()).gpus() - demand - 1e-9));
  }

  /** The hourly GPU demand learned so far, per team, for inspection and tests. */
  public List<DemandSeries> gpuHistory() {
    List<DemandSeries> out = new ArrayList<>();
    gpus.keys().forEach(k -> out.add(gpus.series(k)));
    return out;
  }

  /** The hourly arrivals learned so far, per team. */
  public List<DemandSeries> arrivalHistory() {
    List<DemandSeries> out = new ArrayList<>();
    arrivals.keys().forEach(k -> out.add(arrivals.series(k)));
    return out;
  }

  private void observe(ScalingSnapshot snapshot) {
    Map<String, Double> counts = new HashMap<>();
    Set<String> pendingNow = new HashSet<>();
    for (PendingWorkload p : snapshot.pending()) {
      Workload w = p.workload();
      pendingNow.add(w.name());
      if (!lastPending.contains(w.name())) {
        counts.merge(team(w), 1.0, Double::sum);
        double g = w.totalGpuMilli() / 1000.0;
        arrivedGpus += g;
        if (p.interruptible()) {
          arrivedInterruptibleGpus += g;
        }
      }
    }
    lastPending = pendingNow;
    gpus.observe(snapshot.now(), demand(snapshot));
    arrivals.observe(snapshot.now(), counts);
  }

  private static Map<String, Double> demand(ScalingSnapshot snapshot) {
    Map<String, Double> demand = new HashMap<>();
    ClusterView c = snapshot.cluster();
    for (int i = 0; i < c.nodeCount(); i++) {
      for (Workload w : c.workloadsOn(i)) {
        if (w.requestsGpu()) {
          demand.merge(team(w), w.totalGpuMilli() / 1000.0, Double::sum);
        }
      }
    }
    for (PendingWorkload p : snapshot.pending()) {
      if (p.workload().requestsGpu()) {
        demand.merge(team(p.workload()), p.workload().totalGpuMilli() / 1000.0, Double::sum);
      }
    }
    return demand;
  }

  private static String team(Workload w) {
    String t = w.labels().get(TEAM_LABEL);
    return t == null || t.isBlank() ? NO_TEAM : t;
  }

  private double checkpointShare() {
    return arrivedGpus > 0 ? arrivedInterruptibleGpus / arrivedGpus : 0;
  }

  /** The forecast peak over the hours overlapping [now, now + lead], and who drives it. */
  record Target(double gpus, String detail) {}

  private Target target(Instant now) {
    Instant open = gpus.openStart();
    int first = hoursAhead(open, now);
    int last = hoursAhead(open, now.plus(lead));
    Map<String, Forecast> f = forecasts(last);
    double best = -1;
    int bestH = first;
    for (int h = first; h <= last; h++) {
      double sum = 0;
      for (Forecast fc : f.values()) {
        sum += fc.at(h);
      }
      if (sum > best) {
        best = sum;
        bestH = h;
      }
    }
    String topTeam = "";
    double top = -1;
    String method = "";
    for (Map.Entry<String, Forecast> e : f.entrySet()) {
      if (e.getValue().at(bestH) > top) {
        top = e.getValue().at(bestH);
        topTeam = e.getKey();
        method = e.getValue().method();
      }
    }
    Instant hour = open.plus(Duration.ofHours(bestH - 1));
    String detail =
        String.format(
            Locale.ROOT,
            "peak hour from %s; %d teams, largest %s %s; %s",
            HHMM.format(hour),
            f.size(),
            topTeam,
            fmt(Math.max(0, top)),
            method);
    return new Target(Math.max(0, best), detail);
  }

  /** 1 for the open hour, 2 for the one after, ... */
  private static int hoursAhead(Instant open, Instant t) {
    long ms = t.toEpochMilli() - open.toEpochMilli();
    return (int) Math.max(1, Math.floorDiv(ms, DemandRecorder.HOUR_MS) + 1);
  }

  private Map<String, Forecast> forecasts(int horizon) {
    if (cachedAt != gpus.closedHours()
        || cached.values().stream().anyMatch(f -> f.horizon() < horizon)) {
      Map<String, Forecast> f = new LinkedHashMap<>();
      int h =
          Math.max(horizon, 2 + (int) Math.ceil(lead.toMillis() / (double) DemandRecorder.HOUR_MS));
      for (String k : gpus.keys()) {
        DemandSeries s = gpus.series(k);
        if (s.size() >= s.stepsPerDay() && hasData(s)) {
          f.put(k, forecaster.forecast(s, h));
        }
      }
      cached = f;
      cachedAt = gpus.closedHours();
    }
    return cached;
  }

  private static boolean hasData(DemandSeries s) {
    for (int i = 0; i < s.size(); i++) {
      if (!s.isMissing(i)) {
        return true;
      }
    }
    return false;
  }

  private Instant nextReview(Instant now) {
    long ahead = now.plus(lead).toEpochMilli();
    long boundary = (Math.floorDiv(ahead, DemandRecorder.HOUR_MS) + 1) * DemandRecorder.HOUR_MS;
    return Instant.ofEpochMilli(boundary).minus(lead);
  }

  private Optional<ScalingDecision.ScaleUp> scaleUp(
      ScalingSnapshot snapshot, int shortGpus, boolean spotOk, String seen, double share) {
    NodeGroup best = null;
    int bestNodes = 0;
    double bestCost = 0;
    for (NodeGroup g : snapshot.groups()) {
      if (g.gpusPerNode() < 1 || (g.capacityType() == CapacityType.SPOT && !spotOk)) {
        continue;
      }
      int room = snapshot.scaleUpHeadroom(g.id());
      int nodes = Math.min(room, (shortGpus + g.gpusPerNode() - 1) / g.gpusPerNode());
      if (nodes < 1) {
        continue;
      }
      double cost = nodes * g.pricePerHourUsd() / Math.min(shortGpus, nodes * g.gpusPerNode());
      boolean better =
          best == null
              || g.capacityType().ordinal() < best.capacityType().ordinal()
              || (g.capacityType() == best.capacityType()
                  && (cost < bestCost || (cost == bestCost && g.id().compareTo(best.id()) < 0)));
      if (better) {
        best = g;
        bestNodes = nodes;
        bestCost = cost;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ScalingDecision.ScaleUp(
            best.id(),
            bestNodes,
            String.format(
                Locale.ROOT,
                "%s; %d new %s %s nodes pre-warm %d GPUs (%s short; %.0f %% of arriving GPU work"
                    + " checkpoints) at $%.2f per covered GPU-hour",
                seen,
                bestNodes,
                best.instanceType(),
                best.capacityType(),
                bestNodes * best.gpusPerNode(),
                shortGpus + (spotOk ? " GPUs" : " GPUs of non-spot capacity"),
                100 * share,
                bestCost)));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Listed in {@code META-INF/services}. Settings: {@code lead-seconds} (300). */
  public static final class Provider implements ScalingPolicy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "pre-warm GPU capacity one provisioning lead time ahead of the forecast demand"
          + " (hour-of-week profile per team, learned after a day of history); scale-out only";
    }

    @Override
    public ScalingPolicy create(Settings settings) {
      settings.requireOnly("scaling policy " + NAME, "lead-seconds");
      try {
        return new PredictivePolicy(
            Duration.ofSeconds(settings.getLong("lead-seconds", DEFAULT_LEAD.toSeconds())),
            List.of());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("scaling policy " + NAME + ": " + e.getMessage(), e);
      }
    }
  }
}
