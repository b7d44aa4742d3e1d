package io.gpuautoscaler.cost.pricing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.cost.Price;
import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.cost.PricingSource;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.pricing.PriceTable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The built-in pricing source: the price table shipped with core ({@link PriceTable#embedded()},
 * list prices from the project's price reference, each with its source and date), under an optional
 * user {@link PriceFile}.
 *
 * <p>A node is priced by the first of these that knows it: a user row for one of its labels, a user
 * row for its instance type, the embedded table's row for its instance type (and region, cloud and
 * capacity type, where the node states them), a user row for its GPU model. GPU-model rows come
 * last so that an on-premises price never silently replaces a cloud list price. Where the query
 * names no region, the embedded table's first row for the instance type wins. Immutable and
 * thread-safe.
 */
@Beta
public final class EmbeddedPricingSource implements PricingSource {
  /** The provider id. */
  public static final String NAME = "embedded";

  /** The setting naming a user's price file (see {@link PriceFile}). */
  public static final String FILE_SETTING = "file";

  private final PriceTable table;
  private final Optional<PriceFile> userFile;

  /** The embedded table under {@code userFile}. */
  public EmbeddedPricingSource(PriceTable table, Optional<PriceFile> userFile) {
    this.table = requireNonNull(table, "table");
    this.userFile = requireNonNull(userFile, "userFile");
  }

  /** The embedded table alone. */
  public static EmbeddedPricingSource embedded() {
    return new EmbeddedPricingSource(PriceTable.embedded(), Optional.empty());
  }

  /** The embedded table under {@code userFile}. */
  public static EmbeddedPricingSource withUserFile(PriceFile userFile) {
    return new EmbeddedPricingSource(PriceTable.embedded(), Optional.of(userFile));
  }

  @Override
  public Optional<Price> find(PriceQuery query) {
    requireNonNull(query, "query");
    Optional<Price> user =
        userFile.flatMap(
            f -> f.find(query, PriceFile.Match.NODE_LABEL, PriceFile.Match.INSTANCE_TYPE));
    if (user.isPresent()) {
      return user;
    }
    Optional<Price> embedded = fromTable(query);
    if (embedded.isPresent()) {
      return embedded;
    }
    return userFile.flatMap(f -> f.find(query, PriceFile.Match.GPU_MODEL));
  }

  private Optional<Price> fromTable(PriceQuery query) {
    if (query.instanceType().isEmpty()) {
      return Optional.empty();
    }
    for (PriceTable.Price p : table.prices()) {
      PriceTable.Key k = p.key();
      if (k.instanceType().equals(query.instanceType().get())
          && k.capacityType() == query.capacityType()
          && query.region().map(k.region()::equals).orElse(true)
          && query.cloud().map(PriceTable.cloudId(k.cloud())::equals).orElse(true)) {
        return Optional.of(
            new Price(
                p.usdPerHour(),
                p.gpus(),
                p.source(),
                p.asOf(),
                "instance-type "
                    + k.instanceType()
                    + " "
                    + k.region()
                    + " "
                    + k.capacityType().id()
                    + " (embedded table)"));
      }
    }
    return Optional.empty();
  }

  /** Registered in META-INF/services; keep it public with a no-arg constructor. */
  public static final class Provider implements PricingSource.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "list prices shipped with the project, under an optional user price file";
    }

    /**
     * Builds the source; the setting {@value #FILE_SETTING} names a user's price file.
     *
     * @throws io.gpuautoscaler.api.ConfigurationException for an unknown setting
     * @throws io.gpuautoscaler.api.InputFormatException for a malformed price file
     */
    @Override
    public PricingSource create(Settings settings) {
      settings.requireOnly("pricing source " + NAME, FILE_SETTING);
      Optional<PriceFile> file = settings.get(FILE_SETTING).map(f -> PriceFile.read(Path.of(f)));
      return new EmbeddedPricingSource(PriceTable.embedded(), file);
    }
  }
}
