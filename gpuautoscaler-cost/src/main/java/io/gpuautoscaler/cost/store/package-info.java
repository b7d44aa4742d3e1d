/**
 * Cost stores on JDBI 3 with Flyway migrations: {@code embedded} (H2 file, the default), {@code
 * postgresql} (monthly partitions, rollup tables) and {@code timescaledb} (hypertable, continuous
 * aggregates). See docs/cost-stores.md.
 */
package io.gpuautoscaler.cost.store;
