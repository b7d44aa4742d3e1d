package io.gpuautoscaler.cost.budget;

import java.util.Set;

/**
 * Remembers which alerts are open (triggered and not yet resolved), so that a threshold alerts once
 * per period however often its budget is evaluated. In memory by default ({@link
 * InMemoryAlertLedger}); a store can back it so that a restart does not repeat alerts.
 *
 * <p>Implementations are thread-safe.
 */
public interface AlertLedger {
  /** The open alerts of {@code budget}, of any period; empty when none. */
  Set<AlertKey> open(String budget);

  /** Records that {@code key}'s trigger was delivered. Idempotent. */
  void opened(AlertKey key);

  /** Records that {@code key}'s resolve was delivered (or can no longer be). Idempotent. */
  void resolved(AlertKey key);
}
