package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.cost.Price;
import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.cost.PricingSource;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PricingSource} promises. A source's test class implements this interface and
 * supplies the source, queries it knows and a query it does not.
 *
 * <p>Checked: a known node gets a price with a source and a row it was matched by; an unknown node
 * gets no price (never a zero one, never an exception); the same query gives the same answer.
 */
public interface PricingSourceContract {
  /** The source under test. */
  PricingSource source();

  /** Queries the source prices. */
  List<PriceQuery> knownQueries();

  /** A node no source can know: an instance type that does not exist. */
  default PriceQuery unknownQuery() {
    return new PriceQuery(
        "contract-node",
        Optional.empty(),
        Optional.of("nowhere-1"),
        Optional.of("contract.no-such-type"),
        CapacityType.ON_DEMAND,
        "NO-SUCH-GPU",
        3,
        Map.of("contract", "unknown"));
  }

  @Test
  default void find_knownQueries_havePricesWithTheirOrigin() {
    assertThat(knownQueries()).isNotEmpty();
    for (PriceQuery q : knownQueries()) {
      Optional<Price> price = source().find(q);

      assertThat(price).as("price of %s", q.describe()).isPresent();
      assertThat(price.get().source()).isNotBlank();
      assertThat(price.get().matchedBy()).isNotBlank();
      assertThat(source().find(q)).isEqualTo(price);
    }
  }

  @Test
  default void find_unknownQuery_isAbsent() {
    assertThat(source().find(unknownQuery())).isEmpty();
  }
}
