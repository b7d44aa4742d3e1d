package io.gpuautoscaler.api.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharingRecordsTest {

  @Test
  void sharingMode_labelsAreKebabCaseAndRoundTrip() {
    assertThat(SharingMode.values())
        .extracting(SharingMode::label)
        .containsExactly("exclusive", "mig", "mps", "time-slicing");
    for (SharingMode mode : SharingMode.values()) {
      assertThat(SharingMode.fromLabel(mode.label().toUpperCase())).isEqualTo(mode);
    }
  }

  @Test
  void sharingMode_unknownLabelListsTheKnownOnes() {
    assertThatThrownBy(() -> SharingMode.fromLabel("vgpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown sharing mode 'vgpu'; known: exclusive, mig, mps, time-slicing");
  }

  @Test
  void sharingRequest_withoutProfileNeedsMemoryAndCompute() {
    assertThatThrownBy(() -> SharingRequest.of("r1", 0, 100))
        .hasMessage("memoryMiB must be >= 1, was 0 for request r1");
    assertThatThrownBy(() -> SharingRequest.of("r1", 10, 0))
        .hasMessage("computeMilli must be in 1..1000, was 0 for request r1");
    assertThatThrownBy(() -> SharingRequest.of("r1", 10, 1001))
        .hasMessage("computeMilli must be in 1..1000, was 1001 for request r1");
    assertThat(SharingRequest.ofProfile("r2", "1g.10gb").memoryMiB()).isZero();
  }

  @Test
  void sharingRequest_copiesAndSortsAllowedModels() {
    var models = new java.util.HashSet<>(Set.of("T4", "A10"));
    var request = new SharingRequest("r", Optional.empty(), 1, 1, models);
    models.clear();
    assertThat(request.allowedModels()).containsExactly("A10", "T4");
  }

  @Test
  void sharedGpu_checksReplicasAndModeConsistency() {
    assertThatThrownBy(() -> new SharedGpu("n1", 0, "T4", SharingMode.MPS, 1, List.of(), List.of()))
        .hasMessage("replicas must be >= 2 for mode mps, was 1 on n1 GPU 0");
    assertThatThrownBy(
            () ->
                new SharedGpu(
                    "n1",
                    0,
                    "A30",
                    SharingMode.EXCLUSIVE,
                    1,
                    List.of(MigInstance.unplaced("1g.6gb", false)),
                    List.of()))
        .hasMessage("migInstances must be empty unless mode is mig, was exclusive on n1 GPU 0");
    assertThatThrownBy(
            () ->
                new SharedGpu(
                    "n1",
                    0,
                    "T4",
                    SharingMode.EXCLUSIVE,
                    1,
                    List.of(),
                    List.of(new GpuClient("a", 1, 1000), new GpuClient("b", 1, 1000))))
        .hasMessage("an exclusive GPU has at most one client, had 2 on n1 GPU 0");
  }

  @Test
  void sharedGpu_inUseWhenAnInstanceOrClientIsUsed() {
    assertThat(SharedGpu.idle("n", 0, "T4").inUse()).isFalse();
    assertThat(SharedGpu.mig("n", 0, "A30", List.of(MigInstance.at("1g.6gb", 0, false))).inUse())
        .isFalse();
    assertThat(SharedGpu.mig("n", 0, "A30", List.of(MigInstance.at("1g.6gb", 0, true))).inUse())
        .isTrue();
  }

  @Test
  void migInstance_rejectsANegativeStart() {
    assertThatThrownBy(() -> new MigInstance("1g.5gb", OptionalInt.of(-1), false))
        .hasMessage("start must be >= 0, was -1");
  }

  @Test
  void sharingPlan_rejectsARequestThatIsBothPlacedAndUnplaced() {
    var assignment =
        new Assignment(
            "r1",
            "n1",
            0,
            new ExtendedResource("nvidia.com/gpu.shared", 1),
            Map.of(),
            Optional.empty());
    var unplaced = new Unplaced("r1", Unplaced.Reason.NO_CAPACITY, "full");
    assertThatThrownBy(
            () ->
                new SharingPlan(
                    SharingMode.MPS, List.of(assignment), List.of(), List.of(unplaced), List.of()))
        .hasMessage("request r1 is both placed and unplaced, or unplaced twice");
  }

  @Test
  void sharingPlan_countsDistinctGpusUsed() {
    var resource = new ExtendedResource("nvidia.com/gpu.shared", 1);
    var plan =
        new SharingPlan(
            SharingMode.TIME_SLICING,
            List.of(
                new Assignment("a", "n1", 0, resource, Map.of(), Optional.empty()),
                new Assignment("b", "n1", 0, resource, Map.of(), Optional.empty()),
                new Assignment("c", "n1", 1, resource, Map.of(), Optional.empty())),
            List.of(),
            List.of(),
            List.of());
    assertThat(plan.gpusUsed()).isEqualTo(2);
  }

  @Test
  void nodeConfig_sortsLabelsAndChangedGpus() {
    var config =
        new NodeConfig(
            "n1", "c", Map.of("b", "2", "a", "1"), "version: v1\n", true, List.of(3, 1, 3));
    assertThat(config.labels().keySet()).containsExactly("a", "b");
    assertThat(config.changedGpus()).containsExactly(1, 3);
  }

  @Test
  void extendedResource_needsAPositiveQuantity() {
    assertThatThrownBy(() -> new ExtendedResource("nvidia.com/gpu", 0))
        .hasMessage("quantity must be >= 1, was 0 for nvidia.com/gpu");
  }
}
