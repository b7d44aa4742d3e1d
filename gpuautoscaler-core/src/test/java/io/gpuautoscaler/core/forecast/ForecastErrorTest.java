package io.gpuautoscaler.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForecastErrorTest {

  @Test
  void metrics_matchTheirDefinitions() {
    double[] actual = {10, 0, 20, Double.NaN, 0};
    double[] forecast = {12, 5, 10, 99, 0};

    ForecastError e = ForecastError.of(actual, forecast);

    assertThat(e.points()).isEqualTo(4);
    assertThat(e.wape()).isCloseTo((2 + 5 + 10) / 30.0, within(1e-12));
    assertThat(e.mapePoints()).isEqualTo(2);
    assertThat(e.mape()).isCloseTo((0.2 + 0.5) / 2, within(1e-12));
    assertThat(e.smape()).isCloseTo((4 / 22.0 + 2.0 + 20 / 30.0 + 0) / 4, within(1e-12));
  }

  @Test
  void nothingDemanded_leavesWapeAndMapeUndefined() {
    ForecastError e = ForecastError.of(new double[] {0, 0}, new double[] {1, 0});

    assertThat(e.wape()).isNaN();
    assertThat(e.mape()).isNaN();
    assertThat(e.smape()).isEqualTo(1.0);
  }

  @Test
  void perfectForecast_isZero() {
    ForecastError e = ForecastError.of(new double[] {3, 4}, new double[] {3, 4});

    assertThat(e.wape()).isZero();
    assertThat(e.mape()).isZero();
    assertThat(e.smape()).isZero();
  }
}
