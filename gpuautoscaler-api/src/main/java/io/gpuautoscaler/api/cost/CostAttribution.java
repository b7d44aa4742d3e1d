package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * What cost to track and how to report it: the spec a {@code CostAttribution} Kubernetes resource
 * carries, as in the cost issue's example:
 *
 * <pre>{@code
 * trackBy: [namespace, label:experiment-id, label:user]
 * reportingPeriod: 24h
 * }</pre>
 *
 * @param name the attribution's name
 * @param trackBy the keys cost is grouped by, in order, none twice; not empty
 * @param reportingPeriod how long one report covers, positive
 * @param idleSharing whether idle GPU cost stays on its own line or is shared back to the groups
 * @param teamLabel the workload label that names its team (a cost record's {@code team})
 * @param experimentLabel the workload label that names its experiment (a cost record's {@code
 *     experimentId})
 */
@Beta
public record CostAttribution(
    String name,
    List<GroupKey> trackBy,
    Duration reportingPeriod,
    IdleSharing idleSharing,
    String teamLabel,
    String experimentLabel) {

  /** The default team label. */
  public static final String DEFAULT_TEAM_LABEL = "team";

  /** The default experiment label. */
  public static final String DEFAULT_EXPERIMENT_LABEL = "experiment-id";

  /** What happens to the cost of GPUs no workload pays for. */
  public enum IdleSharing {
    /** Idle cost is reported on its own line, as OpenCost's {@code __idle__}. */
    UNSHARED,
    /**
     * Idle cost of each interval is shared back to the groups in proportion to their cost in that
     * interval (OpenCost's {@code shareIdle} with {@code __weighted__}).
     */
    PROPORTIONAL
  }

  public CostAttribution {
    nonBlank(name, "name");
    trackBy = List.copyOf(requireNonNull(trackBy, "trackBy"));
    if (trackBy.isEmpty()) {
      throw new IllegalArgumentException("trackBy of " + name + " must name at least one key");
    }
    if (new HashSet<>(trackBy).size() != trackBy.size()) {
      throw new IllegalArgumentException("trackBy of " + name + " names a key twice: " + trackBy);
    }
    requireNonNull(reportingPeriod, "reportingPeriod");
    if (reportingPeriod.isNegative() || reportingPeriod.isZero()) {
      throw new IllegalArgumentException(
          "reportingPeriod of " + name + " must be positive, was " + reportingPeriod);
    }
    requireNonNull(idleSharing, "idleSharing");
    nonBlank(teamLabel, "teamLabel");
    nonBlank(experimentLabel, "experimentLabel");
  }

  /**
   * An attribution with the default labels ({@value #DEFAULT_TEAM_LABEL}, {@value
   * #DEFAULT_EXPERIMENT_LABEL}) and idle cost unshared.
   */
  public static CostAttribution of(String name, List<GroupKey> trackBy, Duration reportingPeriod) {
    return new CostAttribution(
        name,
        trackBy,
        reportingPeriod,
        IdleSharing.UNSHARED,
        DEFAULT_TEAM_LABEL,
        DEFAULT_EXPERIMENT_LABEL);
  }

  /** This attribution with idle cost shared as {@code sharing}. */
  public CostAttribution withIdleSharing(IdleSharing sharing) {
    return new CostAttribution(name, trackBy, reportingPeriod, sharing, teamLabel, experimentLabel);
  }

  private static void nonBlank(String value, String field) {
    requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
