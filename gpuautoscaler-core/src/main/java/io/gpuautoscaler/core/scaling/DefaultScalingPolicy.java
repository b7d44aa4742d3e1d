package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
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
 *   <li>an interruption buffer: free GPUs for the work of the spot nodes likely to be reclaimed
 *       within one lead time, at the reclaim rate seen so far ({@link InterruptionBuffer}), so that
 *       reclaimed work restarts at once;
 *   <li>{@code gpu-utilization} scale-down with multi-node consolidation, which keeps the idle GPUs
 *       the forecast wants warm ({@link PredictivePolicy#warmGpusWanted}) plus the buffer.
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
  }

  @Override
  public ScalingDecision decide(ScalingSnapshot snapshot) {
    scaleUp.observe(snapshot);
    interruptions.observe(snapshot);
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
    ScalingDecision down = consolidator.decide(snapshot, NAME, predictive.warmGpusWanted(snapshot));
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

  /** Nodes for the interruption buffer when the free GPUs fall short of it. */
  private Optional<ScalingDecision.ScaleUp> bufferScaleUp(ScalingSnapshot s, int buffer) {
    if (buffer == 0) {
      return Optional.empty();
    }
    long freeMilli = 0;
    for (NodeStatus n : s.nodes()) {
      // Only empty nodes count: a reclaimed node's widest job needs a whole node.
      if (n.state() == NodeState.READY && n.workloads() == 0) {
        freeMilli += n.gpuCount() * 1000L;
      } else if (n.state() == NodeState.PROVISIONING) {
        freeMilli += n.gpuCount() * 1000L;
      }
    }
    for (PendingWorkload p : s.pending()) {
      freeMilli -= p.workload().totalGpuMilli();
    }
    int free = (int) Math.max(0, freeMilli / 1000);
    if (free >= buffer) {
      return Optional.empty();
    }
    NodeGroup g = InterruptionBuffer.bufferGroup(s);
    if (g == null || g.gpusPerNode() == 0) {
      return Optional.empty();
    }
    int nodes =
        Math.min(
            s.scaleUpHeadroom(g.id()), (buffer - free + g.gpusPerNode() - 1) / g.gpusPerNode());
    return Optional.of(
        new ScalingDecision.ScaleUp(
            g.id(),
            nodes,
            String.format(
                Locale.ROOT,
                "%s: spot nodes are reclaimed at %.3f per node-hour (%d seen); the 95th percentile"
                    + " within one lead time (%d s) is %d nodes, so %d GPUs on empty nodes are"
                    + " kept for their work and %d are; %d new %s nodes at $%.2f/h each",
                NAME,
                interruptions.reclaimsPerNodeHour(),
                interruptions.reclaims(),
                lead.toSeconds(),
                interruptions.nodesWanted(lead),
                buffer,
                free,
                nodes,
                g.id(),
                g.pricePerHourUsd())));
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
