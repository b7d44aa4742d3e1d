package io.gpuautoscaler.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyntheticJobsTest {
  @Test
  void sameSeed_sameJobs_otherSeed_otherJobs() {
    List<Job> a = SyntheticJobs.of(2_000, 7, 42).generate();
    List<Job> b = SyntheticJobs.of(2_000, 7, 42).generate();
    List<Job> c = SyntheticJobs.of(2_000, 7, 43).generate();

    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void generate_givesTheCountAsked_sortedWithinTheDays_withDistinctIds() {
    SyntheticJobs spec = new SyntheticJobs(5_000, 14, 1, 4, Optional.of(Duration.ofMinutes(30)));
    List<Job> jobs = spec.generate();

    assertThat(jobs).hasSize(5_000);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job j = jobs.get(i);
      assertThat(ids.add(j.id())).isTrue();
      if (i > 0) {
        assertThat(j.submitTime()).isAfterOrEqualTo(jobs.get(i - 1).submitTime());
      }
      assertThat(j.submitTime())
          .isAfterOrEqualTo(SyntheticJobs.START)
          .isBefore(SyntheticJobs.START.plus(Duration.ofDays(14)));
      assertThat(j.duration()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(4_628_226));
      assertThat(j.gpus()).isIn(1, 2, 4, 8, 16, 32);
      assertThat(j.team()).get().isIn("team-01", "team-02", "team-03", "team-04");
      assertThat(j.checkpointInterval()).contains(Duration.ofMinutes(30));
    }
    assertThat(spec.trace().jobs()).isEqualTo(jobs);
  }

  @Test
  void shape_followsThePolluxSummary() {
    List<Job> jobs = SyntheticJobs.of(100_000, 28, 7).generate();
    Map<Integer, Long> byWidth =
        jobs.stream()
            .collect(Collectors.groupingBy(Job::gpus, TreeMap::new, Collectors.counting()));
    // Pollux: 93.87 % of the jobs take 1 GPU; a few take 16 or 32.
    assertThat(byWidth.get(1) / 100_000.0).isBetween(0.93, 0.945);
    assertThat(byWidth.get(8)).isBetween(1_500L, 1_950L);
    assertThat(byWidth.get(16) + byWidth.get(32)).isBetween(150L, 300L);
    // Median of the 1-GPU jobs near Pollux's 1,339 s.
    List<Long> single =
        jobs.stream()
            .filter(j -> j.gpus() == 1)
            .map(j -> j.duration().toSeconds())
            .sorted()
            .toList();
    assertThat(single.get(single.size() / 2)).isBetween(1_200L, 1_500L);
    // Their mean near Pollux's 8,254 s: the work per job matches the table's.
    assertThat(single.stream().mapToLong(Long::longValue).average().orElseThrow())
        .isBetween(7_500.0, 9_000.0);
    // Weekend days get fewer submissions than weekdays (0.6× by construction).
    long weekend =
        jobs.stream()
            .map(j -> j.submitTime().atZone(ZoneOffset.UTC).getDayOfWeek())
            .filter(d -> d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY)
            .count();
    double perWeekendDay = weekend / 8.0;
    double perWeekday = (jobs.size() - weekend) / 20.0;
    assertThat(perWeekendDay / perWeekday).isBetween(0.55, 0.65);
    // The first team, the largest, submits the most.
    Map<String, Long> byTeam =
        jobs.stream()
            .collect(Collectors.groupingBy(j -> j.team().orElseThrow(), Collectors.counting()));
    assertThat(byTeam.get("team-01")).isGreaterThan(byTeam.get("team-02"));
  }

  @Test
  void parse_readsEveryKey_andRoundTrips() {
    SyntheticJobs spec =
        SyntheticJobs.parse("jobs=100000, days=60,seed=1,teams=10,checkpoint-minutes=30");

    assertThat(spec)
        .isEqualTo(new SyntheticJobs(100_000, 60, 1, 10, Optional.of(Duration.ofMinutes(30))));
    assertThat(SyntheticJobs.parse(spec.spec())).isEqualTo(spec);
    assertThat(SyntheticJobs.parse(""))
        .isEqualTo(
            new SyntheticJobs(
                SyntheticJobs.DEFAULT_JOBS,
                SyntheticJobs.DEFAULT_DAYS,
                0,
                SyntheticJobs.DEFAULT_TEAMS,
                Optional.empty()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jobs=0|jobs=0 is out of range 1..",
        "jobs=ten|jobs='ten' is not a whole number",
        "days=0|days=0 is out of range 1..3650",
        "days=4000|days=4000 is out of range 1..3650",
        "teams=0|teams=0 is out of range 1..1000",
        "seed=1.5|seed='1.5' is not a whole number",
        "checkpoint-minutes=0|checkpoint-minutes=0 is out of range",
        "jobs=10,nodes=3|unknown key 'nodes'",
        "jobs=10,jobs=20|sets 'jobs' twice",
        "jobs=10,days|entry 'days' is not key=value",
      })
  void parse_badSpec_namesTheKeyOrValue(String text, String message) {
    assertThatThrownBy(() -> SyntheticJobs.parse(text))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(message);
  }
}
