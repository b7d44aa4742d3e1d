package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.PendingWorkload;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The scale-up of the {@code tiered}, {@code gpu-utilization} and {@code default} policies: pack
 * the pending work that nodes on their way will not take onto each group's node template, then pick
 * by tier (reserved, already paid; spot, for work that checkpoints only; on-demand), within a tier
 * by price per placed GPU-hour ({@code price} expander), then by fewest idle GPUs ({@code
 * least-waste}), then by id. A group the cloud just ran short of is skipped for a while ({@link
 * UnavailableOfferings}), so the work falls back to the next tier instead of waiting. Spot and
 * on-demand GPU caps ({@link io.gpuautoscaler.api.scaling.ScalingLimits}) bound every option
 * through {@link ScalingSnapshot#scaleUpHeadroom}.
 */
final class TieredScaleUp {
  /** Karpenter's unavailable-offering cache time. */
  static final Duration UNAVAILABLE_TTL = Duration.ofMinutes(3);

  /** A scale-up, or why there is none ({@code note} is empty when nothing is pending). */
  record Outcome(Optional<ScalingDecision.ScaleUp> scaleUp, String note) {}

  private final ScaleUpPlanner planner = new ScaleUpPlanner();
  private final UnavailableOfferings unavailable;

  TieredScaleUp(Duration unavailableTtl) {
    this.unavailable = new UnavailableOfferings(unavailableTtl);
  }

  /** Must see every snapshot the policy is shown, before {@link #decide}. */
  void observe(ScalingSnapshot s) {
    unavailable.observe(s);
  }

  Outcome decide(ScalingSnapshot s, String policy) {
    List<List<PendingWorkload>> gangs = ScaleUpPlanner.gangs(s.pending());
    if (gangs.isEmpty()) {
      return new Outcome(Optional.empty(), "");
    }
    List<List<PendingWorkload>> uncovered = planner.notCoveredByProvisioning(s, gangs);
    if (uncovered.isEmpty()) {
      return new Outcome(
          Optional.empty(),
          "; "
              + ScaleUpPlanner.workloads(gangs)
              + " pending workloads wait for nodes on their way");
    }
    List<String> skipped = new ArrayList<>();
    List<ScaleUpPlanner.Option> options =
        planner.options(
            s,
            uncovered,
            g -> {
              Optional<String> why = unavailable.why(g.id(), s.now());
              why.ifPresent(skipped::add);
              return why.isEmpty();
            });
    Optional<ScaleUpPlanner.Option> best = options.stream().min(ORDER);
    if (best.isEmpty()) {
      return new Outcome(
          Optional.empty(),
          "; "
              + ScaleUpPlanner.workloads(uncovered)
              + " pending workloads fit no group with room"
              + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")"));
    }
    ScaleUpPlanner.Option o = best.get();
    unavailable.asked(o.group().id(), o.nodes(), s.now());
    String fallback =
        skipped.isEmpty() ? "" : "; skipped " + String.join("; ", skipped) + " — fell back";
    return new Outcome(
        Optional.of(
            new ScalingDecision.ScaleUp(
                o.group().id(),
                o.nodes(),
                policy
                    + ": "
                    + ScaleUpPlanner.workloads(uncovered)
                    + " pending workloads ("
                    + ScaleUpPlanner.gpus(uncovered)
                    + " GPUs) fit on no ready or provisioning node; "
                    + o.describe()
                    + " — "
                    + tierNote(o.group())
                    + ", best of "
                    + options.size()
                    + " options"
                    + fallback)),
        "");
  }

  private static String tierNote(NodeGroup g) {
    return switch (g.capacityType()) {
      case RESERVED -> "reserved tier (already paid)";
      case SPOT -> "spot tier (the work checkpoints)";
      case ON_DEMAND -> "on-demand tier";
    };
  }

  static final Comparator<ScaleUpPlanner.Option> ORDER =
      Comparator.comparingInt((ScaleUpPlanner.Option o) -> tier(o.group().capacityType()))
          .thenComparingDouble(ScaleUpPlanner.Option::pricePerPlacedGpuHour)
          .thenComparingDouble(ScaleUpPlanner.Option::idleFraction)
          .thenComparing(o -> o.group().id());

  static int tier(CapacityType type) {
    return switch (type) {
      case RESERVED -> 0;
      case SPOT -> 1;
      case ON_DEMAND -> 2;
    };
  }

  Optional<java.time.Instant> nextExpiry() {
    return unavailable.nextExpiry();
  }
}
