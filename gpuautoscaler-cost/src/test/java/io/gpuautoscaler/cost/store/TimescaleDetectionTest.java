package io.gpuautoscaler.cost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimescaleDetectionTest {
  @Test
  void anInstalledExtensionIsReady() {
    assertThat(new TimescaleDetection(Optional.of("2.17.2"), Optional.of("2.17.2")).verdict("db"))
        .isEqualTo(TimescaleDetection.Verdict.READY);
  }

  @Test
  void anAvailableExtensionIsCreated() {
    assertThat(new TimescaleDetection(Optional.empty(), Optional.of("2.17.2")).verdict("db"))
        .isEqualTo(TimescaleDetection.Verdict.CREATE_EXTENSION);
  }

  @Test
  void aServerWithoutItIsRefusedWithHowToInstallIt() {
    assertThatThrownBy(
            () -> new TimescaleDetection(Optional.empty(), Optional.empty()).verdict("pg://x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("pg://x")
        .hasMessageContaining("shared_preload_libraries = 'timescaledb'")
        .hasMessageContaining("CREATE EXTENSION timescaledb")
        .hasMessageContaining("cost store 'postgresql'");
  }
}
