package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.cost.CostModel;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link CostModel} promises, checked over generated requests and measured use, one case
 * per seed ({@link Generators#seeds()}). A model's test class implements this interface and
 * supplies {@link #model()}.
 *
 * <p>Checked: a charge is never negative; the same input gives the same charge; a workload that
 * reserved nothing and has no measured use pays nothing; negative input is rejected.
 */
public interface CostModelContract {
  /** A model, configured the same way on every call. */
  CostModel model();

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void chargedMilli_isNonNegativeAndDeterministic(long seed) {
    var random = new SplittableRandom(seed);
    for (int i = 0; i < 100; i++) {
      long requested =
          random.nextInt(4) == 0 ? random.nextLong(0, 1000) : random.nextLong(0, 9) * 1000;
      OptionalLong used =
          random.nextBoolean() ? OptionalLong.of(random.nextLong(0, 10_000)) : OptionalLong.empty();

      long charged = model().chargedMilli(requested, used);

      assertThat(charged)
          .as("seed %d: %d requested, %s used", seed, requested, used)
          .isNotNegative();
      assertThat(model().chargedMilli(requested, used)).isEqualTo(charged);
    }
  }

  @Test
  default void chargedMilli_nothingReservedNothingMeasured_isFree() {
    assertThat(model().chargedMilli(0, OptionalLong.empty())).isZero();
  }

  @Test
  default void chargedMilli_negativeInput_isRejected() {
    assertThatThrownBy(() -> model().chargedMilli(-1, OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> model().chargedMilli(1000, OptionalLong.of(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
