package io.gpuautoscaler.api.cost;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.GpuAutoscalerException;

/**
 * An {@link AlertChannel} could not deliver an alert. The message names the channel and what went
 * wrong (an HTTP status, a refused connection), never a secret.
 */
@Beta
public class AlertDeliveryException extends GpuAutoscalerException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  /**
   * @param message what failed, without secrets
   * @param retryable whether a later attempt may succeed (a timeout, a 5xx, a 429), as opposed to a
   *     rejection that will repeat (a 400, a 404)
   */
  public AlertDeliveryException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  /**
   * @param message what failed, without secrets
   * @param retryable whether a later attempt may succeed
   * @param cause the underlying failure; its message must not contain secrets either
   */
  public AlertDeliveryException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether a later attempt may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
