package io.gpuautoscaler.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForecastersTest {
  static final Instant MONDAY = Instant.parse("2017-10-02T00:00:00Z");

  /** A pure weekly pattern: every hour of the week its own value, repeated. */
  static double pattern(int hourOfWeek) {
    int day = hourOfWeek / 24;
    int hour = hourOfWeek % 24;
    return (day < 5 ? 100 : 40) + 30 * Math.sin(Math.PI * hour / 12.0) + day;
  }

  static DemandSeries weekly(int hours) {
    double[] v = new double[hours];
    for (int i = 0; i < hours; i++) {
      v[i] = pattern(i % 168);
    }
    return DemandSeries.hourly("t", DemandSeries.Measure.GPUS, MONDAY, v);
  }

  @Test
  void weeklyProfile_recoversAPureWeeklyPatternExactly() {
    DemandSeries history = weekly(3 * 168 + 5);

    Forecast f = new WeeklyProfileForecaster().forecast(history, 168);

    for (int h = 1; h <= 168; h++) {
      assertThat(f.at(h))
          .as("h " + h)
          .isCloseTo(pattern((3 * 168 + 5 - 1 + h) % 168), within(1e-9));
    }
    assertThat(f.method()).startsWith("hour-of-week profile");
  }

  @Test
  void seasonalNaive_isTheSameHourLastWeek() {
    SplittableRandom r = new SplittableRandom(7);
    double[] v = new double[200];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(0, 100);
    }
    DemandSeries s = DemandSeries.hourly("t", DemandSeries.Measure.GPUS, MONDAY, v);

    Forecast f = new SeasonalNaiveForecaster().forecast(s, 200);

    for (int h = 1; h <= 168; h++) {
      assertThat(f.at(h)).isEqualTo(v[200 - 1 + h - 168]);
    }
    // Beyond a week the last week repeats.
    assertThat(f.at(169)).isEqualTo(f.at(1));
  }

  @Test
  void underAWeek_bothFallBackToTheDayAndSaySo() {
    DemandSeries s = weekly(30);

    Forecast p = new WeeklyProfileForecaster().forecast(s, 3);
    Forecast n = new SeasonalNaiveForecaster().forecast(s, 3);

    assertThat(p.method()).contains("hour-of-day").contains("under a week");
    assertThat(n.method()).contains("yesterday");
    assertThat(n.at(1)).isEqualTo(s.value(30 - 24));
  }

  @Test
  void lessThanADay_isRefused() {
    assertThatThrownBy(() -> new WeeklyProfileForecaster().forecast(weekly(23), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least a day");
  }

  @Test
  void missingHours_areSkippedNotTakenAsZero() {
    double[] v = weekly(3 * 168).values();
    for (int i = 168; i < 168 + 24; i++) {
      v[i] = Double.NaN; // an outage day in the second week
    }
    DemandSeries s = DemandSeries.hourly("t", DemandSeries.Measure.GPUS, MONDAY, v);

    Forecast p = new WeeklyProfileForecaster().forecast(s, 168);

    for (int h = 1; h <= 168; h++) {
      assertThat(p.at(h)).isCloseTo(pattern((h - 1) % 168), within(1e-9));
    }
  }

  @Test
  void weeklyProfile_carriesARecentBurstIntoTheNextHoursAndForgetsIt() {
    // Deviations from the pattern that persist from hour to hour (as busy spells do), then the
    // last hours run 50 GPUs above it.
    SplittableRandom r = new SplittableRandom(3);
    double[] v = weekly(3 * 168).values();
    double d = 0;
    for (int i = 0; i < v.length; i++) {
      d = 0.9 * d + r.nextDouble(-5, 5);
      v[i] += d;
    }
    for (int i = v.length - 6; i < v.length; i++) {
      v[i] += 50;
    }
    DemandSeries s = DemandSeries.hourly("t", DemandSeries.Measure.GPUS, MONDAY, v);

    Forecast f = new WeeklyProfileForecaster().forecast(s, 168);

    assertThat(f.at(1) - pattern(0)).isGreaterThan(10);
    // A day later the burst has faded (the burst hours themselves enter the profile, weighted).
    assertThat(Math.abs(f.at(100) - pattern(99))).isLessThan(15);
    assertThat(f.at(1) - pattern(0)).isGreaterThan(Math.abs(f.at(100) - pattern(99)));
  }
}
