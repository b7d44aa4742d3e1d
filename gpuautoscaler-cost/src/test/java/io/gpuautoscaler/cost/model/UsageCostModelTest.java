package io.gpuautoscaler.cost.model;

import io.gpuautoscaler.api.cost.CostModel;
import io.gpuautoscaler.testing.CostModelContract;

class UsageCostModelTest implements CostModelContract {
  @Override
  public CostModel model() {
    return new UsageCostModel();
  }
}
