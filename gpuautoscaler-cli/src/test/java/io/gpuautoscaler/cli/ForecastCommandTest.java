package io.gpuautoscaler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuautoscaler.core.trace.PhillyTraceReader;
import io.gpuautoscaler.testing.HeliosFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastCommandTest {
  @TempDir Path dir;

  private Cli.Result run(String... args) {
    return Cli.run(Cli.environment(dir, Map.of()), args);
  }

  /** Nine days of hourly jobs of two teams, busier in the day. */
  private Path jobs() throws IOException {
    StringBuilder sb = new StringBuilder(PhillyTraceReader.POLLUX_HEADER + "\n");
    LocalDateTime t = LocalDateTime.of(2017, 10, 2, 0, 0);
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    for (int h = 0; h < 9 * 24; h++) {
      int gpus = h % 24 >= 9 && h % 24 < 17 ? 4 : 1;
      sb.append(t.plusHours(h).format(f))
          .append(",1800,")
          .append(gpus)
          .append(',')
          .append(1800 * gpus)
          .append(h % 2 == 0 ? ",a\n" : ",b\n");
    }
    Path file = dir.resolve("philly.csv");
    Files.writeString(file, sb.toString());
    return file;
  }

  @Test
  void jobs_tableListsEveryTeamAndModeForBothForecasters() throws IOException {
    Cli.Result r = run("forecast", "--jobs", jobs().toString(), "-q");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("WAPE pred")
        .containsPattern("gpus total +rolling H=1 +168 ")
        .containsPattern("gpus a +rolling H=6 +168 ")
        .containsPattern("arrivals b +week-ahead +168 ");
  }

  @Test
  void jobs_json_hasAScorePerForecasterAndMode() throws IOException {
    Cli.Result r = run("forecast", "--jobs", jobs().toString(), "--format", "json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("note: gpus: each job holds its GPUs");
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("series")).hasSize(6);
    JsonNode total = root.get("series").get(0);
    assertThat(total.get("series").asText()).isEqualTo("gpus total");
    assertThat(total.get("scores")).hasSize(6);
    assertThat(total.get("scores").get(0).get("wape").isNumber()).isTrue();
  }

  @Test
  void wrongUsage_exitsWithTwoAndBadInputWithOne() throws IOException {
    assertThat(run("forecast").exitCode()).isEqualTo(2);
    assertThat(run("forecast", "--jobs", "nope.csv").err())
        .contains("--jobs nope.csv: no such file");
    assertThat(run("forecast", "--jobs", jobs().toString(), "--format", "html").exitCode())
        .isEqualTo(2);
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, PhillyTraceReader.POLLUX_HEADER + "\n2017-10-02 00:00:00,x,1,1,a\n");
    Cli.Result r = run("forecast", "--jobs", bad.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("bad.csv:2: column 'duration'");
    Path shortFile = dir.resolve("short.csv");
    Files.writeString(
        shortFile, PhillyTraceReader.POLLUX_HEADER + "\n2017-10-02 00:00:00,60,1,60,a\n");
    assertThat(run("forecast", "--jobs", shortFile.toString()).err())
        .contains("needs a day of history before its last week");
  }

  @Test
  void helios_sharedData_printsEveryVcAndTheTotal() {
    Path helios = HeliosFixtures.requireDir();

    Cli.Result r = run("forecast", "--helios", helios.toString(), "-q");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("gpus total +week-ahead +168 ").contains("gpus vc6YE");
    assertThat(r.out()).doesNotContain("NaN");
  }
}
