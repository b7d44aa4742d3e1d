package io.gpuautoscaler.core.scaling;

import static io.gpuautoscaler.core.scaling.PolicyFixtures.T0;
import static io.gpuautoscaler.core.scaling.PolicyFixtures.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.scaling.CapacityType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterruptionBufferTest {

  private static PolicyFixtures spot(String... ready) {
    var f =
        new PolicyFixtures()
            .group(group("od", CapacityType.ON_DEMAND, 8, 29.39, 0, 10, 0))
            .group(group("spot", CapacityType.SPOT, 8, 15.42, 0, 10, ready.length));
    for (String id : ready) {
      f.readyNode(id, "spot", 4, true);
    }
    return f;
  }

  @Test
  void poissonQuantile_isTheSmallestCountWithEnoughProbability() {
    assertThat(InterruptionBuffer.poissonQuantile(0, 0.95)).isZero();
    assertThat(InterruptionBuffer.poissonQuantile(0.01, 0.95)).isZero();
    // P(N <= 2) = 0.8685 and P(N <= 3) = 0.9617 for a mean of 1.25.
    assertThat(InterruptionBuffer.poissonQuantile(1.25, 0.95)).isEqualTo(3);
    assertThat(InterruptionBuffer.poissonQuantile(0.5, 0.95)).isEqualTo(2);
  }

  @Test
  void aSpotNodeThatVanishesUnasked_isAReclaimAndSizesTheBuffer() {
    var buffer = new InterruptionBuffer();
    buffer.observe(spot("s1", "s2").at(T0));
    assertThat(buffer.gpusWanted(Duration.ofHours(1))).isZero();

    buffer.observe(spot("s2").at(T0.plus(Duration.ofHours(1))));

    // One reclaim in two spot node-hours; one ready spot node; a mean of 0.5 within an hour.
    assertThat(buffer.reclaims()).isEqualTo(1);
    assertThat(buffer.reclaimsPerNodeHour()).isCloseTo(0.5, within(1e-9));
    assertThat(buffer.nodesWanted(Duration.ofHours(1))).isEqualTo(2);
    assertThat(buffer.gpusWanted(Duration.ofHours(1))).isEqualTo(16);
  }

  @Test
  void nodesThePolicyRemoves_areNotReclaims() {
    var buffer = new InterruptionBuffer();
    buffer.observe(spot("s1", "s2").at(T0));
    buffer.removing(List.of("s1"));

    buffer.observe(spot("s2").at(T0.plus(Duration.ofHours(1))));

    assertThat(buffer.reclaims()).isZero();
    assertThat(buffer.gpusWanted(Duration.ofHours(1))).isZero();
  }
}
