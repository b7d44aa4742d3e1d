package io.gpuautoscaler.core.scaling;

import static io.gpuautoscaler.core.scaling.PolicyFixtures.T0;
import static io.gpuautoscaler.core.scaling.PolicyFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.testing.ScalingPolicyContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterAutoscalerPolicyTest implements ScalingPolicyContract {

  @Override
  public ScalingPolicy policy() {
    return new ClusterAutoscalerPolicy();
  }

  @Test
  void scaleUp_usesOnDemandOnlyEvenForCheckpointingWork() {
    var snapshot =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 0))
            .pending("a", 8, true)
            .at(T0);

    var decision = (ScalingDecision.ScaleUp) new ClusterAutoscalerPolicy().decide(snapshot);

    assertThat(decision.groupId()).isEqualTo("od");
    assertThat(decision.reason()).startsWith("cluster-autoscaler: 1 pending workloads (8 GPUs)");
  }

  @Test
  void scaleUp_leastWastePicksTheGroupWithTheFewestIdleGpus() {
    var snapshot =
        new PolicyFixtures()
            .group(group("big", CapacityType.ON_DEMAND, 8, 20.0, 0, 10, 0))
            .group(group("small", CapacityType.ON_DEMAND, 1, 3.0, 0, 10, 0))
            .pending("a", 1, false)
            .at(T0);

    var decision = (ScalingDecision.ScaleUp) new ClusterAutoscalerPolicy().decide(snapshot);

    assertThat(decision.groupId()).isEqualTo("small");
  }

  @Test
  void scaleDown_waitsTenMinutesAfterAScaleUp() {
    var policy = new ClusterAutoscalerPolicy();
    policy.decide(
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .pending("a", 8, false)
            .at(T0));
    var idle =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 1))
            .readyNode("od-1", "od", 0, false);

    var holding = policy.decide(idle.at(T0.plus(Duration.ofMinutes(1))));
    var removing = policy.decide(idle.at(T0.plus(Duration.ofMinutes(11))));

    assertThat(((ScalingDecision.Hold) holding).reviewAt())
        .contains(T0.plus(Duration.ofMinutes(11)));
    assertThat(removing).isInstanceOf(ScalingDecision.RemoveNodes.class);
  }
}
