package io.gpuautoscaler.cost.model;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.cost.CostModel;
import io.gpuautoscaler.api.spi.Settings;
import java.util.OptionalLong;

/**
 * Charges what the workload used, from GPU metrics; what it reserved but left unused is the node's
 * idle cost. Without GPU metrics it charges what the workload reserved, so that an unmeasured
 * workload is never free.
 *
 * <p>Stateless, deterministic and thread-safe.
 */
@Beta
public final class UsageCostModel implements CostModel {
  /** The provider id. */
  public static final String NAME = "usage";

  @Override
  public long chargedMilli(long requestedMilli, OptionalLong usedMilli) {
    Models.check(requestedMilli, usedMilli);
    return usedMilli.isPresent() ? usedMilli.getAsLong() : requestedMilli;
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
      return "charges what it used";
    }

    @Override
    public CostModel create(Settings settings) {
      settings.requireOnly("cost model " + NAME);
      return new UsageCostModel();
    }
  }
}
