package io.gpuautoscaler.core.sim;

import io.gpuautoscaler.api.Beta;

/**
 * Hears how a {@link Simulator#run} advances, e.g. to draw a progress bar. Called from the
 * simulation's worker threads, concurrently: implementations must be thread-safe and quick.
 */
@Beta
public interface ReplayListener {

  /** Hears nothing. */
  ReplayListener NONE = new ReplayListener() {};

  /** A run has replayed pods whose GPU request adds up to {@code gpuMilli}. */
  default void arrived(long gpuMilli) {}

  /** A run has finished; {@code run} is its result. */
  default void runFinished(RunResult run) {}
}
