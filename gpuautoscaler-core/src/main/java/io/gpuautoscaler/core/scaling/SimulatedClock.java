package io.gpuautoscaler.core.scaling;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A clock that moves only when told to, forward only: the time of a simulation. Not thread-safe.
 */
@Beta
public final class SimulatedClock implements InstantSource {
  private Instant now;

  /** A clock showing {@code start}. */
  public SimulatedClock(Instant start) {
    this.now = requireNonNull(start, "start");
  }

  @Override
  public Instant instant() {
    return now;
  }

  /**
   * Moves the clock to {@code time}; staying at the same instant is allowed.
   *
   * @throws IllegalArgumentException if {@code time} is before the clock's time
   */
  public void advanceTo(Instant time) {
    requireNonNull(time, "time");
    if (time.isBefore(now)) {
      throw new IllegalArgumentException("the clock is at " + now + "; cannot go back to " + time);
    }
    now = time;
  }

  @Override
  public String toString() {
    return "SimulatedClock[" + now + "]";
  }
}
