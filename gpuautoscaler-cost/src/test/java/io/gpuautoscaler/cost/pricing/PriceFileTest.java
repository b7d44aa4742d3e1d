package io.gpuautoscaler.cost.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.cost.Price;
import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.scaling.CapacityType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceFileTest {

  static PriceFile read(String... lines) throws IOException {
    return PriceFile.read(
        new BufferedReader(new StringReader(String.join("\n", lines))), "my-prices.csv");
  }

  static PriceQuery onPrem(String model, int gpus, Map<String, String> labels) {
    return new PriceQuery(
        "n1",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        CapacityType.RESERVED,
        model,
        gpus,
        labels);
  }

  @Test
  void find_onPremisesByGpuModel_perGpuPriceIsMultipliedByTheNodesGpus() throws IOException {
    PriceFile file =
        read(
            "# on-prem",
            PriceFile.HEADER,
            "gpu-model,A100-80GB,*,*,1.50,gpu,finance 2026 TCO,2026-10-01");

    Price price =
        file.find(onPrem("A100-80GB", 8, Map.of()), PriceFile.Match.values()).orElseThrow();

    assertThat(price.usdPerHour()).isEqualTo(12.0); // 8 × 1.50
    assertThat(price.usdPerGpuHour()).isEqualTo(1.5);
    assertThat(price.source()).isEqualTo("finance 2026 TCO");
    assertThat(price.matchedBy()).isEqualTo("gpu-model A100-80GB (my-prices.csv:3)");
  }

  @Test
  void find_nodeLabelBeatsGpuModel_andSpecificRowsBeatWildcards() throws IOException {
    PriceFile file =
        read(
            PriceFile.HEADER,
            "gpu-model,A100-80GB,*,*,1.50,gpu,,2026-10-01",
            "node-label,rack=new,*,*,20.00,node,,2026-10-01",
            "node-label,rack=new,*,reserved,16.00,node,,2026-10-01");

    Price price =
        file.find(onPrem("A100-80GB", 8, Map.of("rack", "new")), PriceFile.Match.values())
            .orElseThrow();

    assertThat(price.usdPerHour()).isEqualTo(16.0);
    assertThat(price.source()).isEqualTo("my-prices.csv:4"); // empty source: file and line
    assertThat(file.find(onPrem("H100", 8, Map.of()), PriceFile.Match.values())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bogus,x,*,*,1,node,,2026-01-01 | match | expected instance-type, gpu-model or node-label",
        "node-label,rack,*,*,1,node,,2026-01-01 | value | key=value",
        "gpu-model,A100,*,cheap,1,node,,2026-01-01 | capacity_type | unknown capacity type",
        "gpu-model,A100,*,*,-1,node,,2026-01-01 | usd_per_hour | finite amount >= 0",
        "gpu-model,A100,*,*,abc,node,,2026-01-01 | usd_per_hour | expected US dollars",
        "gpu-model,A100,*,*,1,rack,,2026-01-01 | unit | expected node or gpu",
        "gpu-model,A100,*,*,1,node,,yesterday | as_of | expected a date",
        "gpu-model,,*,*,1,node,,2026-01-01 | value | must not be empty",
      })
  void read_malformedRow_namesFileLineAndColumn(String row, String column, String problem) {
    assertThatThrownBy(() -> read("# c", PriceFile.HEADER, row))
        .isInstanceOfSatisfying(
            InputFormatException.class,
            e -> {
              assertThat(e.source()).isEqualTo("my-prices.csv");
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo(column);
            })
        .hasMessageContaining(problem)
        .hasMessageStartingWith("my-prices.csv:3: column '" + column + "'");
  }

  @Test
  void read_wrongFieldCount_missingHeader_andDuplicates_fail() {
    assertThatThrownBy(() -> read(PriceFile.HEADER, "gpu-model,A100,*"))
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining("my-prices.csv:2")
        .hasMessageContaining("expected 8 fields, found 3");
    assertThatThrownBy(() -> read("cloud,region"))
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining("expected the header");
    assertThatThrownBy(() -> read("# only a comment"))
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining("no header");
    assertThatThrownBy(
            () ->
                read(
                    PriceFile.HEADER,
                    "gpu-model,A100,*,*,1,node,,2026-01-01",
                    "gpu-model,A100,*,*,2,node,,2026-01-01"))
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining("my-prices.csv:3")
        .hasMessageContaining("first on line 2");
  }
}
