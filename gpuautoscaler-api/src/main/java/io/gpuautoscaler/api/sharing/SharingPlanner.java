package io.gpuautoscaler.api.sharing;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.NamedProvider;
import io.gpuautoscaler.api.spi.Settings;
import java.util.List;

/**
 * Decides how GPUs are shared so that a batch of requests for parts of a GPU can run: the MIG
 * layout of each GPU, or the MPS or time-slicing replicas and limits, and which GPU each request
 * gets.
 *
 * <p>A planner only decides: it changes nothing. Implementations are pure functions of their
 * arguments and settings (no clock, no I/O, no unseeded randomness): the same input gives the same
 * plan. They never take away what is in use: a MIG instance in use keeps its placement, a client
 * keeps its GPU. Unless its Javadoc says otherwise a planner is thread-safe.
 *
 * <p>Built-in providers: {@code mig}, {@code mps}, {@code time-slicing}.
 */
@Beta
public interface SharingPlanner {

  /** The sharing mode this planner plans for. */
  SharingMode mode();

  /**
   * Plans {@code requests} onto {@code gpus}.
   *
   * <p>Empty requests give a plan with no assignments; a node whose GPUs the plan does not change
   * gets no config. A request that cannot be placed is an {@link Unplaced}, not an exception.
   *
   * @param gpus the GPUs it may use, each (node, index) at most once
   * @param requests the requests, ids unique
   * @return a plan that accounts for every request exactly once; never null
   * @throws IllegalArgumentException when a GPU is listed twice, two requests share an id, or the
   *     current state of a GPU is impossible (e.g. overlapping MIG instances), naming which
   * @throws io.gpuautoscaler.api.ConfigurationException when a GPU's model is unknown to the
   *     planner, listing the known models
   */
  SharingPlan plan(List<SharedGpu> gpus, List<SharingRequest> requests);

  /** Found by {@link java.util.ServiceLoader}; cheap to load, builds the planner on demand. */
  interface Provider extends NamedProvider {
    /**
     * Builds a planner configured by {@code settings}.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException if a setting is invalid
     */
    SharingPlanner create(Settings settings);
  }
}
