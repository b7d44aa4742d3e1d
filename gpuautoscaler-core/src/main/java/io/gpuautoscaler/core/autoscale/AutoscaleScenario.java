package io.gpuautoscaler.core.autoscale;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.scaling.ScalingLimits;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.packing.BestFitStrategy;
import io.gpuautoscaler.core.scaling.SimulatedGroup;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of the {@link AutoscaleSimulator}: the node groups at the start, the policy that scales
 * them, the strategy that places jobs, the limits, and the seed.
 *
 * <p>A policy may keep state, so a scenario's policy instance serves one run; build a new scenario
 * (and policy) for each run.
 *
 * @param name how results name this run, e.g. {@code static-peak}
 * @param groups the node groups and their simulated cloud; ids distinct, at least one
 * @param policy decides how the groups change
 * @param packing places jobs on ready nodes
 * @param limits caps and the disruption budget the policy must respect
 * @param scanInterval the shortest time between two policy evaluations caused by changes
 *     (cluster-autoscaler's {@code --scan-interval}); positive
 * @param seed seeds the cloud's spot interruptions
 */
@Beta
public record AutoscaleScenario(
    String name,
    List<SimulatedGroup> groups,
    ScalingPolicy policy,
    PackingStrategy packing,
    ScalingLimits limits,
    Duration scanInterval,
    long seed) {

  /** cluster-autoscaler's default scan interval. */
  public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(10);

  public AutoscaleScenario {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    groups = List.copyOf(groups);
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("scenario " + name + " needs at least one node group");
    }
    Set<String> ids = new HashSet<>();
    for (SimulatedGroup g : groups) {
      if (!ids.add(g.group().id())) {
        throw new IllegalArgumentException("two groups have id " + g.group().id());
      }
    }
    requireNonNull(policy, "policy");
    requireNonNull(packing, "packing");
    requireNonNull(limits, "limits");
    requireNonNull(scanInterval, "scanInterval");
    if (scanInterval.isNegative() || scanInterval.isZero()) {
      throw new IllegalArgumentException("scanInterval must be positive, was " + scanInterval);
    }
  }

  /** A scenario with best-fit packing, no limits and the default scan interval. */
  public static AutoscaleScenario of(
      String name, List<SimulatedGroup> groups, ScalingPolicy policy, long seed) {
    return new AutoscaleScenario(
        name,
        groups,
        policy,
        new BestFitStrategy(),
        ScalingLimits.none(),
        DEFAULT_SCAN_INTERVAL,
        seed);
  }
}
