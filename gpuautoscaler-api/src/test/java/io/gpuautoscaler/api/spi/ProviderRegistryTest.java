package io.gpuautoscaler.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Rejection;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderRegistryTest {

  /** A provider with a fixed name whose strategy rejects everything. */
  abstract static class Named implements PackingStrategy.Provider {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public PackingStrategy create(Settings settings) {
      return (cluster, workload) ->
          new PlacementResult.Unschedulable(
              workload.name(), new Rejection(Rejection.Reason.DECLINED_BY_STRATEGY, name));
    }
  }

  /** Listed in this module's test resources, so every load() sees it. */
  public static final class Listed extends Named {
    public Listed() {
      super("listed");
    }
  }

  public static final class Alpha extends Named {
    public Alpha() {
      super("alpha");
    }
  }

  public static final class Beta extends Named {
    public Beta() {
      super("beta-two");
    }
  }

  public static final class OtherAlpha extends Named {
    public OtherAlpha() {
      super("alpha");
    }
  }

  public static final class NotKebab extends Named {
    public NotKebab() {
      super("Best_Fit");
    }
  }

  public static final class Unnamed extends Named {
    public Unnamed() {
      super(null);
    }
  }

  public static final class Broken extends Named {
    public Broken() {
      super("broken");
      throw new IllegalStateException("missing SDK");
    }
  }

  @TempDir Path services;

  /** Runs {@code action} with a context class loader that also lists {@code providers}. */
  private <T> T withContextProviders(Supplier<T> action, Class<?>... providers) throws IOException {
    Path file = services.resolve("META-INF/services/" + PackingStrategy.Provider.class.getName());
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, Arrays.stream(providers).map(Class::getName).collect(Collectors.joining("\n")));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {services.toUri().toURL()}, getClass().getClassLoader())) {
      thread.setContextClassLoader(loader);
      return action.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Test
  void load_findsTheProvidersOnTheClassPath() {
    var registry = ProviderRegistry.load(PackingStrategy.Provider.class);

    assertThat(registry.names()).containsExactly("listed");
    assertThat(registry.require("listed")).isInstanceOf(Listed.class);
    assertThat(registry.type()).isEqualTo(PackingStrategy.Provider.class);
  }

  @Test
  void load_addsTheContextClassLoadersProvidersSortedByName() throws IOException {
    var registry =
        withContextProviders(
            () -> ProviderRegistry.load(PackingStrategy.Provider.class), Beta.class, Alpha.class);

    assertThat(registry.names()).containsExactly("alpha", "beta-two", "listed");
    assertThat(registry.providers())
        .extracting(p -> p.getClass().getSimpleName())
        .containsExactly("Alpha", "Beta", "Listed");
  }

  @Test
  void load_listsAProviderSeenByBothClassLoadersOnce() throws IOException {
    var registry =
        withContextProviders(
            () -> ProviderRegistry.load(PackingStrategy.Provider.class), Listed.class);

    assertThat(registry.providers()).hasSize(1);
  }

  @Test
  void load_failsOnTwoProvidersWithOneNameNamingBothClasses() throws IOException {
    assertThatThrownBy(
            () ->
                withContextProviders(
                    () -> ProviderRegistry.load(PackingStrategy.Provider.class),
                    Alpha.class,
                    OtherAlpha.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Two io.gpuautoscaler.api.spi.PackingStrategy$Provider providers are named 'alpha': "
                + Alpha.class.getName()
                + " and "
                + OtherAlpha.class.getName()
                + "; remove one from the class path");
  }

  @Test
  void load_failsOnANameThatIsNotKebabCase() throws IOException {
    assertThatThrownBy(
            () ->
                withContextProviders(
                    () -> ProviderRegistry.load(PackingStrategy.Provider.class), NotKebab.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "packing strategy provider "
                + NotKebab.class.getName()
                + " has name 'Best_Fit'; names must be lowercase kebab-case such as 'best-fit'");
  }

  @Test
  void load_failsOnAProviderWithoutAName() throws IOException {
    assertThatThrownBy(
            () ->
                withContextProviders(
                    () -> ProviderRegistry.load(PackingStrategy.Provider.class), Unnamed.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(Unnamed.class.getName())
        .hasMessageContaining("has name 'null'");
  }

  @Test
  void load_failsOnAProviderThatCannotBeBuilt() throws IOException {
    assertThatThrownBy(
            () ->
                withContextProviders(
                    () -> ProviderRegistry.load(PackingStrategy.Provider.class), Broken.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "A io.gpuautoscaler.api.spi.PackingStrategy$Provider provider failed to load: ")
        .hasMessageContaining(Broken.class.getName());
  }

  @Test
  void of_holdsExactlyTheGivenProviders() {
    var registry =
        ProviderRegistry.of(PackingStrategy.Provider.class, List.of(new Beta(), new Alpha()));

    assertThat(registry.names()).containsExactly("alpha", "beta-two");
    assertThat(registry.find("alpha")).containsInstanceOf(Alpha.class);
    assertThat(registry.find("listed")).isEmpty();
    assertThat(registry).hasToString("packing strategy providers [alpha, beta-two]");
  }

  @Test
  void of_failsOnTwoProvidersWithOneNameNamingBothClasses() {
    List<PackingStrategy.Provider> providers = List.of(new Alpha(), new OtherAlpha());

    assertThatThrownBy(() -> ProviderRegistry.of(PackingStrategy.Provider.class, providers))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("named 'alpha'")
        .hasMessageContaining(Alpha.class.getName() + " and " + OtherAlpha.class.getName());
  }

  @Test
  void of_failsOnANameThatIsNotKebabCase() {
    for (String bad : new String[] {"Fgd", "best--fit", "-fgd", "best fit", "", "fgd-"}) {
      PackingStrategy.Provider provider = new Named(bad) {};

      assertThatThrownBy(
              () -> ProviderRegistry.of(PackingStrategy.Provider.class, List.of(provider)))
          .as("name '%s'", bad)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("has name '" + bad + "'; names must be lowercase kebab-case");
    }
  }

  @Test
  void require_ofAnUnknownName_listsTheKnownNames() {
    var registry =
        ProviderRegistry.of(PackingStrategy.Provider.class, List.of(new Alpha(), new Beta()));

    assertThatThrownBy(() -> registry.require("gamma"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Unknown packing strategy 'gamma'; known: alpha, beta-two");
  }

  @Test
  void require_onAnEmptyRegistry_saysNoProviderIsOnTheClassPath() {
    var registry = ProviderRegistry.of(PackingStrategy.Provider.class, List.of());

    assertThatThrownBy(() -> registry.require("fgd"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Unknown packing strategy 'fgd'; known: none (no provider on the class path)");
  }

  @Test
  void with_returnsACopyWithTheProviderAdded() {
    var registry = ProviderRegistry.of(PackingStrategy.Provider.class, List.of(new Beta()));

    var more = registry.with(new Alpha());

    assertThat(registry.names()).containsExactly("beta-two");
    assertThat(more.names()).containsExactly("alpha", "beta-two");
    assertThatThrownBy(() -> more.with(new OtherAlpha()))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void names_cannotBeChanged() {
    var registry = ProviderRegistry.of(PackingStrategy.Provider.class, List.of(new Alpha()));

    assertThatThrownBy(() -> registry.names().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
