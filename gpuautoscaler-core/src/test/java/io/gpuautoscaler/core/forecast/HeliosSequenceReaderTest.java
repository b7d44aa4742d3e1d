package io.gpuautoscaler.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.testing.HeliosFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeliosSequenceReaderTest {
  static final String HEADER = "time,total_job_num,running_gpu_num,pending_gpu_num,extra";

  static HeliosSequenceReader.Sequence read(String text) throws IOException {
    return HeliosSequenceReader.read(new BufferedReader(new StringReader(text)), "vcA.csv", "vcA");
  }

  @Test
  void readsNamedColumnsByNameAndReportsUnnamedExtras() throws IOException {
    // As upstream Helios files can: the header names fewer columns (with a trailing comma) than
    // the rows carry.
    var s =
        read(
            "running_gpu_num,time,pending_gpu_num,total_job_num,\n"
                + "5,2020-05-01 00:00:00,2,3,9,9\n"
                + "6,2020-05-01 00:01:00,0,1,9,9\n");

    assertThat(s.demand()).containsExactly(7, 6);
    assertThat(s.jobs()).containsExactly(3, 1);
    assertThat(s.notes())
        .singleElement()
        .asString()
        .contains("names 4 columns but every row carries 6 values; the last 2 are unnamed");
  }

  @Test
  void malformedRows_failWithFileLineAndColumn() {
    assertThatThrownBy(() -> read(HEADER + "\n2020-05-01 00:00:00,1,x,0,0\n"))
        .isInstanceOf(InputFormatException.class)
        .hasMessage("vcA.csv:2: column 'running_gpu_num': expected a whole number, found 'x'");
    assertThatThrownBy(() -> read(HEADER + "\n2020-05-01 00:00:00,1,-1,0,0\n"))
        .hasMessageContaining("vcA.csv:2: column 'running_gpu_num': must be >= 0");
    assertThatThrownBy(
            () -> read(HEADER + "\n2020-05-01 00:00:00,1,1,0,0\n2020-05-01 00:02:00,1,1,0,0\n"))
        .hasMessage(
            "vcA.csv:3: column 'time': expected 2020-05-01 00:01:00 (one minute after the previous"
                + " row), found '2020-05-01 00:02:00'");
    assertThatThrownBy(
            () -> read(HEADER + "\n2020-05-01 00:00:00,1,1,0,0\n2020-05-01 00:01:00,1\n"))
        .hasMessage("vcA.csv:3: expected 5 values as on line 2, found 2");
    assertThatThrownBy(() -> read(HEADER + "\n2020-05-01,1,1,0,0\n"))
        .hasMessageContaining("vcA.csv:2: column 'time': expected a time such as");
    assertThatThrownBy(() -> read("time,running_gpu_num,total_job_num\n"))
        .hasMessageContaining("vcA.csv:1: column 'pending_gpu_num': missing from the header");
    assertThatThrownBy(() -> read(HEADER + "\n2020-05-01 00:00:00,1,1,0\n"))
        .hasMessage("vcA.csv:2: the header names 5 columns, but the row has 4 values");
  }

  @Test
  void outages_areMinutesWithNoJobInAnyVcAndAreLeftOutOfTheMeans() throws IOException {
    StringBuilder a = new StringBuilder(HEADER + "\n");
    StringBuilder b = new StringBuilder(HEADER + "\n");
    for (int m = 0; m < 120; m++) {
      String t = String.format("2020-05-01 %02d:%02d:00", m / 60, m % 60);
      boolean outage = m >= 60 && m < 90;
      // vcA is idle (no job) half of the first hour: idle, not an outage, as vcB runs.
      a.append(t).append(outage || m < 30 ? ",0,0,0,0\n" : ",1,4,0,0\n");
      b.append(t).append(outage ? ",0,0,0,0\n" : ",2,8,2,0\n");
    }
    var sa =
        HeliosSequenceReader.read(new BufferedReader(new StringReader(a.toString())), "a", "vcA");
    var sb =
        HeliosSequenceReader.read(new BufferedReader(new StringReader(b.toString())), "b", "vcB");

    DemandData d = HeliosSequenceReader.hourly("dir", List.of(sa, sb));

    assertThat(d.series())
        .extracting(DemandSeries::label)
        .containsExactly("gpus total", "gpus vcA", "gpus vcB");
    assertThat(d.series().get(1).values()).containsExactly(2.0, 4.0);
    assertThat(d.series().get(2).values()).containsExactly(10.0, 10.0);
    assertThat(d.series().get(0).values()).containsExactly(12.0, 14.0);
    assertThat(d.notes()).anyMatch(n -> n.startsWith("30 minutes with no job in any VC"));
  }

  @Test
  void sharedData_readsEightVcsOverThreeWeeks() {
    DemandData d = HeliosSequenceReader.readDirectory(HeliosFixtures.requireDir());

    assertThat(d.series()).hasSize(9);
    assertThat(d.series()).allMatch(s -> s.size() == 21 * 24);
    assertThat(d.notes()).anyMatch(n -> n.startsWith("1566 minutes with no job in any VC"));
    DemandSeries total = d.series().get(0);
    int missing = 0;
    for (int i = 0; i < total.size(); i++) {
      missing += total.isMissing(i) ? 1 : 0;
    }
    assertThat(missing).isEqualTo(25); // 2020-05-10 whole, and 2020-05-12 15:00
  }
}
