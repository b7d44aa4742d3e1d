package io.gpuautoscaler.cost.store;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.spi.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The default cost store, {@code embedded}: an H2 database in a file, with nothing to install.
 *
 * <p>Settings: {@code path}, the directory of the database (default {@code ~/.gpu-autoscaler/cost};
 * created when missing). One process at a time may open it.
 */
@Beta
public final class EmbeddedCostStoreProvider implements CostStore.Provider {
  /** The directory of the database file. */
  public static final String PATH = "path";

  @Override
  public String name() {
    return "embedded";
  }

  @Override
  public String description() {
    return "H2 database in a file under ~/.gpu-autoscaler/cost; no set-up";
  }

  @Override
  public CostStore create(Settings settings) {
    settings.requireOnly("cost store embedded", PATH);
    Path dir =
        settings
            .get(PATH)
            .map(Path::of)
            .orElse(Path.of(System.getProperty("user.home"), ".gpu-autoscaler", "cost"))
            .toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigurationException(
          "cost store embedded: cannot create its directory " + dir + ": " + e.getMessage(), e);
    }
    JdbcDataSource ds = new JdbcDataSource();
    // WRITE_DELAY=0: a commit reaches the file before write() returns, so an acknowledged batch
    // survives the process being killed (H2 otherwise flushes up to 500 ms later).
    ds.setURL("jdbc:h2:file:" + dir.resolve("costs") + ";WRITE_DELAY=0");
    ds.setUser("sa");
    ds.setPassword("");
    return SqlCostStore.open("embedded " + dir, Flavor.H2, ds, Optional.empty(), 4);
  }
}
