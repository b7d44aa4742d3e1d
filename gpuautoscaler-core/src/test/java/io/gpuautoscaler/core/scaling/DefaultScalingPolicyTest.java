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

  @Test
  void headroom_keepsAnEmptyNodeForTheWorkThatArrivesWithinALeadTime() {
    var policy = new DefaultScalingPolicy();
    var first =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 0))
            .pending("a", 8, true);
    assertThat(policy.decide(first.at(T0))).isInstanceOf(ScalingDecision.ScaleUp.class);

    // Five minutes on, "a" runs on the new node and nothing is empty: 8 GPUs arrived in the last
    // lead time, so 8 GPUs are kept ready on an empty node for the next arrivals.
    var running =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 1))
            .readyNode("s1", "spot", 8, true);
    var headroom = policy.decide(running.at(T0.plusSeconds(300)));

    assertThat(headroom).isInstanceOf(ScalingDecision.ScaleUp.class);
    assertThat(((ScalingDecision.ScaleUp) headroom).groupId()).isEqualTo("spot");
    assertThat(headroom.reason())
        .contains("headroom of 8 GPUs on empty nodes")
        .contains("95th percentile of GPUs arriving within one lead time (300 s)");
  }
}
