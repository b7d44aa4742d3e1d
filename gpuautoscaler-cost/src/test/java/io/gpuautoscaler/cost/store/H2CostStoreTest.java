package io.gpuautoscaler.cost.store;

import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.spi.Settings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the {@code embedded} H2 store, in a file under a temporary directory. */
class H2CostStoreTest extends CostStoreContract {
  @TempDir Path dir;

  @Override
  protected CostStore openFresh() {
    return reopen();
  }

  @Override
  protected CostStore reopen() {
    return new EmbeddedCostStoreProvider()
        .create(Settings.empty().with(EmbeddedCostStoreProvider.PATH, dir.toString()));
  }
}
