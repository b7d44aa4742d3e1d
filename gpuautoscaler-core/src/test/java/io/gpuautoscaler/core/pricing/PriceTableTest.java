package io.gpuautoscaler.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.InputFormatException;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.core.scaling.Cloud;
import io.gpuautoscaler.core.scaling.DefaultNodeGroups;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  @TempDir Path temp;

  @Test
  void embedded_holdsTheReferencePrices() {
    PriceTable table = PriceTable.embedded();

    PriceTable.Price spot =
        table.find(Cloud.GCP, "us-central1", "a2-highgpu-8g", CapacityType.SPOT).orElseThrow();
    assertThat(spot.usdPerHour()).isEqualTo(15.42416);
    assertThat(spot.gpus()).isEqualTo(8);
    assertThat(spot.gpuModel()).isEqualTo("A100-40GB");
    assertThat(spot.source()).isEqualTo("gcp-cyclenerd");
    assertThat(spot.asOf()).isEqualTo(LocalDate.of(2026, 7, 30));
    assertThat(table.find(Cloud.AWS, "us-east-1", "p4d.24xlarge", CapacityType.ON_DEMAND))
        .map(PriceTable.Price::usdPerHour)
        .contains(21.957642);
    assertThat(table.find(Cloud.AZURE, "eastus", "Standard_ND96asr_v4", CapacityType.ON_DEMAND))
        .map(PriceTable.Price::usdPerHour)
        .contains(27.197);
  }

  @Test
  void embedded_agreesWithTheDefaultNodeGroups() {
    for (NodeGroup g : DefaultNodeGroups.groups()) {
      assertThat(
              PriceTable.embedded()
                  .find(Cloud.GCP, "us-central1", g.instanceType(), g.capacityType()))
          .as(g.id())
          .map(PriceTable.Price::usdPerHour)
          .contains(g.pricePerHourUsd());
    }
  }

  @Test
  void embedded_hasNoPriceTheReferenceLacks() {
    // The reference has no AWS or Azure spot price and no reserved price at all: never invented.
    for (PriceTable.Price p : PriceTable.embedded().prices()) {
      assertThat(p.key().capacityType()).isNotEqualTo(CapacityType.RESERVED);
      if (p.key().cloud() != Cloud.GCP) {
        assertThat(p.key().capacityType()).as(p.toString()).isEqualTo(CapacityType.ON_DEMAND);
      }
    }
    assertThat(
            PriceTable.embedded().find(Cloud.AWS, "us-east-1", "p4d.24xlarge", CapacityType.SPOT))
        .isEmpty();
    assertThat(
            PriceTable.embedded()
                .find(Cloud.GCP, "europe-west4", "a2-highgpu-8g", CapacityType.SPOT))
        .isEmpty();
  }

  @Test
  void userFile_overridesAndExtendsTheEmbeddedTable() throws Exception {
    Path file = temp.resolve("prices.csv");
    Files.writeString(
        file,
        """
        # my negotiated prices
        cloud,region,instance_type,capacity_type,gpus,gpu_model,usd_per_hour,source,as_of

        gcp,us-central1,a2-highgpu-8g,spot,8,A100-40GB,12.5,my-quote,2026-08-01
        aws,us-east-1,p4d.24xlarge,spot,8,A100-40GB,9.75,my-quote,2026-08-01
        """);

    PriceTable merged = PriceTable.embedded().overriddenBy(PriceTable.read(file));

    assertThat(merged.find(Cloud.GCP, "us-central1", "a2-highgpu-8g", CapacityType.SPOT))
        .map(PriceTable.Price::usdPerHour)
        .contains(12.5);
    assertThat(merged.find(Cloud.AWS, "us-east-1", "p4d.24xlarge", CapacityType.SPOT))
        .map(PriceTable.Price::source)
        .contains("my-quote");
    assertThat(merged.find(Cloud.GCP, "us-central1", "a2-highgpu-8g", CapacityType.ON_DEMAND))
        .map(PriceTable.Price::usdPerHour)
        .contains(29.38708);
    assertThat(merged.size()).isEqualTo(PriceTable.embedded().size() + 1);
  }

  @Test
  void malformedLines_failWithFileLineAndColumn() throws Exception {
    String header = PriceTable.HEADER + "\n";
    assertError(
        header + "gcp,us-central1,x,spot,8,A100-40GB,abc,s,2026-01-01\n",
        ":2: column 'usd_per_hour': expected US dollars per hour, found 'abc'");
    assertError(
        "# c\n" + header + "mars,r,x,spot,8,A100-40GB,1,s,2026-01-01\n",
        ":3: column 'cloud': unknown cloud 'mars'");
    assertError(
        header + "gcp,r,x,preemptible,8,A100-40GB,1,s,2026-01-01\n",
        ":2: column 'capacity_type': unknown capacity type 'preemptible'");
    assertError(
        header + "gcp,r,x,spot,0,A100-40GB,1,s,2026-01-01\n",
        ":2: column 'gpus': must be >= 1, was 0");
    assertError(
        header + "gcp,r,x,spot,8,A100-40GB,-1,s,2026-01-01\n",
        ":2: column 'usd_per_hour': must be a finite amount >= 0");
    assertError(
        header + "gcp,r,x,spot,8,A100-40GB,1,s,yesterday\n", ":2: column 'as_of': expected a date");
    assertError(
        header + "gcp,r,x,spot,8,,1,s,2026-01-01\n", ":2: column 'gpu_model': must not be empty");
    assertError(header + "gcp,r,x,spot,8\n", ":2: expected 9 fields, found 5");
    assertError(
        header
            + "gcp,r,x,spot,8,A100-40GB,1,s,2026-01-01\n"
            + "gcp,r,x,spot,8,A100-40GB,2,s,2026-01-01\n",
        ":3: a second price for gcp r x spot (first on line 2)");
    assertError("cloud,region\n", ":1: expected the header");
    assertError("# only a comment\n", ": no header");
  }

  @Test
  void missingFile_isAnUncheckedIoException() {
    assertThatThrownBy(() -> PriceTable.read(temp.resolve("nope.csv")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("nope.csv");
  }

  private void assertError(String content, String expected) throws Exception {
    Path file = temp.resolve("bad.csv");
    Files.writeString(file, content);
    assertThatThrownBy(() -> PriceTable.read(file))
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(expected);
  }
}
