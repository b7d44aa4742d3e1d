package io.gpuautoscaler.api.spi;

import io.gpuautoscaler.api.Beta;

/**
 * What every SPI's {@code Provider} has in common: a stable, kebab-case name by which configuration
 * selects it. Providers are found with {@link java.util.ServiceLoader}, so they need a public
 * no-argument constructor and must be cheap to construct: the component itself is built by the
 * SPI's {@code create(Settings)}.
 */
@Beta
public interface NamedProvider {

  /**
   * Stable lowercase kebab-case id used in configuration, e.g. {@code "best-fit"}. Never renamed.
   */
  String name();

  /** One sentence on what the provided component does, for listings; empty by default. */
  default String description() {
    return "";
  }
}
