package io.gpuautoscaler.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.testing.PhillyFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhillyTraceReaderTest {

  private static JobTrace read(String text) throws IOException {
    return PhillyTraceReader.read(new BufferedReader(new StringReader(text)), "t.csv");
  }

  @Test
  void pollux_readsJobsWithTeamsSortedBySubmitTime() throws IOException {
    var trace =
        read(
            PhillyTraceReader.POLLUX_HEADER
                + "\n2017-10-09 07:01:55,66.0,1,66.0,11cb48"
                + "\n2017-10-09 06:13:03,2951.0,2,5902.0,6214e9\n");

    assertThat(trace.jobs())
        .containsExactly(
            new Job(
                "pollux-3",
                Instant.parse("2017-10-09T06:13:03Z"),
                Duration.ofSeconds(2951),
                2,
                Optional.of("6214e9"),
                Optional.empty()),
            new Job(
                "pollux-2",
                Instant.parse("2017-10-09T07:01:55Z"),
                Duration.ofSeconds(66),
                1,
                Optional.of("11cb48"),
                Optional.empty()));
    assertThat(trace.notes()).anyMatch(n -> n.startsWith("1 rows are submitted earlier"));
  }

  @Test
  void rfold_addsArrivalToTheAnchorAndKeepsFractionsToTheMillisecond() throws IOException {
    var trace =
        read(
            PhillyTraceReader.RFOLD_HEADER
                + "\r\n0,0.0,CLOS,1,1,3613033.0\r\n1,266563.0,CLOS,8+8,16,2059891.0000000002\r\n"
                + "2,266600.0,CLOS,1,1,0.0\r\n");

    assertThat(trace.jobs()).hasSize(3);
    Job second = trace.jobs().get(1);
    assertThat(second.id()).isEqualTo("rfold-1");
    assertThat(second.submitTime()).isEqualTo(Instant.parse("2017-08-18T01:29:43Z"));
    assertThat(second.gpus()).isEqualTo(16);
    assertThat(second.duration()).isEqualTo(Duration.ofSeconds(2059891));
    assertThat(second.team()).isEmpty();
    assertThat(trace.notes())
        .anyMatch(n -> n.startsWith("1 jobs have duration 0"))
        .anyMatch(n -> n.startsWith("1 jobs ran their first attempt split over several nodes"))
        .anyMatch(n -> n.startsWith("1 durations carry a fraction"));
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2017-10-09 7:01,66.0,1,66.0,a|timestamp|expected a time such as 2017-10-09 07:01:55",
        "2017-10-09 07:01:55,-1,1,-1,a|duration|must be a number of seconds in 0..1e12",
        "2017-10-09 07:01:55,abc,1,66.0,a|duration|expected a number of seconds, found 'abc'",
        "2017-10-09 07:01:55,66.0,0,0,a|num_gpus|must be in 1..1000000, was 0",
        "2017-10-09 07:01:55,66.0,1.5,99,a|num_gpus|expected a whole number, found '1.5'",
        "2017-10-09 07:01:55,66.0,2,66.0,a|gpu_time|must equal duration × num_gpus = 132.0",
        "2017-10-09 07:01:55,66.0,1,66.0, |cluster|must not be empty",
      })
  void pollux_badValuesFailWithFileLineAndColumn(String row, String column, String problem) {
    assertThatThrownBy(() -> read(PhillyTraceReader.POLLUX_HEADER + "\n" + row + "\n"))
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith("t.csv:2: column '" + column + "': " + problem)
        .satisfies(
            e -> {
              assertThat(((InputFormatException) e).line()).isEqualTo(2);
              assertThat(((InputFormatException) e).column()).isEqualTo(column);
            });
  }

  @Test
  void rfold_shapeMustAddUpToSizeAndIdsMustBeUnique() {
    assertThatThrownBy(() -> read(PhillyTraceReader.RFOLD_HEADER + "\n0,0,CLOS,8+4,16,1\n"))
        .hasMessage("t.csv:2: column 'shape': adds up to 12 GPUs, but size is 16");
    assertThatThrownBy(
            () -> read(PhillyTraceReader.RFOLD_HEADER + "\n0,0,CLOS,1,1,1\n0,1,CLOS,1,1,1\n"))
        .hasMessage("t.csv:3: column '#job id': duplicate job id 0");
    assertThatThrownBy(() -> read(PhillyTraceReader.RFOLD_HEADER + "\n0,0,CLOS,8+,8,1\n"))
        .hasMessageContaining("column 'shape': expected GPUs per node joined by '+'");
  }

  @Test
  void read_failsOnUnknownHeadersShortRowsAndBlankLines() {
    assertThatThrownBy(() -> read("a,b\n")).hasMessageStartingWith("t.csv:1: unknown header 'a,b'");
    assertThatThrownBy(() -> read(PhillyTraceReader.POLLUX_HEADER + "\n1,2\n"))
        .hasMessage("t.csv:2: expected 5 fields, found 2");
    assertThatThrownBy(() -> read(PhillyTraceReader.POLLUX_HEADER + "\n\n"))
        .hasMessage("t.csv:2: blank line");
    assertThatThrownBy(() -> read("")).hasMessage("t.csv: the file is empty; expected a header");
  }

  @Test
  void sharedPolluxFile_readsEveryRow() {
    var trace = PhillyTraceReader.read(PhillyFixtures.require(PhillyFixtures.POLLUX_FILE));

    assertThat(trace.jobs()).hasSize(62_194);
    assertThat(trace.jobs()).allMatch(j -> j.team().isPresent());
    assertThat(trace.jobs().get(0).submitTime()).isEqualTo(Instant.parse("2017-09-04T10:30:41Z"));
    assertThat(trace.jobs().stream().mapToInt(Job::gpus).max().orElseThrow()).isEqualTo(32);
    assertThat(trace.notes()).anyMatch(n -> n.contains("sorted by submit time"));
  }

  @Test
  void sharedRfoldFile_readsEveryRow() {
    var trace = PhillyTraceReader.read(PhillyFixtures.require(PhillyFixtures.RFOLD_FILE));

    assertThat(trace.jobs()).hasSize(80_539);
    assertThat(trace.jobs().stream().filter(j -> j.duration().isZero())).hasSize(7);
    assertThat(trace.jobs().stream().mapToInt(Job::gpus).max().orElseThrow()).isEqualTo(128);
    assertThat(trace.notes()).anyMatch(n -> n.startsWith("2132 jobs ran their first attempt"));
  }
}
