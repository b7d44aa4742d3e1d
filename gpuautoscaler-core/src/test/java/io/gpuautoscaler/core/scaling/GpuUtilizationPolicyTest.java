package io.gpuautoscaler.core.scaling;

import static io.gpuautoscaler.core.scaling.PolicyFixtures.T0;
import static io.gpuautoscaler.core.scaling.PolicyFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.DisruptionBudget;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingLimits;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.testing.ScalingPolicyContract;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GpuUtilizationPolicyTest implements ScalingPolicyContract {
  private static final Duration COOL_DOWN = Duration.ofMinutes(10);

  @Override
  public ScalingPolicy policy() {
    return new GpuUtilizationPolicy();
  }

  /** Three nodes with 2 of 8 GPUs in use each, and one with 6 of 8. */
  private static PolicyFixtures underUsed(int min) {
    return new PolicyFixtures()
        .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, min, 10, 4))
        .readyNode("a", "od", 2, true)
        .readyNode("b", "od", 2, true)
        .readyNode("c", "od", 2, true)
        .readyNode("d", "od", 6, true);
  }

  @Test
  void consolidation_mergesSeveralUnderUsedNodesIntoFewerAtOnce() {
    var policy = new GpuUtilizationPolicy();
    assertThat(policy.decide(underUsed(0).at(T0))).isInstanceOf(ScalingDecision.Hold.class);

    var decision = policy.decide(underUsed(0).at(T0.plus(COOL_DOWN)));

    // All three cannot go (6 GPUs, 2 free on d); two can (their 4 GPUs fit on the third and d).
    assertThat(decision).isInstanceOf(ScalingDecision.RemoveNodes.class);
    var remove = (ScalingDecision.RemoveNodes) decision;
    assertThat(remove.nodeIds()).containsExactly("a", "b");
    assertThat(remove.reason())
        .contains("consolidation")
        .contains("2 workloads fit on the other nodes")
        .contains("saves $58.78/h");
  }

  @Test
  void consolidation_staysWithinTheDisruptionBudgetAndTheMinimum() {
    var oneAtATime =
        new ScalingLimits(
            OptionalInt.empty(),
            OptionalInt.empty(),
            new DisruptionBudget(1, Integer.MAX_VALUE, Duration.ofMinutes(10)));
    var budgeted = new GpuUtilizationPolicy();
    budgeted.decide(underUsed(0).limits(oneAtATime).at(T0));
    var one =
        (ScalingDecision.RemoveNodes)
            budgeted.decide(underUsed(0).limits(oneAtATime).at(T0.plus(COOL_DOWN)));
    assertThat(one.nodeIds()).hasSize(1);

    var atMin = new GpuUtilizationPolicy();
    atMin.decide(underUsed(3).at(T0));
    var decision = atMin.decide(underUsed(3).at(T0.plus(COOL_DOWN)));
    assertThat(((ScalingDecision.RemoveNodes) decision).nodeIds()).hasSize(1);
  }

  @Test
  void consolidation_leavesWorkThatCannotMoveAndWaitsWhileWorkIsPending() {
    var pinned =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 2))
            .readyNode("a", "od", 2, false)
            .readyNode("b", "od", 2, false);
    var policy = new GpuUtilizationPolicy();
    policy.decide(pinned.at(T0));
    assertThat(policy.decide(pinned.at(T0.plus(COOL_DOWN))))
        .isInstanceOf(ScalingDecision.Hold.class);

    var pending = new GpuUtilizationPolicy();
    // The pending 8-GPU job fits on no ready node and the group is at its maximum.
    var full =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 4, 4))
            .readyNode("a", "od", 2, true)
            .readyNode("b", "od", 2, true)
            .readyNode("c", "od", 2, true)
            .readyNode("d", "od", 6, true)
            .pending("wide", 8, false);
    pending.decide(full.at(T0));
    var hold = pending.decide(full.at(T0.plus(COOL_DOWN)));
    assertThat(hold).isInstanceOf(ScalingDecision.Hold.class);
    assertThat(hold.reason()).contains("pending work").contains("fit no group with room");
  }

  @Test
  void emptyNodes_goAfterTheCoolDownMostExpensivePerGpuFirst() {
    var fixtures =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 1))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 1))
            .readyNode("od-1", "od", 0, true)
            .readyNode("spot-1", "spot", 0, true);
    var policy = new GpuUtilizationPolicy();
    policy.decide(fixtures.at(T0));

    var first = (ScalingDecision.RemoveNodes) policy.decide(fixtures.at(T0.plus(COOL_DOWN)));

    assertThat(first.groupId()).isEqualTo("od");
    assertThat(first.reason()).contains("run no workload for at least 10 min");
  }
}
