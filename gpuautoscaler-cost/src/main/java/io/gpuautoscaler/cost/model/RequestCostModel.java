package io.gpuautoscaler.cost.model;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.cost.CostModel;
import io.gpuautoscaler.api.spi.Settings;
import java.util.OptionalLong;

/**
 * Charges what the workload reserved, whatever it used: OpenCost's GPU rule in practice (GPUHours =
 * requested GPUs × hours).
 *
 * <p>Stateless, deterministic and thread-safe.
 */
@Beta
public final class RequestCostModel implements CostModel {
  /** The provider id. */
  public static final String NAME = "request";

  @Override
  public long chargedMilli(long requestedMilli, OptionalLong usedMilli) {
    Models.check(requestedMilli, usedMilli);
    return requestedMilli;
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
      return "charges what the workload reserved";
    }

    @Override
    public CostModel create(Settings settings) {
      settings.requireOnly("cost model " + NAME);
      return new RequestCostModel();
    }
  }
}
