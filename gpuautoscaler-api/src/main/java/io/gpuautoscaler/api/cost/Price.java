package io.gpuautoscaler.api.cost;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.LocalDate;

/**
 * What one node costs per hour, and where that number comes from.
 *
 * @param usdPerHour US dollars per node-hour for the node's GPUs, finite and at least 0 (0 is a
 *     real price, e.g. capacity already paid for; an unknown price is an absent {@code Price},
 *     never 0)
 * @param gpuCount the GPUs the price covers, at least 1; the node-hour price is split evenly across
 *     them
 * @param source the id of the source of the number (a price reference, a user's file and line)
 * @param asOf the date the source gives for the number
 * @param matchedBy how the query was matched, e.g. {@code instance-type p4d.24xlarge} or {@code
 *     node-label rack=a}, so that a surprising price can be traced to the row that made it
 */
@Beta
public record Price(
    double usdPerHour, int gpuCount, String source, LocalDate asOf, String matchedBy) {

  public Price {
    if (!Double.isFinite(usdPerHour) || usdPerHour < 0) {
      throw new IllegalArgumentException("usdPerHour must be finite and >= 0, was " + usdPerHour);
    }
    if (gpuCount < 1) {
      throw new IllegalArgumentException("gpuCount must be >= 1, was " + gpuCount);
    }
    requireNonNull(source, "source");
    if (source.isBlank()) {
      throw new IllegalArgumentException("source must not be blank");
    }
    requireNonNull(asOf, "asOf");
    requireNonNull(matchedBy, "matchedBy");
    if (matchedBy.isBlank()) {
      throw new IllegalArgumentException("matchedBy must not be blank");
    }
  }

  /** US dollars per GPU-hour: the node-hour price split evenly across its GPUs. */
  public double usdPerGpuHour() {
    return usdPerHour / gpuCount;
  }
}
