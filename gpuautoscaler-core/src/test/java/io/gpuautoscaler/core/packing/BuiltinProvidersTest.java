package io.gpuautoscaler.core.packing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltinProvidersTest {
  private static final ProviderRegistry<PackingStrategy.Provider> REGISTRY =
      ProviderRegistry.load(PackingStrategy.Provider.class);

  @Test
  void load_discoversTheTenBuiltInStrategies() {
    assertThat(REGISTRY.names())
        .containsExactly(
            "best-fit",
            "dot-product",
            "fgd",
            "first-fit",
            "gpu-clustering",
            "gpu-packing",
            "horizon-fgd",
            "random",
            "strand-aware-fgd",
            "worst-fit");
    assertThat(REGISTRY.providers()).allSatisfy(p -> assertThat(p.description()).isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "best-fit, BestFitStrategy",
    "dot-product, DotProductStrategy",
    "fgd, FgdStrategy",
    "first-fit, FirstFitStrategy",
    "gpu-clustering, GpuClusteringStrategy",
    "gpu-packing, GpuPackingStrategy",
    "horizon-fgd, HorizonFgdStrategy",
    "random, RandomStrategy",
    "strand-aware-fgd, StrandAwareFgdStrategy",
    "worst-fit, WorstFitStrategy",
  })
  void create_buildsTheNamedStrategyAndAcceptsTheContextSettings(String name, String simpleName) {
    Settings context =
        Settings.of(
            Map.of(BuiltinSettings.SEED, "42", BuiltinSettings.TARGET_WORKLOAD, "1000:500:1@1"));

    PackingStrategy strategy = REGISTRY.require(name).create(context);

    assertThat(strategy.getClass().getSimpleName()).isEqualTo(simpleName);
    assertThat(REGISTRY.require(name).create(Settings.empty())).isInstanceOf(strategy.getClass());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "best-fit",
        "dot-product",
        "fgd",
        "first-fit",
        "gpu-clustering",
        "gpu-packing",
        "random",
        "strand-aware-fgd",
        "worst-fit"
      })
  void create_failsOnAnUnknownSettingNamingIt(String name) {
    Settings misspelled = Settings.of(Map.of("sead", "42"));

    assertThatThrownBy(() -> REGISTRY.require(name).create(misspelled))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "packing strategy "
                + name
                + " does not understand setting(s) [sead]; it knows [seed, target-workload]");
  }

  @Test
  void create_ofRandom_failsOnASeedThatIsNotANumber() {
    assertThatThrownBy(() -> REGISTRY.require("random").create(Settings.of(Map.of("seed", "abc"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("setting 'seed' must be an integer, was 'abc'");
  }

  @Test
  void create_ofFgd_failsOnAMalformedTarget() {
    assertThatThrownBy(
            () ->
                REGISTRY
                    .require("fgd")
                    .create(Settings.of(Map.of("target-workload", "1000:500:1"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("target workload entry 1 '1000:500:1' is malformed: missing '@weight'");
  }

  @Test
  void require_ofAnUnknownStrategy_listsTheBuiltIns() {
    assertThatThrownBy(() -> REGISTRY.require("tetris"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Unknown packing strategy 'tetris'; known: best-fit, dot-product, fgd, first-fit,"
                + " gpu-clustering, gpu-packing, horizon-fgd, random, strand-aware-fgd,"
                + " worst-fit");
  }
}
