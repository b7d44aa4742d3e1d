package io.gpuautoscaler.core.scaling;

import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.testing.ScalingPolicyContract;

class StaticPolicyTest implements ScalingPolicyContract {
  @Override
  public ScalingPolicy policy() {
    return new StaticPolicy();
  }
}
