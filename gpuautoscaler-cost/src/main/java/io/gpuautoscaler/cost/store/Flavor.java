package io.gpuautoscaler.cost.store;

/**
 * The SQL that differs between the databases a {@link SqlCostStore} runs on. Everything else
 * (queries, rollup refresh) is written once in SQL that H2 and PostgreSQL both accept.
 */
enum Flavor {
  H2(
      "gpuautoscaler-cost-store/h2",
      "MERGE INTO cost_records (workload_uid, interval_start, dim_id, workload_name, interval_ms,"
          + " seconds, gpu_milli, cost_usd) KEY (interval_start, workload_uid)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      "MERGE INTO cost_dims (dim_id, canonical, kind, namespace, team, experiment, node,"
          + " node_group, gpu_model, capacity_type, sharing_mode) KEY (dim_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      "MERGE INTO cost_dim_labels (dim_id, label_key, label_value) KEY (dim_id, label_key)"
          + " VALUES (?, ?, ?)",
      "MERGE INTO cost_rollup_dirty (hour_start) KEY (hour_start) VALUES (?)",
      false,
      false,
      false),
  POSTGRESQL(
      "gpuautoscaler-cost-store/postgresql",
      Sql.PG_UPSERT_RECORD,
      Sql.PG_INSERT_DIM,
      Sql.PG_INSERT_LABEL,
      Sql.PG_MARK_DIRTY,
      true,
      true,
      false),
  TIMESCALEDB(
      "gpuautoscaler-cost-store/timescaledb",
      Sql.PG_UPSERT_RECORD,
      Sql.PG_INSERT_DIM,
      Sql.PG_INSERT_LABEL,
      Sql.PG_MARK_DIRTY,
      true,
      false,
      true);

  final String migrations;

  /** Upserts records; binds one row per batch entry, or (when {@link #arrayUpsert}) 8 arrays. */
  final String upsertRecord;

  final String insertDim;
  final String insertLabel;
  final String markDirty;

  /** Whether {@link #upsertRecord} takes the batch as eight column arrays. */
  final boolean arrayUpsert;

  /** Whether cost_records is partitioned by month and the store creates the partitions. */
  final boolean monthlyPartitions;

  /** Whether the rollups are continuous aggregates, refreshed by TimescaleDB rather than by us. */
  final boolean continuousAggregates;

  Flavor(
      String migrations,
      String upsertRecord,
      String insertDim,
      String insertLabel,
      String markDirty,
      boolean arrayUpsert,
      boolean monthlyPartitions,
      boolean continuousAggregates) {
    this.migrations = migrations;
    this.upsertRecord = upsertRecord;
    this.insertDim = insertDim;
    this.insertLabel = insertLabel;
    this.markDirty = markDirty;
    this.arrayUpsert = arrayUpsert;
    this.monthlyPartitions = monthlyPartitions;
    this.continuousAggregates = continuousAggregates;
  }

  /** PostgreSQL statements shared by the plain and the TimescaleDB flavour. */
  private static final class Sql {
    /**
     * One statement for the whole batch: eight arrays, unnested into rows. Several times faster
     * than a JDBC batch of single-row upserts, even with reWriteBatchedInserts.
     */
    static final String PG_UPSERT_RECORD =
        "INSERT INTO cost_records (workload_uid, interval_start, dim_id, workload_name,"
            + " interval_ms, seconds, gpu_milli, cost_usd) SELECT * FROM unnest(CAST(? AS text[]),"
            + " CAST(CAST(? AS text[]) AS timestamptz[]), CAST(? AS bigint[]), CAST(? AS text[]),"
            + " CAST(? AS bigint[]), CAST(? AS float8[]), CAST(? AS bigint[]),"
            + " CAST(? AS float8[]))"
            + " ON CONFLICT (interval_start, workload_uid) DO UPDATE SET dim_id = EXCLUDED.dim_id,"
            + " workload_name = EXCLUDED.workload_name, interval_ms = EXCLUDED.interval_ms,"
            + " seconds = EXCLUDED.seconds, gpu_milli = EXCLUDED.gpu_milli,"
            + " cost_usd = EXCLUDED.cost_usd";

    static final String PG_INSERT_DIM =
        "INSERT INTO cost_dims (dim_id, canonical, kind, namespace, team, experiment, node,"
            + " node_group, gpu_model, capacity_type, sharing_mode)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dim_id) DO NOTHING";
    static final String PG_INSERT_LABEL =
        "INSERT INTO cost_dim_labels (dim_id, label_key, label_value) VALUES (?, ?, ?)"
            + " ON CONFLICT (dim_id, label_key) DO NOTHING";
    static final String PG_MARK_DIRTY =
        "INSERT INTO cost_rollup_dirty (hour_start) VALUES (?) ON CONFLICT (hour_start) DO NOTHING";

    private Sql() {}
  }
}
