package io.gpuautoscaler.core.scaling;

import static io.gpuautoscaler.core.scaling.PolicyFixtures.T0;
import static io.gpuautoscaler.core.scaling.PolicyFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.scaling.CapacityType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArrivalHeadroomTest {
  private static final Duration LEAD = Duration.ofMinutes(5);

  private static PolicyFixtures cluster() {
    return new PolicyFixtures().group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0));
  }

  @Test
  void headroom_isTheHighPercentileOfGpusArrivingPerLeadTimeOverCompletedBuckets() {
    var headroom = new ArrivalHeadroom(LEAD);
    // Bucket 0: 8 GPUs arrive; bucket 1: nothing new; bucket 2: 16 GPUs arrive.
    headroom.observe(cluster().pending("a", 8, true).at(T0));
    assertThat(headroom.gpusWanted(T0)).isZero();
    headroom.observe(cluster().pending("a", 8, true).at(T0.plus(LEAD)));
    headroom.observe(
        cluster().pending("b", 8, false).pending("c", 8, true).at(T0.plus(LEAD.multipliedBy(2))));

    // Completed buckets 8, 0, 16: the 95th percentile of three is the largest.
    assertThat(headroom.gpusWanted(T0.plus(LEAD.multipliedBy(3)))).isEqualTo(16);
    assertThat(headroom.interruptibleShare()).isCloseTo(16 / 24.0, within(1e-9));
  }

  @Test
  void aRequeuedWorkload_arrivesAgain() {
    var headroom = new ArrivalHeadroom(LEAD);
    headroom.observe(cluster().pending("a", 4, true).at(T0));
    headroom.observe(cluster().at(T0.plusSeconds(10)));
    headroom.observe(cluster().pending("a", 4, true).at(T0.plusSeconds(20)));

    assertThat(headroom.gpusWanted(T0.plus(LEAD))).isEqualTo(8);
  }

  @Test
  void onlyTheLastDayCounts() {
    var headroom = new ArrivalHeadroom(LEAD);
    headroom.observe(cluster().pending("burst", 8, true).at(T0));
    headroom.observe(cluster().at(T0.plus(LEAD)));

    assertThat(headroom.gpusWanted(T0.plus(LEAD))).isEqualTo(8);
    assertThat(headroom.gpusWanted(T0.plus(Duration.ofDays(1)).plus(LEAD))).isZero();
  }
}
