package io.gpuautoscaler.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.core.trace.PhillyTraceReader;
import io.gpuautoscaler.testing.HeliosFixtures;
import io.gpuautoscaler.testing.PhillyFixtures;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForecastEvaluationTest {
  static final List<Forecaster> BOTH =
      List.of(new WeeklyProfileForecaster(), new SeasonalNaiveForecaster());

  static DemandSeries noisyWeekly(long seed, int hours) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = ForecastersTest.weekly(hours).values();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(0, v[i] + r.nextDouble(-10, 10));
    }
    return DemandSeries.hourly("t", DemandSeries.Measure.GPUS, ForecastersTest.MONDAY, v);
  }

  @Test
  void weekAhead_doesNotDependOnTheTestWeek_randomized() {
    for (long seed = 1; seed <= 4; seed++) {
      DemandSeries s = noisyWeekly(seed, 4 * 168);
      double[] changed = s.values();
      SplittableRandom r = new SplittableRandom(seed + 100);
      for (int i = ForecastEvaluation.testStart(s); i < changed.length; i++) {
        changed[i] = r.nextDouble(0, 1000);
      }
      DemandSeries other = s.withValues(changed);

      for (Forecaster f : BOTH) {
        assertThat(ForecastEvaluation.weekAhead(other, f))
            .as("seed " + seed + " " + f.name())
            .containsExactly(ForecastEvaluation.weekAhead(s, f));
      }
    }
  }

  @Test
  void rolling_usesOnlyHistoryUpToHorizonStepsBefore() {
    DemandSeries s = noisyWeekly(5, 4 * 168);
    int start = ForecastEvaluation.testStart(s);
    double[] base = ForecastEvaluation.rolling(s, new WeeklyProfileForecaster(), 6);
    // Changing test step k can only change the forecasts of steps k + 6 and later.
    int k = start + 50;
    double[] changed = s.values();
    changed[k] += 500;
    double[] after =
        ForecastEvaluation.rolling(s.withValues(changed), new WeeklyProfileForecaster(), 6);

    for (int i = 0; i < base.length; i++) {
      if (start + i < k + 6) {
        assertThat(after[i]).as("step " + i).isEqualTo(base[i]);
      }
    }
    assertThat(after[k + 6 - start]).isNotEqualTo(base[k + 6 - start]);
  }

  @Test
  void lastWeek_onAPureWeeklyPatternIsExactForBoth() {
    var r = ForecastEvaluation.lastWeek(ForecastersTest.weekly(3 * 168), BOTH, List.of(1, 6));

    assertThat(r.testSteps()).isEqualTo(168);
    assertThat(r.trainSteps()).isEqualTo(2 * 168);
    for (var score : r.scores()) {
      assertThat(score.error().wape()).as(score.toString()).isLessThan(1e-9);
    }
  }

  @Test
  void philly_perTeamAndTotal_scoresAreComputedOverTheLastWeek() {
    var trace = PhillyTraceReader.read(PhillyFixtures.require(PhillyFixtures.POLLUX_FILE));
    DemandData d = JobDemand.of(trace.source(), trace.jobs());

    var results = ForecastEvaluation.lastWeek(d, BOTH, List.of(1, 6));

    assertThat(results).hasSize(d.series().size());
    var total = results.get(0);
    assertThat(total.series()).isEqualTo("gpus total");
    assertThat(total.testSteps()).isEqualTo(168);
    for (var score : total.scores()) {
      assertThat(score.error().wape()).as(score.toString()).isFinite().isPositive();
      assertThat(score.error().mape()).isFinite();
      assertThat(score.error().smape()).isFinite();
    }
  }

  @Test
  void helios_perVcAndTotal_scoresAreFinite() {
    DemandData d = HeliosSequenceReader.readDirectory(HeliosFixtures.requireDir());

    var results = ForecastEvaluation.lastWeek(d, BOTH, List.of(1, 6));

    assertThat(results).hasSize(9);
    for (var r : results) {
      assertThat(r.trainSteps()).isEqualTo(2 * 168);
      for (var score : r.scores()) {
        assertThat(score.error().wape()).as(r.series() + " " + score).isFinite();
        assertThat(score.error().smape()).isFinite();
      }
    }
  }
}
