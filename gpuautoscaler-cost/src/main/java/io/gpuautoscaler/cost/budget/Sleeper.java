package io.gpuautoscaler.cost.budget;

import java.time.Duration;

/**
 * Waits between delivery attempts. Injected so that tests run retries without real waiting, and so
 * that the waits they asked for can be checked.
 */
@FunctionalInterface
public interface Sleeper {
  /** {@link Thread#sleep}: the production sleeper. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /**
   * Waits about {@code duration}.
   *
   * @throws InterruptedException when the thread is interrupted; the dispatcher then stops retrying
   */
  void sleep(Duration duration) throws InterruptedException;
}
