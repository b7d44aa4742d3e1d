package io.gpuautoscaler.api.cost;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.NamedProvider;
import io.gpuautoscaler.api.spi.Settings;
import java.util.Optional;

/**
 * Says what a node's GPUs cost per hour. Implementations are thread-safe and do no I/O in {@link
 * #find}: a source that reads files or cloud APIs does so when it is created or refreshed.
 *
 * <p>An absent price means the source does not know the node; callers report it and never price it
 * at zero.
 */
@Beta
public interface PricingSource {

  /**
   * The price of the node {@code query} describes, if this source knows it. Deterministic: the same
   * query always gives the same answer from the same source.
   */
  Optional<Price> find(PriceQuery query);

  /** Found by {@link java.util.ServiceLoader}; cheap to load, builds the source on demand. */
  interface Provider extends NamedProvider {
    /**
     * Builds the source.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException for settings it does not understand
     * @throws io.gpuautoscaler.api.InputFormatException for a malformed price file it was given
     */
    PricingSource create(Settings settings);
  }
}
