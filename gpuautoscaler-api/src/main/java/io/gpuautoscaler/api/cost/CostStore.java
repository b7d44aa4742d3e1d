package io.gpuautoscaler.api.cost;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.spi.NamedProvider;
import io.gpuautoscaler.api.spi.Settings;
import java.util.List;

/**
 * Where cost records and their aggregates live. Implementations are thread-safe.
 *
 * <p>Writes are idempotent: a store keeps one record per ({@code workloadUid}, {@code
 * intervalStart}), so writing the same interval again replaces it and never counts it twice. A
 * batch is written atomically, and {@link #write} returns only once the whole batch is durable:
 * what a writer saw acknowledged survives a crash of the writer, and a writer that crashed simply
 * writes again from the last acknowledged batch (or from the start).
 */
@Beta
public interface CostStore extends AutoCloseable {

  /**
   * Writes a batch of records atomically, replacing any stored record with the same key. When two
   * records in the batch share a key, the later one wins.
   *
   * @return how many distinct keys the batch wrote; returned only after the batch is durable (the
   *     acknowledgement)
   * @throws CostStoreException when the batch could not be written; then none of it was
   */
  int write(List<CostRecord> batch);

  /**
   * The stored records whose {@code intervalStart} lies in the query's range and that match its
   * filters, ordered by {@code intervalStart}, then {@code workloadUid}. Grouping and bucketing of
   * the query are ignored. Meant for exports and checks over bounded ranges.
   */
  List<CostRecord> records(CostQuery query);

  /**
   * Sums of the records in the query's range that match its filters, one row per distinct value of
   * the query's group keys (and time bucket), ordered by bucket, then by group values. A record
   * belongs to the bucket that holds its {@code intervalStart}. Reflects every acknowledged write.
   */
  List<CostQueryRow> aggregate(CostQuery query);

  /**
   * Brings precomputed aggregates up to date with every acknowledged write. {@link #aggregate} does
   * this itself when it must; a scheduler may call it so that reads find nothing left to do.
   */
  void refreshAggregates();

  /** Releases the store's connections. Idempotent. */
  @Override
  void close();

  /** Found by {@link java.util.ServiceLoader}; cheap to load, opens the store on demand. */
  interface Provider extends NamedProvider {
    /**
     * Opens the store configured by {@code settings}, creating or migrating its schema.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException when a setting is invalid or the database
     *     lacks what the store needs (the message says what to install)
     * @throws CostStoreException when the database cannot be reached
     */
    CostStore create(Settings settings);
  }
}
