package io.gpuautoscaler.api.spi;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The providers of one SPI, by name. Loaded with {@link ServiceLoader} or given explicitly by an
 * embedder; iteration order is by name, never by class-path order. Immutable and thread-safe.
 *
 * <pre>{@code
 * var strategies = ProviderRegistry.load(PackingStrategy.Provider.class);
 * PackingStrategy fgd = strategies.require("fgd").create(Settings.empty());
 * }</pre>
 *
 * @param <P> the provider interface, e.g. {@link PackingStrategy.Provider}
 */
@Beta
public final class ProviderRegistry<P extends NamedProvider> {
  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final Class<P> type;
  private final SortedMap<String, P> byName;

  private ProviderRegistry(Class<P> type, SortedMap<String, P> byName) {
    this.type = type;
    this.byName = Collections.unmodifiableSortedMap(byName);
  }

  /**
   * Loads every provider of {@code type} visible to the thread's context class loader, then to the
   * class loader of {@code type} itself (which finds the library's own providers when the context
   * loader does not see them).
   *
   * @throws ConfigurationException when two providers share a name, a name is not kebab-case, or a
   *     provider cannot be instantiated
   */
  public static <P extends NamedProvider> ProviderRegistry<P> load(Class<P> type) {
    requireNonNull(type, "type");
    TreeMap<String, P> byName = new TreeMap<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      discover(type, ServiceLoader.load(type, context), byName);
    }
    if (context != type.getClassLoader()) {
      discover(type, ServiceLoader.load(type, type.getClassLoader()), byName);
    }
    return new ProviderRegistry<>(type, byName);
  }

  /**
   * A registry of exactly {@code providers}, without discovery: what an embedder that assembles its
   * own components passes.
   *
   * @throws ConfigurationException when two providers share a name or a name is not kebab-case
   */
  public static <P extends NamedProvider> ProviderRegistry<P> of(
      Class<P> type, Collection<? extends P> providers) {
    requireNonNull(type, "type");
    TreeMap<String, P> byName = new TreeMap<>();
    for (P provider : providers) {
      add(type, requireNonNull(provider, "provider"), byName);
    }
    return new ProviderRegistry<>(type, byName);
  }

  /** A copy of this registry with {@code provider} added. */
  public ProviderRegistry<P> with(P provider) {
    TreeMap<String, P> copy = new TreeMap<>(byName);
    add(type, requireNonNull(provider, "provider"), copy);
    return new ProviderRegistry<>(type, copy);
  }

  private static <P extends NamedProvider> void discover(
      Class<P> type, ServiceLoader<P> loader, TreeMap<String, P> byName) {
    for (Iterator<P> it = loader.iterator(); it.hasNext(); ) {
      P provider;
      try {
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        throw new ConfigurationException(
            "A " + type.getName() + " provider failed to load: " + e.getMessage(), e);
      }
      String name = provider.name();
      P existing = name == null ? null : byName.get(name);
      // The context and the own class loader can both see the same provider class.
      if (existing != null && existing.getClass() == provider.getClass()) {
        continue;
      }
      add(type, provider, byName);
    }
  }

  private static <P extends NamedProvider> void add(
      Class<P> type, P provider, TreeMap<String, P> byName) {
    String name = provider.name();
    if (name == null || !KEBAB.matcher(name).matches()) {
      throw new ConfigurationException(
          describe(type)
              + " provider "
              + provider.getClass().getName()
              + " has name '"
              + name
              + "'; names must be lowercase kebab-case such as 'best-fit'");
    }
    P previous = byName.putIfAbsent(name, provider);
    if (previous != null) {
      throw new ConfigurationException(
          "Two "
              + type.getName()
              + " providers are named '"
              + name
              + "': "
              + previous.getClass().getName()
              + " and "
              + provider.getClass().getName()
              + "; remove one from the class path");
    }
  }

  /** The provider called {@code name}, if there is one. */
  public Optional<P> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The provider called {@code name}.
   *
   * @throws ConfigurationException listing the known names when there is none
   */
  public P require(String name) {
    P provider = byName.get(requireNonNull(name, "name"));
    if (provider == null) {
      throw new ConfigurationException(
          "Unknown "
              + describe(type)
              + " '"
              + name
              + "'; known: "
              + (byName.isEmpty()
                  ? "none (no provider on the class path)"
                  : String.join(", ", byName.keySet())));
    }
    return provider;
  }

  /** The known names, sorted. */
  public Set<String> names() {
    return byName.keySet();
  }

  /** The providers, sorted by name. */
  public List<P> providers() {
    return List.copyOf(byName.values());
  }

  /** The provider interface this registry holds. */
  public Class<P> type() {
    return type;
  }

  private static String describe(Class<?> type) {
    Class<?> outer = type.getEnclosingClass();
    String simple = outer != null ? outer.getSimpleName() : type.getSimpleName();
    return simple.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return describe(type) + " providers " + byName.keySet();
  }
}
