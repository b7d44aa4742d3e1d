-- Cost store schema, H2 flavour. Kept in step with ../postgresql/V1__cost_store.sql: the same
-- tables and columns; H2 has no declarative partitioning, so cost_records is one table.

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

-- Rollups: sums per (hour or UTC day, dims), recomputed from cost_records for the hours that
-- cost_rollup_dirty names. Recomputing (rather than adding deltas) keeps them exact when an
-- interval is written again.
CREATE TABLE cost_rollup_hourly (
  bucket_start TIMESTAMP WITH TIME ZONE NOT NULL,
  dim_id BIGINT NOT NULL,
  cost_usd DOUBLE PRECISION NOT NULL,
  gpu_hours DOUBLE PRECISION NOT NULL,
  seconds DOUBLE PRECISION NOT NULL,
  records BIGINT NOT NULL,
  PRIMARY KEY (bucket_start, dim_id)
);

CREATE TABLE cost_rollup_daily (
  bucket_start TIMESTAMP WITH TIME ZONE NOT NULL,
  dim_id BIGINT NOT NULL,
  cost_usd DOUBLE PRECISION NOT NULL,
  gpu_hours DOUBLE PRECISION NOT NULL,
  seconds DOUBLE PRECISION NOT NULL,
  records BIGINT NOT NULL,
  PRIMARY KEY (bucket_start, dim_id)
);

-- Hours written since their rollup was last recomputed; written in the same transaction as the
-- records, so an acknowledged write is never missing from a later refresh.
CREATE TABLE cost_rollup_dirty (
  hour_start TIMESTAMP WITH TIME ZONE PRIMARY KEY
);

-- One row, locked by a refresh so that two refreshes never interleave.
CREATE TABLE cost_rollup_lock (
  id INT PRIMARY KEY
);
INSERT INTO cost_rollup_lock (id) VALUES (1);
