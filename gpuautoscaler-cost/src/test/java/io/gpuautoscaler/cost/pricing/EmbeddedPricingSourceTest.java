package io.gpuautoscaler.cost.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.cost.Price;
import io.gpuautoscaler.api.cost.PriceQuery;
import io.gpuautoscaler.api.cost.PricingSource;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPricingSourceTest {

  static GpuNode cloudNode(String instanceType, String region, int gpus, String model) {
    return new GpuNode(
        "n1",
        8_000,
        64_000,
        gpus,
        model,
        Map.of(PriceQuery.INSTANCE_TYPE_LABEL, instanceType, PriceQuery.REGION_LABEL, region));
  }

  @Test
  void find_embeddedRowFromTheReference_withItsSourceAndDate() {
    PriceQuery query =
        PriceQuery.of(cloudNode("a2-highgpu-1g", "us-central1", 1, "A100-40GB"), CapacityType.SPOT);

    Price price = EmbeddedPricingSource.embedded().find(query).orElseThrow();

    // autoscaling-and-cost.md §4.2: a2-highgpu-1g spot 1.92802, Source B generated 2026-07-30
    assertThat(price.usdPerHour()).isEqualTo(1.92802);
    assertThat(price.gpuCount()).isEqualTo(1);
    assertThat(price.source()).isEqualTo("gcp-cyclenerd");
    assertThat(price.asOf()).isEqualTo(LocalDate.of(2026, 7, 30));
    assertThat(price.matchedBy()).contains("a2-highgpu-1g");
  }

  @Test
  void find_unknownInstanceTypeOrCapacityType_isAbsentNeverZero() {
    EmbeddedPricingSource source = EmbeddedPricingSource.embedded();

    assertThat(
            source.find(
                PriceQuery.of(
                    cloudNode("x9.mystery", "us-east-1", 8, "H100-80GB"), CapacityType.ON_DEMAND)))
        .isEmpty();
    // the reference has no AWS spot price: absent, not estimated
    assertThat(
            source.find(
                PriceQuery.of(
                    cloudNode("p4d.24xlarge", "us-east-1", 8, "A100-40GB"), CapacityType.SPOT)))
        .isEmpty();
  }

  @Test
  void provider_readsTheUserFile_whichOverridesTheEmbeddedPrice(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("prices.csv");
    Files.writeString(
        file,
        PriceFile.HEADER
            + "\ninstance-type,p4d.24xlarge,us-east-1,on-demand,15.00,node,our discount,2026-09-01\n"
            + "gpu-model,L40S,*,*,0.90,gpu,on-prem TCO,2026-09-01\n");
    PricingSource source =
        ProviderRegistry.load(PricingSource.Provider.class)
            .require("embedded")
            .create(Settings.of(Map.of("file", file.toString())));

    Price p4d =
        source
            .find(
                PriceQuery.of(
                    cloudNode("p4d.24xlarge", "us-east-1", 8, "A100-40GB"), CapacityType.ON_DEMAND))
            .orElseThrow();
    Price embedded =
        source
            .find(
                PriceQuery.of(
                    cloudNode("p5.48xlarge", "us-east-1", 8, "H100-80GB"), CapacityType.ON_DEMAND))
            .orElseThrow();
    Price onPrem =
        source
            .find(
                PriceQuery.of(
                    GpuNode.of("rack1-n3", 8_000, 64_000, 4, "L40S"), CapacityType.RESERVED))
            .orElseThrow();

    assertThat(p4d.usdPerHour()).isEqualTo(15.0);
    assertThat(p4d.source()).isEqualTo("our discount");
    assertThat(embedded.usdPerHour()).isEqualTo(55.04); // §4.1, not overridden
    assertThat(onPrem.usdPerHour()).isEqualTo(3.6); // 4 × 0.90
  }

  @Test
  void provider_gpuModelRowNeverReplacesACloudListPrice() throws IOException {
    PriceFile file =
        PriceFile.read(
            new java.io.BufferedReader(
                new java.io.StringReader(
                    PriceFile.HEADER + "\ngpu-model,H100-80GB,*,*,1.00,gpu,on-prem,2026-09-01")),
            "f.csv");
    Price price =
        EmbeddedPricingSource.withUserFile(file)
            .find(
                PriceQuery.of(
                    cloudNode("p5.48xlarge", "us-east-1", 8, "H100-80GB"), CapacityType.ON_DEMAND))
            .orElseThrow();

    assertThat(price.usdPerHour()).isEqualTo(55.04);
  }

  @Test
  void provider_unknownSettingOrBadFile_fails(@TempDir Path dir) throws IOException {
    PricingSource.Provider provider = new EmbeddedPricingSource.Provider();
    assertThatThrownBy(() -> provider.create(Settings.of(Map.of("fiel", "x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("fiel");
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, PriceFile.HEADER + "\ngpu-model,A100,*,*,free,node,,2026-01-01\n");
    assertThatThrownBy(() -> provider.create(Settings.of(Map.of("file", bad.toString()))))
        .isInstanceOf(InputFormatException.class)
        .hasMessageContaining("bad.csv:2: column 'usd_per_hour'");
  }
}
