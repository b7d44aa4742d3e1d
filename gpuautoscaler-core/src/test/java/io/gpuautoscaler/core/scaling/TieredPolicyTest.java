package io.gpuautoscaler.core.scaling;

import static io.gpuautoscaler.core.scaling.PolicyFixtures.T0;
import static io.gpuautoscaler.core.scaling.PolicyFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.DisruptionBudget;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingLimits;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.testing.ScalingPolicyContract;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TieredPolicyTest implements ScalingPolicyContract {

  @Override
  public ScalingPolicy policy() {
    return new TieredPolicy();
  }

  private static PolicyFixtures threeTiers() {
    return new PolicyFixtures()
        .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
        .group(group("reserved", CapacityType.RESERVED, 8, 18.51, 0, 2, 0))
        .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 0));
  }

  @Test
  void scaleUp_takesReservedCapacityFirstThenSpotForCheckpointingWorkThenOnDemand() {
    var policy = new TieredPolicy();
    var fixtures = threeTiers();
    for (int i = 0; i < 4; i++) {
      fixtures.pending("ckpt" + i, 8, true);
    }

    var first = (ScalingDecision.ScaleUp) policy.decide(fixtures.at(T0));

    assertThat(first.groupId()).isEqualTo("reserved");
    assertThat(first.count()).isEqualTo(2);
    assertThat(first.reason()).contains("reserved tier (already paid)");

    var full =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .group(group("reserved", CapacityType.RESERVED, 8, 18.51, 0, 2, 2))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 0))
            .pending("ckpt", 8, true)
            .pending("plain", 8, false);
    var second = new TieredPolicy();
    var spot = (ScalingDecision.ScaleUp) second.decide(full.at(T0));
    assertThat(spot.groupId()).isEqualTo("spot");
    assertThat(spot.reason()).contains("spot tier (the work checkpoints)");
  }

  @Test
  void insufficientCapacity_fallsBackToTheNextTierAndRetriesAfterTheCacheTime() {
    var policy = new TieredPolicy();
    var asked = threeTiersWithFullReservation().pending("a", 8, true);

    var spot = (ScalingDecision.ScaleUp) policy.decide(asked.at(T0));
    assertThat(spot.groupId()).isEqualTo("spot");

    // The cloud supplied none of the spot node: the next snapshot shows no new spot node.
    var after = threeTiersWithFullReservation().pending("a", 8, true);
    var fallback = (ScalingDecision.ScaleUp) policy.decide(after.at(T0.plusSeconds(1)));

    assertThat(fallback.groupId()).isEqualTo("od");
    assertThat(fallback.reason())
        .contains("spot unavailable until " + T0.plusSeconds(1).plus(TieredScaleUp.UNAVAILABLE_TTL))
        .contains("supplied 0 of 1")
        .contains("fell back");

    var later = threeTiersWithFullReservation().pending("a", 8, true);
    var retried =
        (ScalingDecision.ScaleUp)
            policy.decide(later.at(T0.plus(TieredScaleUp.UNAVAILABLE_TTL).plusSeconds(2)));
    assertThat(retried.groupId()).isEqualTo("spot");
  }

  @Test
  void aScaleUpThatTheCloudServed_leavesTheGroupAvailable() {
    var policy = new TieredPolicy();
    var spot =
        (ScalingDecision.ScaleUp)
            policy.decide(threeTiersWithFullReservation().pending("a", 8, true).at(T0));
    assertThat(spot.groupId()).isEqualTo("spot");

    var served =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .group(group("reserved", CapacityType.RESERVED, 8, 18.51, 2, 2, 2))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 1))
            .provisioningNode("spot-1", "spot")
            .pending("a", 8, true)
            .pending("b", 8, true);
    var next = (ScalingDecision.ScaleUp) policy.decide(served.at(T0));

    // "a" waits for spot-1; "b" needs one more node, and spot is still the cheapest.
    assertThat(next.groupId()).isEqualTo("spot");
    assertThat(next.count()).isEqualTo(1);
  }

  @Test
  void spotCap_sendsTheRestOfTheCheckpointingWorkToOnDemand() {
    var limits =
        new ScalingLimits(OptionalInt.of(8), OptionalInt.empty(), DisruptionBudget.unlimited());
    var fixtures =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 1))
            .limits(limits)
            .pending("a", 8, true);

    var decision = (ScalingDecision.ScaleUp) new TieredPolicy().decide(fixtures.at(T0));

    assertThat(decision.groupId()).isEqualTo("od");
  }

  @Test
  void provider_isFoundByNameAndChecksItsSettings() {
    var registry = ProviderRegistry.load(ScalingPolicy.Provider.class);
    assertThat(registry.require("tiered").create(Settings.empty()))
        .isInstanceOf(TieredPolicy.class);
    assertThat(registry.require("gpu-utilization").create(Settings.empty()))
        .isInstanceOf(GpuUtilizationPolicy.class);
    assertThat(registry.require("default").create(Settings.empty()))
        .isInstanceOf(DefaultScalingPolicy.class);
  }

  private static PolicyFixtures threeTiersWithFullReservation() {
    return new PolicyFixtures()
        .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
        .group(group("reserved", CapacityType.RESERVED, 8, 18.51, 2, 2, 2))
        .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, 0));
  }
}
