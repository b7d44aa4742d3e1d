package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Groups whose cloud could not supply the nodes last asked for, kept out of scale-ups for a while:
 * Karpenter's unavailable-offerings cache (3 minutes by default).
 *
 * <p>A policy sees snapshots, not provider events, so a shortage is inferred: after asking a group
 * for {@code n} nodes at {@code t}, the first snapshot at or after {@code t} must show {@code n}
 * nodes of that group launched at or after {@code t}. Fewer means the cloud refused the rest (a
 * provider lowers the target to what it obtained, as the insufficient-capacity contract says). Spot
 * reclaims do not mark a group: they hit nodes launched earlier, and with one spot group per shape,
 * marking on every reclaim would shut spot off on any large cluster.
 */
final class UnavailableOfferings {
  private record Ask(Instant at, int count) {}

  private final Duration ttl;
  private final Map<String, Ask> asks = new HashMap<>();
  private final TreeMap<String, Instant> unavailableUntil = new TreeMap<>();
  private final Map<String, String> why = new HashMap<>();

  UnavailableOfferings(Duration ttl) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be >= 0, was " + ttl);
    }
    this.ttl = ttl;
  }

  /** Records a scale-up the caller is about to return; nothing to check without a cache time. */
  void asked(String groupId, int count, Instant at) {
    if (ttl.isZero()) {
      return;
    }
    asks.merge(groupId, new Ask(at, count), (a, b) -> new Ask(a.at(), a.count() + b.count()));
  }

  /** Checks the asks this snapshot can answer, and forgets marks that expired. */
  void observe(ScalingSnapshot s) {
    Instant now = s.now();
    unavailableUntil.values().removeIf(until -> !until.isAfter(now));
    if (asks.isEmpty()) {
      return;
    }
    List<String> answered = new ArrayList<>();
    for (Map.Entry<String, Ask> e : asks.entrySet()) {
      Ask ask = e.getValue();
      if (ask.at().isAfter(now)) {
        continue;
      }
      answered.add(e.getKey());
      int launched = 0;
      for (NodeStatus n : s.nodes()) {
        if (n.groupId().equals(e.getKey()) && !n.launchedAt().isBefore(ask.at())) {
          launched++;
        }
      }
      if (launched < ask.count()) {
        unavailableUntil.put(e.getKey(), now.plus(ttl));
        why.put(
            e.getKey(),
            "the cloud supplied "
                + launched
                + " of "
                + ask.count()
                + " nodes asked for at "
                + ask.at());
      }
    }
    answered.forEach(asks::remove);
  }

  boolean available(String groupId, Instant now) {
    Instant until = unavailableUntil.get(groupId);
    return until == null || !until.isAfter(now);
  }

  /** Why a group is unavailable now, for reasons. */
  Optional<String> why(String groupId, Instant now) {
    return available(groupId, now)
        ? Optional.empty()
        : Optional.of(
            groupId
                + " unavailable until "
                + unavailableUntil.get(groupId)
                + " ("
                + why.get(groupId)
                + ")");
  }

  /** The earliest instant a mark expires, if any is set. */
  Optional<Instant> nextExpiry() {
    return unavailableUntil.values().stream().min(Instant::compareTo);
  }
}
