package io.gpuautoscaler.api.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharingSelectionRecordsTest {

  @Test
  void policy_resolvesTheNamespaceOverrideElseTheDefaults() {
    SharingRules strict = SharingRules.DEFAULTS.withAllowedModes(Set.of(SharingMode.MIG));
    SharingPolicy policy = SharingPolicy.DEFAULT.withNamespace("prod", strict);

    assertThat(policy.rulesFor("prod")).isEqualTo(strict);
    assertThat(policy.rulesFor("dev")).isEqualTo(SharingRules.DEFAULTS);
    assertThat(policy.namespaces()).containsOnlyKeys("prod");
    assertThatThrownBy(() -> policy.namespaces().put("x", strict))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new SharingPolicy(SharingRules.DEFAULTS, Map.of(" ", strict)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespaces key");
  }

  @Test
  void rules_checkTheirThresholds() {
    assertThatThrownBy(() -> SharingRules.DEFAULTS.withMaxSharedComputeMilli(1000))
        .hasMessageContaining("maxSharedComputeMilli must be in 1..999, was 1000");
    assertThatThrownBy(() -> SharingRules.DEFAULTS.withMinUtilizationGain(0.5))
        .hasMessageContaining("minUtilizationGain");
    assertThatThrownBy(() -> SharingRules.DEFAULTS.withMinUtilizationGain(Double.NaN))
        .hasMessageContaining("minUtilizationGain");
    assertThatThrownBy(() -> SharingRules.DEFAULTS.withMaxReplicas(49))
        .hasMessageContaining("maxReplicas must be in 2..48, was 49");
  }

  @Test
  void rules_alwaysAllowExclusiveAndDropItFromTheSet() {
    SharingRules rules =
        SharingRules.DEFAULTS.withAllowedModes(EnumSet.of(SharingMode.EXCLUSIVE, SharingMode.MPS));

    assertThat(rules.allowedModes()).containsExactly(SharingMode.MPS);
    assertThat(rules.allows(SharingMode.EXCLUSIVE)).isTrue();
    assertThat(rules.allows(SharingMode.MIG)).isFalse();
  }

  @Test
  void workload_rejectsASharedMultiGpuRequestAndBadNumbers() {
    assertThatThrownBy(
            () ->
                new SharingWorkload(
                    "w",
                    "ns",
                    OptionalLong.empty(),
                    500,
                    2,
                    WorkloadKind.BATCH,
                    LatencyClass.TOLERANT,
                    false,
                    Set.of()))
        .hasMessageContaining("computeMilli must be 1000 when gpuCount > 1")
        .hasMessageContaining("w");
    assertThatThrownBy(() -> SharingWorkload.builder("w").share(0).build())
        .hasMessageContaining("computeMilli must be in 1..1000, was 0");
    assertThatThrownBy(() -> SharingWorkload.builder("w").gpuMemoryMiB(0).build())
        .hasMessageContaining("gpuMemoryMiB must be >= 1");
  }

  @Test
  void workload_builderDefaultsAndFractional() {
    SharingWorkload w = SharingWorkload.builder("w").share(250).allowedModels(Set.of("T4")).build();

    assertThat(w.fractional()).isTrue();
    assertThat(w.namespace()).isEqualTo("default");
    assertThat(w.kind()).isEqualTo(WorkloadKind.BATCH);
    assertThat(w.latencyClass()).isEqualTo(LatencyClass.TOLERANT);
    assertThat(w.allowsModel("T4")).isTrue();
    assertThat(w.allowsModel("A10")).isFalse();
    assertThat(SharingWorkload.builder("x").wholeGpus(2).build().fractional()).isFalse();
  }

  @Test
  void decision_keepsModeProfileAndShareConsistent() {
    assertThat(SharingDecision.exclusive(2, "why").shared()).isFalse();
    assertThatThrownBy(
            () ->
                new SharingDecision(
                    SharingMode.MIG, Optional.empty(), Optional.of("A100-40GB"), 1, 428, "r"))
        .hasMessageContaining("migProfile must be present exactly when mode is mig");
    assertThatThrownBy(
            () ->
                new SharingDecision(
                    SharingMode.MIG, Optional.of("3g.20gb"), Optional.empty(), 1, 428, "r"))
        .hasMessageContaining("gpuModel");
    assertThatThrownBy(
            () ->
                new SharingDecision(
                    SharingMode.MPS, Optional.empty(), Optional.empty(), 2, 500, "r"))
        .hasMessageContaining("gpuCount");
    assertThatThrownBy(
            () ->
                new SharingDecision(
                    SharingMode.EXCLUSIVE, Optional.empty(), Optional.empty(), 1, 500, "r"))
        .hasMessageContaining("shareMilli 1000");
    assertThatThrownBy(() -> SharingDecision.exclusive(1, " ")).hasMessageContaining("reason");
  }

  @Test
  void enums_parseTheirLabels() {
    assertThat(WorkloadKind.fromLabel(" Inference ")).isEqualTo(WorkloadKind.INFERENCE);
    assertThat(LatencyClass.fromLabel("critical")).isEqualTo(LatencyClass.CRITICAL);
    assertThatThrownBy(() -> WorkloadKind.fromLabel("serving"))
        .hasMessageContaining("known: training, inference, batch, interactive");
    assertThatThrownBy(() -> LatencyClass.fromLabel("fast"))
        .hasMessageContaining("known: critical, sensitive, tolerant");
  }
}
