package io.gpuautoscaler.cost.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.cost.Price;
import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceFileYamlTest {
  static final String YAML =
      String.join(
          "\n",
          "# on-prem prices",
          "prices:",
          "  - match: gpu-model",
          "    value: A100-80GB",
          "    usd_per_hour: 1.50",
          "    unit: gpu",
          "    source: finance TCO 2026",
          "    as_of: 2026-10-01",
          "  - match: node-label",
          "    value: rack=b7",
          "    capacity_type: reserved",
          "    usd_per_hour: 16",
          "    unit: node",
          "    as_of: 2026-10-01",
          "");

  static PriceQuery onPrem(Map<String, String> labels) {
    return new PriceQuery(
        "n1",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        CapacityType.RESERVED,
        "A100-80GB",
        8,
        labels);
  }

  @Test
  void readYaml_sameRowsAsCsv_withDefaults(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prices.yaml");
    Files.writeString(file, YAML);

    PriceFile prices = PriceFile.read(file);

    assertThat(prices.rows()).hasSize(2);
    Price byModel = prices.find(onPrem(Map.of()), PriceFile.Match.values()).orElseThrow();
    assertThat(byModel.usdPerHour()).isEqualTo(12.0); // 8 × 1.50
    assertThat(byModel.source()).isEqualTo("finance TCO 2026");
    Price byLabel =
        prices.find(onPrem(Map.of("rack", "b7")), PriceFile.Match.values()).orElseThrow();
    assertThat(byLabel.usdPerHour()).isEqualTo(16.0);
    assertThat(byLabel.source()).isEqualTo(file + ":9"); // no source: the file and line
  }

  @Test
  void readYaml_badValue_namesTheLineAndKey() {
    String bad = YAML.replace("usd_per_hour: 16", "usd_per_hour: sixteen");

    assertThatThrownBy(() -> PriceFile.readYaml(new StringReader(bad), "p.yaml"))
        .isInstanceOfSatisfying(
            InputFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(12);
              assertThat(e.column()).isEqualTo("usd_per_hour");
            })
        .hasMessageContaining("found 'sixteen'");
  }

  @Test
  void readYaml_structuralErrors() {
    assertThatThrownBy(
            () ->
                PriceFile.readYaml(
                    new StringReader(YAML.replace("    unit: gpu", "    units: gpu")), "p.yaml"))
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining("p.yaml:6: column 'units': unknown key");
    assertThatThrownBy(() -> PriceFile.readYaml(new StringReader("costs: []"), "p.yaml"))
        .hasMessageContaining("only 'prices'");
    assertThatThrownBy(() -> PriceFile.readYaml(new StringReader("prices: 3"), "p.yaml"))
        .hasMessageContaining("expected a list of prices");
    assertThatThrownBy(() -> PriceFile.readYaml(new StringReader("prices: @x"), "p.yaml"))
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(
            () ->
                PriceFile.readYaml(
                    new StringReader("prices:\n  - match: gpu-model\n    value: A100\n"), "p.yaml"))
        .hasMessageContaining("p.yaml:2: column 'usd_per_hour': must not be empty");
    assertThatThrownBy(
            () ->
                PriceFile.readYaml(
                    new StringReader(YAML + YAML.substring(YAML.indexOf("  - match"))), "p.yaml"))
        .hasMessageContaining("a second price for gpu-model A100-80GB");
  }
}
