package io.gpuautoscaler.cost.budget;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/** An {@link AlertLedger} in memory: forgets on restart, so a restart may repeat open alerts. */
public final class InMemoryAlertLedger implements AlertLedger {
  private final ConcurrentSkipListSet<AlertKey> open = new ConcurrentSkipListSet<>();

  @Override
  public Set<AlertKey> open(String budget) {
    requireNonNull(budget, "budget");
    return open.stream()
        .filter(k -> k.budget().equals(budget))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public void opened(AlertKey key) {
    open.add(requireNonNull(key, "key"));
  }

  @Override
  public void resolved(AlertKey key) {
    open.remove(requireNonNull(key, "key"));
  }
}
