package io.gpuautoscaler.core.scaling;

import static io.gpuautoscaler.core.scaling.PolicyFixtures.T0;
import static io.gpuautoscaler.core.scaling.PolicyFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.forecast.DemandSeries;
import io.gpuautoscaler.testing.ScalingPolicyContract;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PredictivePolicyTest implements ScalingPolicyContract {

  /**
   * Seeded with a week of 100 GPUs of demand ending where the contract's snapshots start, so that
   * the contract sees it forecast and scale up against random caps and maxima.
   */
  @Override
  public ScalingPolicy policy() {
    double[] v = new double[168];
    Arrays.fill(v, 100);
    DemandSeries week =
        DemandSeries.hourly("team-a", DemandSeries.Measure.GPUS, T0.minus(Duration.ofDays(7)), v);
    return new PredictivePolicy(PredictivePolicy.DEFAULT_LEAD, List.of(week));
  }

  /** Daily ramp: 8 GPUs at night, 40 from 09:00 to 17:00 (UTC), on 8-GPU on-demand nodes. */
  static int demandAt(Instant t) {
    int hour = (int) ((t.getEpochSecond() / 3600) % 24);
    return hour >= 9 && hour < 17 ? 40 : 8;
  }

  /** A cluster with just enough ready nodes for {@code busy} GPUs, all in use. */
  static ScalingSnapshot sized(Instant now, int busy) {
    int nodes = (busy + 7) / 8;
    var f =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 20, nodes))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 20, 0));
    for (int n = 0; n < nodes; n++) {
      f.readyNode("od-" + n, "od", Math.min(8, busy - 8 * n), false);
    }
    return f.at(now);
  }

  /** Shows the policy the ramp every 30 minutes for {@code days} days from T0. */
  static PredictivePolicy learnRamp(int days) {
    var policy = new PredictivePolicy();
    for (Instant t = T0; t.isBefore(T0.plus(Duration.ofDays(days))); t = t.plusSeconds(1800)) {
      policy.decide(sized(t, demandAt(t)));
    }
    return policy;
  }

  @Test
  void holdsBeforeADayOfHistoryAndSaysWhy() {
    var policy = new PredictivePolicy();
    ScalingDecision last = null;
    for (int h = 0; h < 24; h++) {
      Instant t = T0.plus(Duration.ofHours(h));
      last = policy.decide(sized(t, 40));
      var hold = (ScalingDecision.Hold) last;
      assertThat(hold.reviewAt()).contains(t.plus(Duration.ofHours(1)));
    }
    assertThat(last.reason())
        .isEqualTo("predictive: 23 h of demand history, a forecast needs 24 h (one day); holding");
  }

  @Test
  void preWarmsOneLeadTimeAheadOfARecurringDailyRamp() {
    PredictivePolicy policy = learnRamp(8);
    Instant day9 = T0.plus(Duration.ofDays(8));

    // 08:30: the next lead window ends within the quiet hour; asks to be woken at 08:55.
    var early = policy.decide(sized(day9.plus(Duration.ofMinutes(510)), 8));
    assertThat(early).isInstanceOf(ScalingDecision.Hold.class);
    assertThat(((ScalingDecision.Hold) early).reviewAt())
        .contains(day9.plus(Duration.ofMinutes(535)));

    // 08:55: capacity asked for now is ready at 09:00, when the ramp comes.
    ScalingSnapshot at0855 = sized(day9.plus(Duration.ofMinutes(535)), 8);
    assertThat(policy.warmGpusWanted(at0855)).isEqualTo(32);
    var up = policy.decide(at0855);

    assertThat(up).isInstanceOf(ScalingDecision.ScaleUp.class);
    var scaleUp = (ScalingDecision.ScaleUp) up;
    assertThat(scaleUp.groupId()).isEqualTo("od"); // nothing seen checkpoints: no spot
    assertThat(scaleUp.count()).isEqualTo(4);
    assertThat(scaleUp.reason())
        .startsWith("predictive: forecast 40.0 GPUs in use by 10-10 09:00")
        .contains("8 ready or provisioning")
        .contains("4 new t-8 on-demand nodes pre-warm 32 GPUs");
  }

  @Test
  void learnsTheHourlyTimeWeightedDemand() {
    PredictivePolicy policy = learnRamp(2);

    DemandSeries s = policy.gpuHistory().get(0);
    assertThat(s.key()).isEqualTo(PredictivePolicy.NO_TEAM);
    assertThat(s.size()).isEqualTo(47);
    assertThat(s.value(8)).isEqualTo(8);
    assertThat(s.value(9)).isEqualTo(40);
    assertThat(s.value(24 + 16)).isEqualTo(40);
  }

  @Test
  void neverScalesBeyondTheGroupsMaximum() {
    PredictivePolicy policy = learnRamp(8);
    Instant t = T0.plus(Duration.ofDays(8)).plus(Duration.ofMinutes(535));
    var f =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 2, 1))
            .readyNode("od-0", "od", 8, false);

    var up = (ScalingDecision.ScaleUp) policy.decide(f.at(t));

    assertThat(up.count()).isEqualTo(1);
    var full =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 2, 2))
            .readyNode("od-0", "od", 8, false)
            .provisioningNode("od-1", "od");
    var hold = policy.decide(full.at(t.plusSeconds(10)));
    assertThat(hold).isInstanceOf(ScalingDecision.Hold.class);
    assertThat(hold.reason()).contains("no eligible group has room");
  }

  @Test
  void seededHistoryPerTeam_isSummedAndTheTotalIgnored() {
    double[] a = new double[48];
    double[] b = new double[48];
    Arrays.fill(a, 10);
    Arrays.fill(b, 6);
    Instant start = T0.minus(Duration.ofDays(2));
    var policy =
        new PredictivePolicy(
            Duration.ofSeconds(300),
            List.of(
                DemandSeries.hourly(DemandSeries.TOTAL, DemandSeries.Measure.GPUS, start, a),
                DemandSeries.hourly("x", DemandSeries.Measure.GPUS, start, a),
                DemandSeries.hourly("y", DemandSeries.Measure.GPUS, start, b)));

    ScalingSnapshot s = sized(T0, 8);
    assertThat(policy.warmGpusWanted(s)).isEqualTo(8);
    var up = (ScalingDecision.ScaleUp) policy.decide(s);
    assertThat(up.reason()).contains("forecast 16.0 GPUs").contains("2 teams, largest x 10.0");
  }

  @Test
  void provider_isFoundByNameAndChecksItsSettings() {
    var registry = ProviderRegistry.load(ScalingPolicy.Provider.class);

    var policy = registry.require("predictive").create(Settings.of(Map.of("lead-seconds", "120")));
    assertThat(((PredictivePolicy) policy).lead()).isEqualTo(Duration.ofSeconds(120));
    assertThatThrownBy(
            () -> registry.require("predictive").create(Settings.of(Map.of("lead-seconds", "-1"))))
        .hasMessage("scaling policy predictive: lead must be >= 0, was PT-1S");
    assertThatThrownBy(() -> registry.require("predictive").create(Settings.of(Map.of("x", "1"))))
        .hasMessageContaining("does not understand setting(s) [x]");
    assertThat(registry.require("predictive").description()).isNotBlank();
    assertThat(Optional.of(policy)).isPresent();
  }
}
