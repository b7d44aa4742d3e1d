package io.gpuautoscaler.core.scaling;

import static io.gpuautoscaler.core.scaling.PolicyFixtures.T0;
import static io.gpuautoscaler.core.scaling.PolicyFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.testing.ScalingPolicyContract;
import org.junit.jupiter.api.Test;

class DefaultScalingPolicyTest implements ScalingPolicyContract {

  @Override
  public ScalingPolicy policy() {
    return new DefaultScalingPolicy();
  }

  @Test
  void pendingWork_scalesUpByTierAndSaysWhy() {
    var fixtures =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 0))
            .pending("ckpt", 8, true);

    var up = (ScalingDecision.ScaleUp) new DefaultScalingPolicy().decide(fixtures.at(T0));

    assertThat(up.groupId()).isEqualTo("spot");
    assertThat(up.reason()).startsWith("default: ").contains("spot tier");
  }
}
