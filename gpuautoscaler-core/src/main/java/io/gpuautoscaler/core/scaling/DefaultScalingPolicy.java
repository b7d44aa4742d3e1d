package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.PendingWorkload;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code default}: the project's recommended combination. Each snapshot is answered by the first of
 * these that acts:
 *
 * <ol>
 *   <li>{@code tiered} scale-up for pending work: reserved, then spot for checkpointing work, then
 *       on-demand, with fallback when a group runs short of capacity;
 *   <li>{@code predictive} pre-warming: after a day of history, capacity for the forecast demand
 *       one provisioning lead time ahead;
 *   <li>headroom on empty nodes, so that most work starts without waiting a lead time for a new
 *       node: the 95th percentile of the GPUs that arrive within one lead time over the last day
 *       ({@link ArrivalHeadroom}), plus the GPUs of the spot nodes likely to be reclaimed within
 *       one lead time at the reclaim rate seen so far ({@link InterruptionBuffer});
 *   <li>{@code gpu-utilization} scale-down with multi-node consolidation, which keeps the idle GPUs
 *       the forecast wants warm ({@link PredictivePolicy#warmGpusWanted}) plus the headroom.
 * </ol>
 *
 * <p>The predictive part sees every snapshot, so it learns from all of them, even those another
 * part answers.
 *
 * <p>Every setting is a default of the policies it combines (cluster-autoscaler's and Karpenter's
 * published values); none was fitted to a trace. Stateful: one instance per cluster.
 */
@Beta
public final class DefaultScalingPolicy implements ScalingPolicy {
  /** The provider id. */
  public static final String NAME = "default";

  private final TieredScaleUp scaleUp = new TieredScaleUp(TieredScaleUp.UNAVAILABLE_TTL);
  private final PredictivePolicy predictive;
  private final InterruptionBuffer interruptions = new InterruptionBuffer();
  private final ArrivalHeadroom arrivals;
  private final Duration lead;
  private final Consolidator consolidator =
      new Consolidator(0.5, Duration.ofMinutes(10), Duration.ofMinutes(10), 10);

  /** The combination, pre-warming for the {@code simulated} provider's assumed 300 s lead. */
  public DefaultScalingPolicy() {
    this(PredictivePolicy.DEFAULT_LEAD);
  }

  /**
   * @param lead how long a new node takes to become ready, what pre-warming plans for; at least 0
   */
  public DefaultScalingPolicy(Duration lead) {
    this.predictive = new PredictivePolicy(lead, List.of());
    this.lead = lead;
    this.arrivals = new ArrivalHeadroom(lead);
  }

  @Override
  public ScalingDecision decide(ScalingSnapshot snapshot) {
    scaleUp.observe(snapshot);
    interruptions.observe(snapshot);
    arrivals.observe(snapshot);
    ScalingDecision forecast = predictive.decide(snapshot);
    TieredScaleUp.Outcome up = scaleUp.decide(snapshot, NAME);
    if (up.scaleUp().isPresent()) {
      consolidator.scaledUp(snapshot.now());
      return up.scaleUp().get();
    }
    if (forecast instanceof ScalingDecision.ScaleUp warm) {
      consolidator.scaledUp(snapshot.now());
      return new ScalingDecision.ScaleUp(warm.groupId(), warm.count(), NAME + "/" + warm.reason());
    }
    int arriving = arrivals.gpusWanted(snapshot.now());
    int reclaims = interruptions.gpusWanted(lead);
    Optional<ScalingDecision.ScaleUp> room = headroomScaleUp(snapshot, arriving, reclaims);
    if (room.isPresent()) {
      consolidator.scaledUp(snapshot.now());
      return room.get();
    }
    ScalingDecision down =
        consolidator.decide(
            snapshot, NAME, predictive.warmGpusWanted(snapshot) + arriving + reclaims);
    if (down instanceof ScalingDecision.RemoveNodes remove) {
      interruptions.removing(remove.nodeIds());
    }
    if (down instanceof ScalingDecision.Hold hold
        && forecast instanceof ScalingDecision.Hold forecastHold) {
      Optional<Instant> review = hold.reviewAt();
      Optional<Instant> other = forecastHold.reviewAt();
      if (other.isPresent() && (review.isEmpty() || other.get().isBefore(review.get()))) {
        review = other;
      }
      down = new ScalingDecision.Hold(hold.reason(), review);
    }
    return TieredPolicy.withNote(down, up.note(), scaleUp.nextExpiry());
  }

  /**
   * Nodes for the headroom (arrivals plus the interruption buffer) when the GPUs on empty and
   * provisioning nodes, less what pending work will take, fall short of it. The share of arriving
   * work that checkpoints is kept on spot, the rest on capacity the cloud does not interrupt.
   */
  private Optional<ScalingDecision.ScaleUp> headroomScaleUp(
      ScalingSnapshot s, int arrivalsGpus, int reclaimGpus) {
    int total = arrivalsGpus + reclaimGpus;
    if (total == 0) {
      return Optional.empty();
    }
    double share = arrivals.interruptibleShare();
    // Reclaimed work checkpoints (it ran on spot), so its buffer may be spot too.
    int wantSpot = (int) Math.round(arrivalsGpus * share) + reclaimGpus;
    int wantFirm = total - wantSpot;
    long spotFree = 0;
    long firmFree = 0;
    for (NodeStatus n : s.nodes()) {
      // Only empty nodes count: the widest arriving job needs a whole node.
      boolean empty =
          (n.state() == NodeState.READY && n.workloads() == 0)
              || n.state() == NodeState.PROVISIONING;
      if (empty) {
        if (s.group(n.groupId()).capacityType() == CapacityType.SPOT) {
          spotFree += n.gpuCount() * 1000L;
        } else {
          firmFree += n.gpuCount() * 1000L;
        }
      }
    }
    for (PendingWorkload p : s.pending()) {
      long milli = p.workload().totalGpuMilli();
      if (p.interruptible()) {
        long fromSpot = Math.min(spotFree, milli);
        spotFree -= fromSpot;
        milli -= fromSpot;
      }
      firmFree -= milli;
    }
    int firmShort = wantFirm - (int) Math.max(0, firmFree / 1000);
    int spotShort = wantSpot - (int) Math.max(0, spotFree / 1000);
    NodeGroup g = null;
    int shortBy = 0;
    if (firmShort > 0) {
      g = widestCheapest(s, false);
      shortBy = firmShort;
    }
    if (g == null && spotShort > 0) {
      g = widestCheapest(s, true);
      shortBy = spotShort;
    }
    if (g == null || g.gpusPerNode() == 0) {
      return Optional.empty();
    }
    int nodes =
        Math.min(s.scaleUpHeadroom(g.id()), (shortBy + g.gpusPerNode() - 1) / g.gpusPerNode());
    return Optional.of(
        new ScalingDecision.ScaleUp(
            g.id(),
            nodes,
            String.format(
                Locale.ROOT,
                "%s: headroom of %d GPUs on empty nodes — %d for the 95th percentile of GPUs"
                    + " arriving within one lead time (%d s) over the last day, %d for spot"
                    + " reclaims (%.3f per node-hour, %d seen); %s is %d GPUs short; %d new %s"
                    + " nodes at $%.2f/h each",
                NAME,
                total,
                arrivalsGpus,
                lead.toSeconds(),
                reclaimGpus,
                interruptions.reclaimsPerNodeHour(),
                interruptions.reclaims(),
                g.capacityType() == CapacityType.SPOT ? "spot" : "capacity that is not interrupted",
                shortBy,
                nodes,
                g.id(),
                g.pricePerHourUsd())));
  }

  /** The widest group of the kind with room, cheapest per GPU among those; null if none. */
  private static NodeGroup widestCheapest(ScalingSnapshot s, boolean spot) {
    NodeGroup best = null;
    for (NodeGroup g : s.groups()) {
      if ((g.capacityType() == CapacityType.SPOT) != spot || s.scaleUpHeadroom(g.id()) < 1) {
        continue;
      }
      if (best == null
          || g.gpusPerNode() > best.gpusPerNode()
          || (g.gpusPerNode() == best.gpusPerNode()
              && g.pricePerGpuHourUsd() < best.pricePerGpuHourUsd())) {
        best = g;
      }
    }
    return best;
  }

  /**
   * Listed in {@code META-INF/services}. Settings: {@code lead-seconds} (300), the node start-up
   * time pre-warming plans for; everything else is the combination as recommended.
   */
  public static final class Provider implements ScalingPolicy.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "the recommended combination: tiered scale-up with fallback, predictive"
          + " pre-warming, GPU-utilization consolidation that keeps the forecast warm";
    }

    @Override
    public ScalingPolicy create(Settings settings) {
      settings.requireOnly("scaling policy " + NAME, "lead-seconds");
      try {
        return new DefaultScalingPolicy(Duration.ofSeconds(settings.getLong("lead-seconds", 300)));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("scaling policy " + NAME + ": " + e.getMessage(), e);
      }
    }
  }
}
