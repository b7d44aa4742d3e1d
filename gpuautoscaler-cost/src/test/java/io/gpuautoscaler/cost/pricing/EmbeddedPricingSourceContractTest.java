package io.gpuautoscaler.cost.pricing;

import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.cost.PricingSource;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.testing.PricingSourceContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class EmbeddedPricingSourceContractTest implements PricingSourceContract {
  @Override
  public PricingSource source() {
    try {
      return EmbeddedPricingSource.withUserFile(
          PriceFile.read(
              new BufferedReader(
                  new StringReader(
                      PriceFile.HEADER + "\nnode-label,rack=b7,*,*,16,node,,2026-10-01")),
              "contract.csv"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<PriceQuery> knownQueries() {
    return List.of(
        new PriceQuery(
            "a",
            Optional.of("aws"),
            Optional.of("us-east-1"),
            Optional.of("g5.xlarge"),
            CapacityType.ON_DEMAND,
            "A10G",
            1,
            Map.of()),
        new PriceQuery(
            "b",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            CapacityType.RESERVED,
            "L40S",
            4,
            Map.of("rack", "b7")));
  }
}
