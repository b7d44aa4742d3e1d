package io.gpuautoscaler.cost.store;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.cost.CostQuery;
import io.gpuautoscaler.api.cost.CostQuery.TimeBucket;
import io.gpuautoscaler.api.cost.CostQueryKey;
import io.gpuautoscaler.api.cost.CostQueryRow;
import io.gpuautoscaler.api.cost.CostRecord;
import io.gpuautoscaler.api.cost.CostStore;
import io.gpuautoscaler.api.cost.CostStoreException;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.sharing.SharingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CostStore} on JDBI: raw records keyed by (workload uid, interval start), their
 * dimensions stored once, and hourly and daily rollups that aggregate queries read for the whole
 * hours and days of their range (raw records only for the ragged edges).
 *
 * <p>Each batch is one transaction that upserts its records and marks their hours dirty; a refresh
 * recomputes the dirty hours (and their days) from the raw records, so the rollups stay exact
 * however often an interval is written again.
 */
final class SqlCostStore implements CostStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqlCostStore.class);
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofDays(1);

  private final String description;
  private final Flavor flavor;
  private final Jdbi jdbi;
  private final PooledConnections connections;

  /** Dims known to be stored with the same canonical text, by id. */
  private final Map<Long, Dims> knownDims = new ConcurrentHashMap<>();

  /** Months whose partition exists (PostgreSQL), as yyyymm. */
  private final Set<Integer> knownPartitions = ConcurrentHashMap.newKeySet();

  private SqlCostStore(String description, Flavor flavor, PooledConnections connections) {
    this.description = description;
    this.flavor = flavor;
    this.connections = connections;
    this.jdbi = Jdbi.create(connections);
  }

  /**
   * Migrates the schema in {@code schema} (or the connection's default when empty) and opens the
   * store.
   */
  static SqlCostStore open(
      String description, Flavor flavor, DataSource dataSource, Optional<String> schema, int pool) {
    try {
      var config =
          Flyway.configure(SqlCostStore.class.getClassLoader())
              .dataSource(dataSource)
              .locations("classpath:" + flavor.migrations)
              .failOnMissingLocations(true);
      schema.ifPresent(s -> config.schemas(s).createSchemas(true));
      var result = config.load().migrate();
      LOG.info(
          "Cost store {}: schema at version {} ({} migration(s) applied)",
          description,
          result.targetSchemaVersion,
          result.migrationsExecuted);
    } catch (RuntimeException e) {
      throw new CostStoreException(
          "Cost store " + description + ": schema migration failed: " + e.getMessage(), e);
    }
    return new SqlCostStore(description, flavor, new PooledConnections(dataSource, pool));
  }

  @Override
  public int write(List<CostRecord> batch) {
    requireNonNull(batch, "batch");
    // Later records win within a batch; PostgreSQL refuses to upsert one key twice in a statement.
    Map<RecordKey, CostRecord> byKey = new LinkedHashMap<>();
    for (CostRecord r : batch) {
      byKey.put(new RecordKey(r.workloadUid(), r.intervalStart()), requireNonNull(r, "record"));
    }
    if (byKey.isEmpty()) {
      return 0;
    }
    Map<CostRecord, Long> dimIds = new HashMap<>();
    Map<Long, Dims> newDims = new HashMap<>();
    Map<Dims, Long> idsOfDims = new HashMap<>();
    TreeSet<Instant> hours = new TreeSet<>();
    Set<Integer> months = new TreeSet<>();
    for (CostRecord r : byKey.values()) {
      Dims dims = Dims.of(r);
      long id = idsOfDims.computeIfAbsent(dims, Dims::id);
      dimIds.put(r, id);
      if (!knownDims.containsKey(id)) {
        newDims.put(id, dims);
      }
      hours.add(r.intervalStart().truncatedTo(ChronoUnit.HOURS));
      months.add(yyyymm(r.intervalStart()));
    }
    try {
      if (flavor.monthlyPartitions) {
        ensurePartitions(months);
      }
      jdbi.useTransaction(
          h -> {
            if (!newDims.isEmpty()) {
              storeDims(h, newDims);
            }
            if (flavor.arrayUpsert) {
              upsertAsArrays(h, byKey.values(), dimIds);
            } else {
              PreparedBatch records = h.prepareBatch(flavor.upsertRecord);
              for (CostRecord r : byKey.values()) {
                records
                    .bind(0, r.workloadUid())
                    .bind(1, time(r.intervalStart()))
                    .bind(2, (long) dimIds.get(r))
                    .bind(3, r.workloadName())
                    .bind(4, r.interval().toMillis())
                    .bind(5, r.seconds())
                    .bind(6, r.gpuMilli())
                    .bind(7, r.costUsd())
                    .add();
              }
              records.execute();
            }
            PreparedBatch dirty = h.prepareBatch(flavor.markDirty);
            for (Instant hour : hours) {
              dirty.bind(0, time(hour)).add();
            }
            dirty.execute();
          });
    } catch (JdbiException | SQLException e) {
      throw new CostStoreException(
          "Cost store " + description + ": a batch of " + byKey.size() + " failed: " + rootCause(e),
          e);
    }
    knownDims.putAll(newDims);
    return byKey.size();
  }

  /** PostgreSQL: the batch as one statement over eight column arrays (see {@link Flavor}). */
  private void upsertAsArrays(
      Handle h, Collection<CostRecord> records, Map<CostRecord, Long> dimIds) throws SQLException {
    int n = records.size();
    String[] uids = new String[n];
    String[] starts = new String[n];
    Long[] dims = new Long[n];
    String[] names = new String[n];
    Long[] intervals = new Long[n];
    Double[] seconds = new Double[n];
    Long[] gpuMilli = new Long[n];
    Double[] costs = new Double[n];
    int i = 0;
    for (CostRecord r : records) {
      uids[i] = r.workloadUid();
      starts[i] = r.intervalStart().toString(); // ISO-8601 in UTC, which timestamptz reads
      dims[i] = dimIds.get(r);
      names[i] = r.workloadName();
      intervals[i] = r.interval().toMillis();
      seconds[i] = r.seconds();
      gpuMilli[i] = r.gpuMilli();
      costs[i] = r.costUsd();
      i++;
    }
    java.sql.Connection c = h.getConnection();
    try (java.sql.PreparedStatement ps = c.prepareStatement(flavor.upsertRecord)) {
      ps.setArray(1, c.createArrayOf("text", uids));
      ps.setArray(2, c.createArrayOf("text", starts));
      ps.setArray(3, c.createArrayOf("bigint", dims));
      ps.setArray(4, c.createArrayOf("text", names));
      ps.setArray(5, c.createArrayOf("bigint", intervals));
      ps.setArray(6, c.createArrayOf("float8", seconds));
      ps.setArray(7, c.createArrayOf("bigint", gpuMilli));
      ps.setArray(8, c.createArrayOf("float8", costs));
      ps.executeUpdate();
    }
  }

  /** Stores dims not yet known, after checking that an id already stored means the same dims. */
  private void storeDims(Handle h, Map<Long, Dims> newDims) {
    Map<Long, String> stored = new HashMap<>();
    h.createQuery("SELECT dim_id, canonical FROM cost_dims WHERE dim_id IN (<ids>)")
        .bindList("ids", new ArrayList<>(newDims.keySet()))
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> stored.put(e.getKey(), e.getValue()));
    PreparedBatch dims = h.prepareBatch(flavor.insertDim);
    PreparedBatch labels = h.prepareBatch(flavor.insertLabel);
    for (Map.Entry<Long, Dims> e : newDims.entrySet()) {
      Dims d = e.getValue();
      String canonical = d.canonical();
      String existing = stored.get(e.getKey());
      if (existing != null) {
        if (!existing.equals(canonical)) {
          throw new IllegalStateException(
              "dimension id collision: " + e.getKey() + " is " + existing + ", not " + canonical);
        }
        continue;
      }
      dims.bind(0, (long) e.getKey())
          .bind(1, canonical)
          .bind(2, d.kind())
          .bind(3, d.namespace())
          .bind(4, d.team())
          .bind(5, d.experiment())
          .bind(6, d.node())
          .bind(7, d.nodeGroup())
          .bind(8, d.gpuModel())
          .bind(9, d.capacityType())
          .bind(10, d.sharingMode())
          .add();
      d.labels().forEach((k, v) -> labels.bind(0, (long) e.getKey()).bind(1, k).bind(2, v).add());
    }
    if (dims.size() > 0) {
      dims.execute();
    }
    if (labels.size() > 0) {
      labels.execute();
    }
  }

  /**
   * Creates the monthly partitions of cost_records that a batch needs, each in its own statement
   * (outside the batch's transaction, so that a failed batch keeps them: they are empty and
   * harmless).
   */
  private void ensurePartitions(Set<Integer> months) {
    for (int month : months) {
      if (knownPartitions.contains(month)) {
        continue;
      }
      YearMonth ym = YearMonth.of(month / 100, month % 100);
      String from = ym.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC).toString();
      String to = ym.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC).toString();
      String sql =
          "CREATE TABLE IF NOT EXISTS cost_records_p"
              + month
              + " PARTITION OF cost_records FOR VALUES FROM ('"
              + from
              + "') TO ('"
              + to
              + "')";
      try {
        jdbi.useHandle(h -> h.execute(sql));
      } catch (JdbiException e) {
        // Two writers may race to create the same month; what matters is that it exists now.
        boolean exists =
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT to_regclass(:name) IS NOT NULL")
                        .bind("name", "cost_records_p" + month)
                        .mapTo(Boolean.class)
                        .one());
        if (!exists) {
          throw e;
        }
      }
      knownPartitions.add(month);
    }
  }

  @Override
  public List<CostRecord> records(CostQuery query) {
    requireNonNull(query, "query");
    StringBuilder sql =
        new StringBuilder(
            "SELECT r.workload_uid, r.interval_start, r.dim_id, r.workload_name, r.interval_ms,"
                + " r.seconds, r.gpu_milli, r.cost_usd"
                + " FROM cost_records r JOIN cost_dims d ON d.dim_id = r.dim_id"
                + " WHERE r.interval_start >= :from AND r.interval_start < :to");
    Map<String, Object> params = new HashMap<>();
    appendFilters(query, sql, params);
    sql.append(" ORDER BY r.interval_start, r.workload_uid");
    try {
      return jdbi.withHandle(
          h -> {
            List<RawRow> rows =
                bindAll(h.createQuery(sql.toString()), params)
                    .bind("from", time(query.from()))
                    .bind("to", time(query.to()))
                    .map((rs, ctx) -> RawRow.read(rs))
                    .list();
            Map<Long, Dims> dims = loadDims(h, rows.stream().map(RawRow::dimId).toList());
            List<CostRecord> out = new ArrayList<>(rows.size());
            for (RawRow row : rows) {
              out.add(row.toRecord(dims.get(row.dimId())));
            }
            return out;
          });
    } catch (JdbiException e) {
      throw new CostStoreException(
          "Cost store " + description + ": reading records failed: " + rootCause(e), e);
    }
  }

  private Map<Long, Dims> loadDims(Handle h, Collection<Long> ids) {
    Map<Long, Dims> out = new HashMap<>();
    Set<Long> missing = new HashSet<>();
    for (long id : ids) {
      Dims known = knownDims.get(id);
      if (known != null) {
        out.put(id, known);
      } else {
        missing.add(id);
      }
    }
    if (missing.isEmpty()) {
      return out;
    }
    Map<Long, TreeMap<String, String>> labels = new HashMap<>();
    h.createQuery(
            "SELECT dim_id, label_key, label_value FROM cost_dim_labels WHERE dim_id IN (<ids>)")
        .bindList("ids", new ArrayList<>(missing))
        .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
        .forEach(
            l ->
                labels.computeIfAbsent(Long.parseLong(l[0]), k -> new TreeMap<>()).put(l[1], l[2]));
    h.createQuery(
            "SELECT dim_id, kind, namespace, team, experiment, node, node_group, gpu_model,"
                + " capacity_type, sharing_mode FROM cost_dims WHERE dim_id IN (<ids>)")
        .bindList("ids", new ArrayList<>(missing))
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getLong(1),
                    new Dims(
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        labels.getOrDefault(rs.getLong(1), new TreeMap<>()))))
        .forEach(
            e -> {
              out.put(e.getKey(), e.getValue());
              knownDims.put(e.getKey(), e.getValue());
            });
    return out;
  }

  @Override
  public List<CostQueryRow> aggregate(CostQuery query) {
    requireNonNull(query, "query");
    refreshAggregates();
    // Whole days from the daily rollup (unless hours are asked for), whole hours from the hourly
    // rollup, and the ragged edges from the raw records.
    boolean daysUsable = query.bucket().map(b -> b != TimeBucket.HOUR).orElse(true);
    List<Segment> segments = new ArrayList<>();
    Instant dayFrom = ceil(query.from(), DAY);
    Instant dayTo = floor(query.to(), DAY);
    if (daysUsable && dayFrom.isBefore(dayTo)) {
      segments.add(new Segment(Source.DAILY, dayFrom, dayTo));
      splitHours(query.from(), dayFrom, segments);
      splitHours(dayTo, query.to(), segments);
    } else {
      splitHours(query.from(), query.to(), segments);
    }
    Map<GroupKey, double[]> sums = new HashMap<>();
    try {
      jdbi.useHandle(
          h -> {
            for (Segment s : segments) {
              accumulate(h, query, s, sums);
            }
          });
    } catch (JdbiException e) {
      throw new CostStoreException(
          "Cost store " + description + ": aggregate query failed: " + rootCause(e), e);
    }
    List<CostQueryRow> rows = new ArrayList<>(sums.size());
    sums.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(GroupKey.ORDER))
        .forEach(
            e -> {
              Map<CostQueryKey, String> group = new LinkedHashMap<>();
              for (int i = 0; i < query.groupBy().size(); i++) {
                group.put(query.groupBy().get(i), e.getKey().values().get(i));
              }
              double[] v = e.getValue();
              rows.add(
                  new CostQueryRow(e.getKey().bucket(), group, v[0], v[1], v[2], Math.round(v[3])));
            });
    return rows;
  }

  private static void splitHours(Instant from, Instant to, List<Segment> segments) {
    if (!from.isBefore(to)) {
      return;
    }
    Instant hourFrom = ceil(from, HOUR);
    Instant hourTo = floor(to, HOUR);
    if (hourFrom.isBefore(hourTo)) {
      segments.add(new Segment(Source.HOURLY, hourFrom, hourTo));
      if (from.isBefore(hourFrom)) {
        segments.add(new Segment(Source.RAW, from, hourFrom));
      }
      if (hourTo.isBefore(to)) {
        segments.add(new Segment(Source.RAW, hourTo, to));
      }
    } else {
      segments.add(new Segment(Source.RAW, from, to));
    }
  }

  private void accumulate(Handle h, CostQuery query, Segment s, Map<GroupKey, double[]> sums) {
    boolean bucketed = query.bucket().isPresent();
    String time = s.source == Source.RAW ? "src.interval_start" : "src.bucket_start";
    List<String> select = new ArrayList<>();
    List<String> groupBy = new ArrayList<>();
    if (bucketed) {
      select.add(time);
      groupBy.add(time);
    }
    StringBuilder joins = new StringBuilder();
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < query.groupBy().size(); i++) {
      CostQueryKey key = query.groupBy().get(i);
      String expr;
      if (key.dimension() == CostQueryKey.Dimension.LABEL) {
        joins
            .append(" LEFT JOIN cost_dim_labels l")
            .append(i)
            .append(" ON l")
            .append(i)
            .append(".dim_id = d.dim_id AND l")
            .append(i)
            .append(".label_key = :lk")
            .append(i);
        params.put("lk" + i, key.labelKey());
        expr = "COALESCE(l" + i + ".label_value, '')";
      } else {
        expr = Dims.column(key);
      }
      select.add(expr);
      groupBy.add(expr);
    }
    if (s.source == Source.RAW) {
      select.add(
          "SUM(src.cost_usd), SUM(src.gpu_milli * src.seconds / 3600000.0), SUM(src.seconds),"
              + " COUNT(*)");
    } else {
      select.add("SUM(src.cost_usd), SUM(src.gpu_hours), SUM(src.seconds), SUM(src.records)");
    }
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(String.join(", ", select))
            .append(" FROM ")
            .append(s.source.table)
            .append(" src JOIN cost_dims d ON d.dim_id = src.dim_id")
            .append(joins)
            .append(" WHERE ")
            .append(time)
            .append(" >= :from AND ")
            .append(time)
            .append(" < :to");
    appendFilters(query, sql, params);
    if (!groupBy.isEmpty()) {
      sql.append(" GROUP BY ").append(String.join(", ", groupBy));
    }
    int keys = query.groupBy().size();
    bindAll(h.createQuery(sql.toString()), params)
        .bind("from", time(s.from))
        .bind("to", time(s.to))
        .map(
            (rs, ctx) -> {
              int col = 1;
              Optional<Instant> bucket = Optional.empty();
              if (bucketed) {
                Instant t = rs.getObject(col++, OffsetDateTime.class).toInstant();
                bucket = Optional.of(bucketStart(t, query.bucket().get()));
              }
              List<String> values = new ArrayList<>(keys);
              for (int i = 0; i < keys; i++) {
                values.add(rs.getString(col++));
              }
              long count = rs.getLong(col + 3);
              if (count == 0) {
                return null; // SUM over no rows without GROUP BY: one row of nulls
              }
              double[] v = {rs.getDouble(col), rs.getDouble(col + 1), rs.getDouble(col + 2), count};
              return Map.entry(new GroupKey(bucket, values), v);
            })
        .forEach(
            e -> {
              if (e == null) {
                return;
              }
              double[] acc = sums.computeIfAbsent(e.getKey(), k -> new double[4]);
              for (int i = 0; i < 4; i++) {
                acc[i] += e.getValue()[i];
              }
            });
  }

  /** Adds the query's filters to {@code sql} (which joins cost_dims as d) as bound parameters. */
  private static void appendFilters(
      CostQuery query, StringBuilder sql, Map<String, Object> params) {
    int i = 0;
    for (Map.Entry<CostQueryKey, String> f : query.filters().entrySet()) {
      CostQueryKey key = f.getKey();
      if (key.dimension() == CostQueryKey.Dimension.LABEL) {
        sql.append(" AND COALESCE((SELECT fl.label_value FROM cost_dim_labels fl")
            .append(" WHERE fl.dim_id = d.dim_id AND fl.label_key = :fk")
            .append(i)
            .append("), '') = :fv")
            .append(i);
        params.put("fk" + i, key.labelKey());
      } else {
        sql.append(" AND ").append(Dims.column(key)).append(" = :fv").append(i);
      }
      params.put("fv" + i, f.getValue());
      i++;
    }
  }

  private static Query bindAll(Query q, Map<String, Object> params) {
    params.forEach((k, v) -> q.bind(k, (String) v));
    return q;
  }

  @Override
  public void refreshAggregates() {
    try {
      if (flavor.continuousAggregates) {
        refreshContinuousAggregates();
      } else {
        jdbi.useTransaction(this::refreshRollups);
      }
    } catch (JdbiException e) {
      throw new CostStoreException(
          "Cost store " + description + ": refreshing aggregates failed: " + rootCause(e), e);
    }
  }

  /** Recomputes the rollups of every dirty hour and of the days that hold them. */
  private void refreshRollups(Handle h) {
    h.createQuery("SELECT id FROM cost_rollup_lock WHERE id = 1 FOR UPDATE")
        .mapTo(Integer.class)
        .one();
    List<Instant> hours =
        h.createQuery("SELECT hour_start FROM cost_rollup_dirty ORDER BY hour_start")
            .map((rs, ctx) -> rs.getObject(1, OffsetDateTime.class).toInstant())
            .list();
    if (hours.isEmpty()) {
      return;
    }
    PreparedBatch clear = h.prepareBatch("DELETE FROM cost_rollup_dirty WHERE hour_start = ?");
    hours.forEach(hour -> clear.bind(0, time(hour)).add());
    clear.execute();
    TreeSet<Instant> days = new TreeSet<>();
    for (Instant hour : hours) {
      h.createUpdate("DELETE FROM cost_rollup_hourly WHERE bucket_start = :b")
          .bind("b", time(hour))
          .execute();
      h.createUpdate(
              "INSERT INTO cost_rollup_hourly (bucket_start, dim_id, cost_usd, gpu_hours, seconds,"
                  + " records) SELECT CAST(:b AS TIMESTAMP WITH TIME ZONE), dim_id, SUM(cost_usd),"
                  + " SUM(gpu_milli * seconds / 3600000.0), SUM(seconds), COUNT(*)"
                  + " FROM cost_records WHERE interval_start >= :b AND interval_start < :e"
                  + " GROUP BY dim_id")
          .bind("b", time(hour))
          .bind("e", time(hour.plus(HOUR)))
          .execute();
      days.add(floor(hour, DAY));
    }
    for (Instant day : days) {
      h.createUpdate("DELETE FROM cost_rollup_daily WHERE bucket_start = :b")
          .bind("b", time(day))
          .execute();
      h.createUpdate(
              "INSERT INTO cost_rollup_daily (bucket_start, dim_id, cost_usd, gpu_hours, seconds,"
                  + " records) SELECT CAST(:b AS TIMESTAMP WITH TIME ZONE), dim_id, SUM(cost_usd),"
                  + " SUM(gpu_hours), SUM(seconds), SUM(records)"
                  + " FROM cost_rollup_hourly WHERE bucket_start >= :b AND bucket_start < :e"
                  + " GROUP BY dim_id")
          .bind("b", time(day))
          .bind("e", time(day.plus(DAY)))
          .execute();
    }
    LOG.debug(
        "Cost store {}: refreshed {} hour(s), {} day(s)", description, hours.size(), days.size());
  }

  /**
   * TimescaleDB: refreshes the continuous aggregates over the dirty range. {@code
   * refresh_continuous_aggregate} cannot run inside a transaction, so the dirty hours are read and
   * cleared first; a failed refresh puts them back.
   */
  private void refreshContinuousAggregates() {
    List<Instant> hours =
        jdbi.inTransaction(
            h -> {
              h.createQuery("SELECT id FROM cost_rollup_lock WHERE id = 1 FOR UPDATE")
                  .mapTo(Integer.class)
                  .one();
              List<Instant> dirty =
                  h.createQuery("SELECT hour_start FROM cost_rollup_dirty ORDER BY hour_start")
                      .map((rs, ctx) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                      .list();
              h.execute("DELETE FROM cost_rollup_dirty");
              return dirty;
            });
    if (hours.isEmpty()) {
      return;
    }
    Instant from = floor(hours.get(0), DAY);
    Instant to = ceil(hours.get(hours.size() - 1).plus(HOUR), DAY);
    try {
      jdbi.useHandle(
          h -> {
            h.createCall("CALL refresh_continuous_aggregate('cost_rollup_hourly', :f, :t)")
                .bind("f", time(from))
                .bind("t", time(to))
                .invoke();
            h.createCall("CALL refresh_continuous_aggregate('cost_rollup_daily', :f, :t)")
                .bind("f", time(from))
                .bind("t", time(to))
                .invoke();
          });
    } catch (JdbiException e) {
      jdbi.useTransaction(
          h -> {
            PreparedBatch back = h.prepareBatch(flavor.markDirty);
            hours.forEach(hour -> back.bind(0, time(hour)).add());
            back.execute();
          });
      throw e;
    }
  }

  @Override
  public void close() {
    connections.close();
  }

  @Override
  public String toString() {
    return "CostStore[" + description + "]";
  }

  static Argument time(Instant t) {
    OffsetDateTime value = t.atOffset(ZoneOffset.UTC);
    return (position, statement, ctx) -> statement.setObject(position, value);
  }

  private static int yyyymm(Instant t) {
    OffsetDateTime utc = t.atOffset(ZoneOffset.UTC);
    return utc.getYear() * 100 + utc.getMonthValue();
  }

  static Instant floor(Instant t, Duration unit) {
    long ms = unit.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
  }

  static Instant ceil(Instant t, Duration unit) {
    Instant f = floor(t, unit);
    return f.equals(t) ? f : f.plus(unit);
  }

  static Instant bucketStart(Instant t, TimeBucket bucket) {
    return switch (bucket) {
      case HOUR -> floor(t, HOUR);
      case DAY -> floor(t, DAY);
      case MONTH -> {
        OffsetDateTime utc = t.atOffset(ZoneOffset.UTC);
        yield YearMonth.of(utc.getYear(), utc.getMonthValue())
            .atDay(1)
            .atStartOfDay()
            .toInstant(ZoneOffset.UTC);
      }
    };
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private enum Source {
    RAW("cost_records"),
    HOURLY("cost_rollup_hourly"),
    DAILY("cost_rollup_daily");

    final String table;

    Source(String table) {
      this.table = table;
    }
  }

  private record Segment(Source source, Instant from, Instant to) {}

  private record RecordKey(String workloadUid, Instant intervalStart) {}

  private record GroupKey(Optional<Instant> bucket, List<String> values) {
    static final Comparator<GroupKey> ORDER =
        Comparator.<GroupKey, Instant>comparing(k -> k.bucket().orElse(Instant.EPOCH))
            .thenComparing(GroupKey::values, GroupKey::compareValues);

    private static int compareValues(List<String> a, List<String> b) {
      for (int i = 0; i < a.size(); i++) {
        int c = a.get(i).compareTo(b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }
  }

  private record RawRow(
      String uid,
      Instant intervalStart,
      long dimId,
      String name,
      long intervalMs,
      double seconds,
      long gpuMilli,
      double costUsd) {
    static RawRow read(ResultSet rs) throws SQLException {
      return new RawRow(
          rs.getString(1),
          rs.getObject(2, OffsetDateTime.class).toInstant(),
          rs.getLong(3),
          rs.getString(4),
          rs.getLong(5),
          rs.getDouble(6),
          rs.getLong(7),
          rs.getDouble(8));
    }

    CostRecord toRecord(Dims d) {
      return new CostRecord(
          CostRecord.Kind.valueOf(d.kind()),
          uid,
          name,
          d.namespace(),
          d.labels(),
          optional(d.team()),
          optional(d.experiment()),
          d.node(),
          optional(d.nodeGroup()),
          d.gpuModel(),
          CapacityType.valueOf(d.capacityType()),
          SharingMode.valueOf(d.sharingMode()),
          intervalStart,
          Duration.ofMillis(intervalMs),
          seconds,
          gpuMilli,
          costUsd);
    }

    private static Optional<String> optional(String v) {
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
  }
}
