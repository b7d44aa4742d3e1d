package io.gpuautoscaler.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.core.trace.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JobDemandTest {
  private static final Instant T0 = Instant.parse("2017-10-02T00:00:00Z");

  private static Job job(String id, long startMin, long minutes, int gpus, String team) {
    return new Job(
        id,
        T0.plus(Duration.ofMinutes(startMin)),
        Duration.ofMinutes(minutes),
        gpus,
        Optional.ofNullable(team),
        Optional.empty());
  }

  @Test
  void gpus_areTimeWeightedHourlyMeansPerTeamAndTotal() {
    // a: 4 GPUs from 00:30 to 01:15; b: 2 GPUs from 00:00 to 03:00 (cut at 02:00); c: no team.
    List<Job> jobs =
        List.of(job("a", 30, 45, 4, "x"), job("b", 0, 180, 2, "y"), job("c", 90, 15, 8, null));

    Map<String, DemandSeries> s = JobDemand.gpus(jobs, T0, T0.plus(Duration.ofHours(2)));

    assertThat(s.get("x").values()).containsExactly(2.0, 1.0);
    assertThat(s.get("y").values()).containsExactly(2.0, 2.0);
    assertThat(s.get(JobDemand.NO_TEAM).values()).containsExactly(0.0, 2.0);
    assertThat(s.get(DemandSeries.TOTAL).values()).containsExactly(4.0, 5.0);
    assertThat(s.get("x").measure()).isEqualTo(DemandSeries.Measure.GPUS);
  }

  @Test
  void arrivals_countSubmissionsPerHour() {
    List<Job> jobs =
        List.of(job("a", 0, 1, 1, "x"), job("b", 59, 1, 1, "x"), job("c", 60, 1, 1, "y"));

    Map<String, DemandSeries> s = JobDemand.arrivals(jobs, T0, T0.plus(Duration.ofHours(2)));

    assertThat(s.get("x").values()).containsExactly(2.0, 0.0);
    assertThat(s.get(DemandSeries.TOTAL).values()).containsExactly(2.0, 1.0);
  }

  @Test
  void of_spansTheSubmissionHoursAndOrdersTotalsFirst() {
    List<Job> jobs = List.of(job("a", 10, 600, 1, "y"), job("b", 130, 1, 1, "x"));

    DemandData d = JobDemand.of("t", jobs);

    assertThat(d.series())
        .extracting(DemandSeries::label)
        .containsExactly(
            "gpus total", "gpus x", "gpus y", "arrivals total", "arrivals x", "arrivals y");
    assertThat(d.series().get(0).start()).isEqualTo(T0);
    assertThat(d.series().get(0).size()).isEqualTo(3);
    assertThat(d.notes()).isNotEmpty();
  }

  @Test
  void gpus_totalGpuHoursEqualTheJobsWithinTheWindow_randomized() {
    for (long seed = 1; seed <= 5; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      List<Job> jobs =
          java.util.stream.IntStream.range(0, 50)
              .mapToObj(
                  i ->
                      job(
                          "j" + i,
                          r.nextInt(0, 600),
                          r.nextInt(0, 300),
                          r.nextInt(1, 9),
                          "t" + r.nextInt(3)))
              .toList();
      Instant to = T0.plus(Duration.ofHours(20));
      double expected = 0;
      for (Job j : jobs) {
        expected += j.gpus() * j.duration().toMinutes() / 60.0;
      }
      double got = 0;
      for (double v : JobDemand.gpus(jobs, T0, to).get(DemandSeries.TOTAL).values()) {
        got += v;
      }
      assertThat(got).as("seed " + seed).isCloseTo(expected, within(1e-9));
    }
  }
}
