-- Cost store schema, TimescaleDB flavour: the tables of ../postgresql/V1__cost_store.sql, with
-- cost_records a hypertable (1-day chunks) and the two rollups continuous aggregates with refresh
-- policies. The store checks that the extension is there before Flyway runs this.
-- NOTE: no TimescaleDB server was available where this was written; this file follows the
-- TimescaleDB 2.13+ documentation and has not been run (see docs/cost-stores.md).

-- The dimensions of a record (everything but the workload and the time), stored once per
-- distinct combination. dim_id is the first 8 bytes of the SHA-256 of canonical.
CREATE TABLE cost_dims (
  dim_id BIGINT PRIMARY KEY,
  canonical VARCHAR NOT NULL,
  kind VARCHAR(16) NOT NULL,
  namespace VARCHAR NOT NULL,
  team VARCHAR NOT NULL,
  experiment VARCHAR NOT NULL,
  node VARCHAR NOT NULL,
  node_group VARCHAR NOT NULL,
  gpu_model VARCHAR NOT NULL,
  capacity_type VARCHAR(32) NOT NULL,
  sharing_mode VARCHAR(32) NOT NULL
);

CREATE TABLE cost_dim_labels (
  dim_id BIGINT NOT NULL REFERENCES cost_dims (dim_id),
  label_key VARCHAR NOT NULL,
  label_value VARCHAR NOT NULL,
  PRIMARY KEY (dim_id, label_key)
);

-- One row per (workload, interval): the key that makes writes idempotent. Time first, so that the
-- key also serves range scans and new intervals append at the right edge of the index.
CREATE TABLE cost_records (
  workload_uid VARCHAR NOT NULL,
  interval_start TIMESTAMP WITH TIME ZONE NOT NULL,
  dim_id BIGINT NOT NULL,
  workload_name VARCHAR NOT NULL,
  interval_ms BIGINT NOT NULL,
  seconds DOUBLE PRECISION NOT NULL,
  gpu_milli BIGINT NOT NULL,
  cost_usd DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (interval_start, workload_uid)
);
SELECT create_hypertable('cost_records', by_range('interval_start', INTERVAL '1 day'));

-- Rollups as continuous aggregates, with the column names of the plain-PostgreSQL rollup
-- tables so that the store reads both the same way. Real-time aggregation is on, so a read also
-- sees what the last refresh has not materialized yet.
CREATE MATERIALIZED VIEW cost_rollup_hourly
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket(INTERVAL '1 hour', interval_start) AS bucket_start,
         dim_id,
         sum(cost_usd) AS cost_usd,
         sum(gpu_milli * seconds / 3600000.0) AS gpu_hours,
         sum(seconds) AS seconds,
         count(*) AS records
  FROM cost_records
  GROUP BY 1, 2
  WITH NO DATA;

-- Stacked on the hourly aggregate (hierarchical continuous aggregates, TimescaleDB 2.9+).
CREATE MATERIALIZED VIEW cost_rollup_daily
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket(INTERVAL '1 day', bucket_start) AS bucket_start,
         dim_id,
         sum(cost_usd) AS cost_usd,
         sum(gpu_hours) AS gpu_hours,
         sum(seconds) AS seconds,
         sum(records) AS records
  FROM cost_rollup_hourly
  GROUP BY 1, 2
  WITH NO DATA;

SELECT add_continuous_aggregate_policy('cost_rollup_hourly',
  start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour',
  schedule_interval => INTERVAL '30 minutes');
SELECT add_continuous_aggregate_policy('cost_rollup_daily',
  start_offset => INTERVAL '7 days', end_offset => INTERVAL '1 day',
  schedule_interval => INTERVAL '1 hour');

-- Intervals written again after their bucket was materialized: the store refreshes their range
-- with refresh_continuous_aggregate before it reads (the policies only look back 3 and 7 days).
CREATE TABLE cost_rollup_dirty (
  hour_start TIMESTAMP WITH TIME ZONE PRIMARY KEY
);

CREATE TABLE cost_rollup_lock (
  id INT PRIMARY KEY
);
INSERT INTO cost_rollup_lock (id) VALUES (1);
