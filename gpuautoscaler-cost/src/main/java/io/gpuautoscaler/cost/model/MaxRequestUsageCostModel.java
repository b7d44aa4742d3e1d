package io.gpuautoscaler.cost.model;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.cost.CostModel;
import io.gpuautoscaler.api.spi.Settings;
import java.util.OptionalLong;

/**
 * Charges the larger of what the workload reserved and what it used (OpenCost's max(request,
 * usage)); without GPU metrics, what it reserved. A workload that bursts above its share on a
 * time-sliced or MPS GPU pays for the burst.
 *
 * <p>Stateless, deterministic and thread-safe.
 */
@Beta
public final class MaxRequestUsageCostModel implements CostModel {
  /** The provider id. */
  public static final String NAME = "max-request-usage";

  @Override
  public long chargedMilli(long requestedMilli, OptionalLong usedMilli) {
    Models.check(requestedMilli, usedMilli);
    return usedMilli.isPresent() ? Math.max(requestedMilli, usedMilli.getAsLong()) : requestedMilli;
  }

  @Override
  public String toString() {
    return NAME;
  }

  /** Registered in META-INF/services; keep it public with a no-arg constructor. */
  public static final class Provider implements CostModel.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "charges max(reserved, used)";
    }

    @Override
    public CostModel create(Settings settings) {
      settings.requireOnly("cost model " + NAME);
      return new MaxRequestUsageCostModel();
    }
  }
}
