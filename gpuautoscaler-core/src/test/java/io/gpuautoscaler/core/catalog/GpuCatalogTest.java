package io.gpuautoscaler.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.InputFormatException;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpuCatalogTest {
  private final GpuCatalog catalog = GpuCatalog.builtin();

  @Test
  void builtin_hasEveryModelOfTheReference() {
    assertThat(catalog.names())
        .containsExactly(
            "A100-40GB",
            "A100-80GB",
            "H100-80GB",
            "H100-NVL",
            "H200",
            "B200",
            "A30",
            "V100-16GB",
            "V100-32GB",
            "T4",
            "L4",
            "A10",
            "A10G",
            "L40S",
            "P100");
    assertThat(catalog.migModels())
        .extracting(GpuModel::name)
        .containsExactly("A100-40GB", "A100-80GB", "H100-80GB", "H100-NVL", "H200", "B200", "A30");
  }

  @ParameterizedTest
  @CsvSource({
    "NVIDIA-A100-SXM4-40GB, A100-40GB",
    "NVIDIA-A100-PCIE-40GB, A100-40GB",
    "nvidia-a100-sxm4-80gb, A100-80GB",
    "NVIDIA-H100-80GB-HBM3, H100-80GB",
    "NVIDIA-H100-PCIe, H100-80GB",
    "NVIDIA-H100-NVL, H100-NVL",
    "NVIDIA-H200, H200",
    "NVIDIA-B200, B200",
    "NVIDIA-A30, A30",
    "Tesla-T4, T4",
    "Tesla-V100-SXM2-16GB, V100-16GB",
    "NVIDIA-L4, L4",
    "NVIDIA-A10, A10",
    "NVIDIA-A10G, A10G",
    "NVIDIA-L40S, L40S",
    "Tesla-P100-PCIE-16GB, P100",
    "V100M16, V100-16GB",
    "V100M32, V100-32GB",
    "a100-40gb, A100-40GB",
    "A100-SXM4-40GB-MIG-1g.5gb-SHARED, A100-40GB",
    "G2, ",
    "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb, A100-40GB",
    "Tesla-T4-SHARED, T4",
  })
  void find_byNameAliasOrProductLabel(String label, String expected) {
    if (expected == null) {
      assertThat(catalog.find(label)).isEmpty();
    } else {
      assertThat(catalog.find(label)).map(GpuModel::name).hasValue(expected);
    }
  }

  @Test
  void require_unknownModelListsTheKnownNames() {
    assertThatThrownBy(() -> catalog.require("G2"))
        .isInstanceOf(UnknownGpuException.class)
        .hasMessageStartingWith("Unknown GPU model 'G2'; known: A100-40GB, A100-80GB,")
        .hasMessageEndingWith("L40S, P100")
        .satisfies(e -> assertThat(((UnknownGpuException) e).known()).contains("T4", "H200"));
  }

  @Test
  void requireProfile_unknownProfileListsTheModelsProfiles() {
    assertThatThrownBy(() -> catalog.requireProfile("A100-40GB", "1g.10gb+me"))
        .isInstanceOf(UnknownGpuException.class)
        .hasMessage(
            "Unknown MIG profile '1g.10gb+me' for A100-40GB; its profiles: 1g.5gb, 1g.5gb+me,"
                + " 1g.10gb, 2g.10gb, 3g.20gb, 4g.20gb, 7g.40gb");
  }

  @Test
  void requireMig_nonMigModelListsTheMigModels() {
    assertThatThrownBy(() -> catalog.requireMig("T4"))
        .isInstanceOf(UnknownGpuException.class)
        .hasMessage(
            "GPU model 'T4' does not support MIG; MIG-capable models: A100-40GB, A100-80GB,"
                + " H100-80GB, H100-NVL, H200, B200, A30");
  }

  @Test
  void profiles_areKeyedByModelAndName_1g10gbCollision() {
    MigProfile a100 = catalog.requireProfile("A100-40GB", "1g.10gb");
    MigProfile h100 = catalog.requireProfile("H100-80GB", "1g.10gb");
    assertThat(a100.id()).isEqualTo(15);
    assertThat(a100.memorySlices()).isEqualTo(2);
    assertThat(a100.maxCount()).isEqualTo(4);
    assertThat(h100.id()).isEqualTo(19);
    assertThat(h100.memorySlices()).isEqualTo(1);
    assertThat(h100.maxCount()).isEqualTo(7);
  }

  @Test
  void migGeometry_matchesTheReferenceTables() {
    for (GpuModel model : catalog.migModels()) {
      MigGeometry mig = model.mig().orElseThrow();
      boolean a30 = model.name().equals("A30");
      assertThat(mig.memorySlices()).isEqualTo(a30 ? 4 : 8);
      assertThat(mig.computeSlices()).isEqualTo(a30 ? 4 : 7);
      assertThat(mig.pciIds()).isNotEmpty().allMatch(id -> id.endsWith("10DE"));
      if (!a30) {
        assertThat(mig.profiles())
            .extracting(MigProfile::id)
            .containsExactly(19, 20, 15, 14, 9, 5, 0);
        assertThat(mig.profiles().get(4).memorySlices()).as("3g has 4 memory slices").isEqualTo(4);
        assertThat(mig.profiles().get(0).starts()).containsExactly(0, 1, 2, 3, 4, 5, 6);
      } else {
        assertThat(mig.profiles()).extracting(MigProfile::id).containsExactly(14, 21, 5, 6, 0);
      }
      assertThat(mig.profiles().stream().filter(MigProfile::mediaExtensions))
          .allMatch(p -> p.maxCount() == 1);
    }
  }

  @Test
  void mpsClientLimit_followsTheDevicePluginRule() {
    assertThat(catalog.require("V100-16GB").mpsClientLimit()).isEqualTo(16);
    assertThat(catalog.require("P100").mpsClientLimit()).isEqualTo(16);
    assertThat(catalog.require("T4").mpsClientLimit()).isEqualTo(48);
    assertThat(catalog.require("H100-80GB").mpsClientLimit()).isEqualTo(48);
    assertThat(catalog.require("T4").computeCapability()).hasToString("7.5");
  }

  @Test
  void unmeasuredProfileMemory_isEstimatedFromTheOneSliceProfile() {
    MigProfile b200 = catalog.requireProfile("B200", "3g.90gb");
    assertThat(b200.memoryMeasured()).isFalse();
    assertThat(b200.memoryMiB()).isEqualTo(4 * (long) (20.50 * 1024));
    assertThat(b200.sms()).isEqualTo(OptionalInt.empty());
    assertThat(catalog.requireProfile("H100-80GB", "1g.20gb").sms()).hasValue(26);
  }

  @Test
  void parse_reportsFileLineAndFieldOfBadData() {
    String model = "model name=X memory-mib=100 compute-capability=8.0 mps-clients=48";
    assertError(List.of("# c", model.replace("100", "lots")), "f.txt:2: column 'memory-mib'");
    assertError(
        List.of(model.replace("48", "16")),
        "f.txt:1: column 'mps-clients': the device"
            + " plugin allows 48 MPS clients at compute capability 8.0, not 16");
    assertError(List.of(model + " colour=red"), "f.txt:1: column 'colour': unknown field");
    assertError(
        List.of(model + " mig-slices=8/7 pci-ids=0x20B010DE", "profile name=1g.5gb id=19"),
        "f.txt:2: column 'compute': missing");
    assertError(
        List.of(
            model + " mig-slices=8/7 pci-ids=0x20B010DE",
            "profile name=1g.5gb id=19 compute=1 memory=1 max=7 starts=0,7 gib=4 sm=1",
            "profile name=3g.20gb id=9 compute=3 memory=4 max=2 starts=0,5 gib=4 sm=1"),
        "f.txt:3: column 'starts': start 5 + size 4 runs past 8 memory slices");
    assertError(List.of("profile name=1g.5gb"), "f.txt:1: a profile line must follow a model");
    assertError(
        List.of(model, model.replace("name=X", "name=x")),
        "f.txt:2: column 'name': 'x' already names model X");
    assertError(List.of(model + " mig-slices=8/7 pci-ids=0x20B0"), "f.txt:1: column 'pci-ids'");
  }

  private static void assertError(List<String> lines, String messageStart) {
    assertThatThrownBy(() -> GpuCatalog.parse("f.txt", lines))
        .isInstanceOf(InputFormatException.class)
        .hasMessageStartingWith(messageStart);
  }
}
