package io.gpuautoscaler.api.cost;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.NamedProvider;
import io.gpuautoscaler.api.spi.Settings;

/**
 * Where a budget alert goes: a chat webhook, a mailbox, an incident tool, any HTTP endpoint.
 *
 * <p>{@link #deliver} makes one attempt; retries, backoff and "once per threshold per period" are
 * the caller's (the cost module's alert dispatcher), so a channel stays small. Implementations are
 * thread-safe, and keep their secrets (webhook URLs, routing keys, passwords, signing keys) out of
 * {@code toString}, logs and exception messages.
 */
@Beta
public interface AlertChannel {
  /**
   * Delivers {@code alert} once. A receiver may see the same alert twice when a retry follows an
   * attempt whose answer was lost, so receivers should key on {@link Alert#dedupKey()}.
   *
   * @throws AlertDeliveryException when the receiver did not accept it; {@link
   *     AlertDeliveryException#retryable()} says whether trying again may help
   */
  void deliver(Alert alert);

  /** Found by {@link java.util.ServiceLoader}; cheap to load, builds the channel on demand. */
  interface Provider extends NamedProvider {
    /**
     * A channel configured by {@code settings}; each provider documents its keys.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException when a key is missing, unknown or bad;
     *     the message names the key and never a secret value
     */
    AlertChannel create(Settings settings);
  }
}
