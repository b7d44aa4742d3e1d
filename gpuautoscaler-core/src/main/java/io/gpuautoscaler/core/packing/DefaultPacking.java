package io.gpuautoscaler.core.packing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;

/**
 * The library's default packing strategy, and the alias that names it: configuration and the
 * command line accept {@value #ALIAS} wherever a strategy name goes and mean {@value #STRATEGY}.
 * The alias follows the default when a better strategy takes its place; the strategy's own name
 * never changes meaning.
 */
@Beta
public final class DefaultPacking {
  /** The alias of the default strategy. */
  public static final String ALIAS = "default";

  /** The name of the default strategy: {@link HorizonFgdStrategy}. */
  public static final String STRATEGY = HorizonFgdStrategy.NAME;

  private DefaultPacking() {}

  /** {@value #STRATEGY} for {@value #ALIAS}, any other name unchanged. */
  public static String resolve(String name) {
    requireNonNull(name, "name");
    return ALIAS.equals(name) ? STRATEGY : name;
  }
}
