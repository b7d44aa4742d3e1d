package io.gpuautoscaler.core.scaling;

import static io.gpuautoscaler.core.scaling.PolicyFixtures.T0;
import static io.gpuautoscaler.core.scaling.PolicyFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.DisruptionBudget;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingLimits;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.testing.ScalingPolicyContract;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PendingGpuPolicyTest implements ScalingPolicyContract {

  @Override
  public ScalingPolicy policy() {
    return new PendingGpuPolicy();
  }

  private static PolicyFixtures twoTiers() {
    return new PolicyFixtures()
        .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
        .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 0));
  }

  @Test
  void scaleUp_putsCheckpointingWorkOnSpotAndTheRestOnOnDemand() {
    var policy = new PendingGpuPolicy();
    var interruptibleOnly = twoTiers().pending("a", 4, true).pending("b", 4, true).at(T0);
    var mixed = twoTiers().pending("a", 4, false).at(T0);

    var spot = policy.decide(interruptibleOnly);
    var od = new PendingGpuPolicy().decide(mixed);

    assertThat(spot).isInstanceOf(ScalingDecision.ScaleUp.class);
    assertThat(((ScalingDecision.ScaleUp) spot).groupId()).isEqualTo("spot");
    assertThat(((ScalingDecision.ScaleUp) spot).count()).isEqualTo(1);
    assertThat(spot.reason())
        .contains("2 pending workloads (8 GPUs)")
        .contains("spot tier")
        .contains("$15.42/h");
    assertThat(((ScalingDecision.ScaleUp) od).groupId()).isEqualTo("od");
  }

  @Test
  void scaleUp_prefersTheCheaperGroupPerPlacedGpuWithinATier() {
    var fixtures =
        new PolicyFixtures()
            .group(group("big", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .group(group("small", CapacityType.ON_DEMAND, 1, 3.50, 0, 10, 0))
            .pending("a", 1, false);

    var decision = (ScalingDecision.ScaleUp) new PendingGpuPolicy().decide(fixtures.at(T0));

    assertThat(decision.groupId()).isEqualTo("small");
  }

  @Test
  void scaleUp_neverAsksBeyondTheGroupMaxOrTheSpotCap() {
    var limits =
        new ScalingLimits(OptionalInt.of(16), OptionalInt.empty(), DisruptionBudget.unlimited());
    var fixtures = twoTiers().limits(limits);
    for (int i = 0; i < 40; i++) {
      fixtures.pending("j" + i, 8, true);
    }

    var decision = (ScalingDecision.ScaleUp) new PendingGpuPolicy().decide(fixtures.at(T0));

    assertThat(decision.groupId()).isEqualTo("spot");
    assertThat(decision.count()).isEqualTo(2);
  }

  @Test
  void scaleUp_holdsWhenProvisioningNodesWillTakeThePendingWork() {
    var snapshot = twoTiers().provisioningNode("od-1", "od").pending("a", 8, false).at(T0);

    var decision = new PendingGpuPolicy().decide(snapshot);

    assertThat(decision).isInstanceOf(ScalingDecision.Hold.class);
  }

  @Test
  void scaleDown_removesAnEmptyNodeOnlyAfterTheCoolDownAndSaysWhen() {
    var policy = new PendingGpuPolicy(0.5, Duration.ofMinutes(10), Duration.ZERO, 10);
    var fixtures =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 2))
            .readyNode("od-1", "od", 0, false)
            .readyNode("od-2", "od", 8, false);

    var first = policy.decide(fixtures.at(T0));
    var early = policy.decide(fixtures.at(T0.plus(Duration.ofMinutes(9))));
    var due = policy.decide(fixtures.at(T0.plus(Duration.ofMinutes(10))));

    assertThat(first).isInstanceOf(ScalingDecision.Hold.class);
    assertThat(((ScalingDecision.Hold) first).reviewAt()).contains(T0.plus(Duration.ofMinutes(10)));
    assertThat(early).isInstanceOf(ScalingDecision.Hold.class);
    assertThat(due)
        .isEqualTo(
            new ScalingDecision.RemoveNodes(
                "od",
                List.of("od-1"),
                "pending-gpu: 1 od nodes have run no workload for at least 10 min (saves $29.39/h)"));
  }

  @Test
  void scaleDown_neverGoesBelowTheMinimumNorBeyondTheDisruptionBudget() {
    var atMin = new PendingGpuPolicy(0.5, Duration.ZERO, Duration.ZERO, 10);
    var minFixtures =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 2, 10, 2))
            .readyNode("od-1", "od", 0, false)
            .readyNode("od-2", "od", 0, false);
    var budget = new PendingGpuPolicy(0.5, Duration.ZERO, Duration.ZERO, 10);
    var budgetFixtures =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 3))
            .readyNode("od-1", "od", 0, false)
            .readyNode("od-2", "od", 0, false)
            .readyNode("od-3", "od", 0, false)
            .limits(
                new ScalingLimits(
                    OptionalInt.empty(),
                    OptionalInt.empty(),
                    new DisruptionBudget(2, 10, Duration.ofMinutes(5))));

    assertThat(atMin.decide(minFixtures.at(T0))).isInstanceOf(ScalingDecision.Hold.class);
    assertThat(((ScalingDecision.RemoveNodes) budget.decide(budgetFixtures.at(T0))).nodeIds())
        .containsExactly("od-1", "od-2");
  }

  @Test
  void scaleDown_movesCheckpointingWorkOnlyWhenItFitsElsewhere() {
    var policy = new PendingGpuPolicy(0.5, Duration.ZERO, Duration.ZERO, 10);
    var fits =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 2))
            .readyNode("od-1", "od", 2, true)
            .readyNode("od-2", "od", 6, false);
    var doesNotFit =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 2))
            .readyNode("od-1", "od", 3, true)
            .readyNode("od-2", "od", 6, false);
    var notCheckpointing =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 2))
            .readyNode("od-1", "od", 2, false)
            .readyNode("od-2", "od", 2, false);

    var moved = policy.decide(fits.at(T0));

    assertThat(moved).isInstanceOf(ScalingDecision.RemoveNodes.class);
    assertThat(moved.reason()).contains("node od-1 has had 25% of its GPUs requested");
    assertThat(
            new PendingGpuPolicy(0.5, Duration.ZERO, Duration.ZERO, 10).decide(doesNotFit.at(T0)))
        .isInstanceOf(ScalingDecision.Hold.class);
    assertThat(
            new PendingGpuPolicy(0.5, Duration.ZERO, Duration.ZERO, 10)
                .decide(notCheckpointing.at(T0)))
        .isInstanceOf(ScalingDecision.Hold.class);
  }

  @Test
  void providers_areFoundByNameAndCheckTheirSettings() {
    var registry = ProviderRegistry.load(ScalingPolicy.Provider.class);

    assertThat(registry.names()).contains("cluster-autoscaler", "pending-gpu", "static");
    assertThat(
            registry.require("pending-gpu").create(Settings.of(Map.of("cool-down-seconds", "60"))))
        .isInstanceOf(PendingGpuPolicy.class);
    assertThatThrownBy(
            () ->
                registry
                    .require("pending-gpu")
                    .create(Settings.of(Map.of("scale-down-gpu-threshold", "2"))))
        .hasMessage("scaling policy pending-gpu: threshold must be in (0, 1], was 2.0");
    assertThatThrownBy(() -> registry.require("static").create(Settings.of(Map.of("x", "1"))))
        .hasMessageContaining("does not understand setting(s) [x]");
  }

  @Test
  void hold_carriesNoReviewWhenNothingIsUnderUsed() {
    var snapshot =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 1))
            .readyNode("od-1", "od", 8, false)
            .at(T0);

    var decision = (ScalingDecision.Hold) new PendingGpuPolicy().decide(snapshot);

    assertThat(decision.reviewAt()).isEqualTo(Optional.empty());
    assertThat(decision.reason()).contains("no under-used node");
  }
}
