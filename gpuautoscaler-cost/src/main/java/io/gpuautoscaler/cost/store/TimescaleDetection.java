package io.gpuautoscaler.cost.store;

import io.gpuautoscaler.api.ConfigurationException;
import java.util.Optional;

/**
 * Whether a PostgreSQL server can host the {@code timescaledb} store, from what its catalogs say:
 * the installed version of the extension in this database, and whether the server has it at all.
 */
record TimescaleDetection(Optional<String> installedVersion, Optional<String> availableVersion) {

  /** What the store does next. */
  enum Verdict {
    /** The extension is installed in the database. */
    READY,
    /** The server has it; {@code CREATE EXTENSION timescaledb} installs it in the database. */
    CREATE_EXTENSION
  }

  /**
   * @throws ConfigurationException saying how to install TimescaleDB, when the server lacks it
   */
  Verdict verdict(String where) {
    if (installedVersion.isPresent()) {
      return Verdict.READY;
    }
    if (availableVersion.isPresent()) {
      return Verdict.CREATE_EXTENSION;
    }
    throw new ConfigurationException(
        "cost store timescaledb: the TimescaleDB extension is not available on "
            + where
            + " (pg_available_extensions has no 'timescaledb'). Install it on the server"
            + " (https://docs.timescale.com/self-hosted/latest/install/, or a package such as"
            + " timescaledb-2-postgresql-15), add shared_preload_libraries = 'timescaledb' to"
            + " postgresql.conf, restart PostgreSQL and run CREATE EXTENSION timescaledb; or use"
            + " the cost store 'postgresql', which needs no extension.");
  }
}
