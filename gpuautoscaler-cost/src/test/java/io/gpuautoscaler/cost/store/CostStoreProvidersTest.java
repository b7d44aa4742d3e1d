package io.gpuautoscaler.cost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import org.junit.jupiter.api.Test;

class CostStoreProvidersTest {
  @Test
  void theThreeStoresAreFoundByName() {
    var stores = ProviderRegistry.load(CostStore.Provider.class);

    assertThat(stores.names()).containsExactly("embedded", "postgresql", "timescaledb");
  }

  @Test
  void aMisspelledSettingFails() {
    assertThatThrownBy(
            () -> new EmbeddedCostStoreProvider().create(Settings.empty().with("dir", "/tmp/x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dir");
  }

  @Test
  void postgresqlNeedsAJdbcUrl() {
    assertThatThrownBy(() -> new PostgresCostStoreProvider().create(Settings.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'url'");
    assertThatThrownBy(
            () ->
                new PostgresCostStoreProvider()
                    .create(Settings.empty().with("url", "jdbc:h2:mem:x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("jdbc:postgresql:");
  }
}
