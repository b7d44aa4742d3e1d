package io.gpuautoscaler.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatTest {

  @Test
  void of_givesTheMeanAndSampleStandardDeviation() {
    Stat stat = Stat.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});

    assertThat(stat.mean()).isEqualTo(5);
    assertThat(stat.sd()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
  }

  @Test
  void of_oneValue_hasNoSpread() {
    assertThat(Stat.of(new double[] {3.5})).isEqualTo(new Stat(3.5, 0));
  }

  @Test
  void of_noValues_fails() {
    assertThatThrownBy(() -> Stat.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_rejectsNonFiniteOrNegativeSpread() {
    assertThatThrownBy(() -> new Stat(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Stat(1, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replayOptions_rejectOutOfRangeKnobs() {
    assertThatThrownBy(() -> new ReplayOptions(0, 130, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tuningRatio must be in (0, 100], was 0.0");
    assertThatThrownBy(() -> new ReplayOptions(1.3, 0, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxArrivedPct must be in 1..10000, was 0");
    assertThatThrownBy(() -> new ReplayOptions(1.3, 130, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targetCoverage must be in (0, 1], was 1.5");
  }
}
