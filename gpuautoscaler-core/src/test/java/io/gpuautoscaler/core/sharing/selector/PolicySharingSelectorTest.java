package io.gpuautoscaler.core.sharing.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.sharing.LatencyClass;
import io.gpuautoscaler.api.sharing.SharingDecision;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingPolicy;
import io.gpuautoscaler.api.sharing.SharingRules;
import io.gpuautoscaler.api.sharing.SharingSelector;
import io.gpuautoscaler.api.sharing.SharingWorkload;
import io.gpuautoscaler.api.sharing.WorkloadKind;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicySharingSelectorTest {
  private final SharingSelector selector = new PolicySharingSelector();
  private final SharingPolicy policy = SharingPolicy.DEFAULT;

  private static SharingWorkload.Builder share(int milli) {
    return SharingWorkload.builder("ns/pod").share(milli);
  }

  @Test
  void wholeGpus_areExclusive() {
    SharingDecision d =
        selector.select(
            SharingWorkload.builder("t").wholeGpus(4).kind(WorkloadKind.TRAINING).build(),
            Set.of("A100-80GB"),
            policy);

    assertThat(d.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(d.gpuCount()).isEqualTo(4);
    assertThat(d.reason()).contains("training on 4 whole GPUs");
  }

  @Test
  void computeAboveTheThreshold_isExclusive() {
    SharingDecision d = selector.select(share(810).build(), Set.of("T4"), policy);

    assertThat(d.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(d.reason()).contains("810").contains("750");
  }

  @Test
  void noAllowedModelAvailable_isExclusiveAndSaysSo() {
    SharingDecision d =
        selector.select(
            share(200).allowedModels(Set.of("H100-80GB")).build(), Set.of("T4"), policy);

    assertThat(d.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(d.reason()).contains("H100-80GB").contains("T4");
  }

  @Test
  void isolation_getsMigOnAMigCapableModel() {
    SharingDecision d =
        selector.select(
            share(200).gpuMemoryMiB(8_000).needsIsolation(true).build(),
            Set.of("T4", "A100-40GB"),
            policy);

    assertThat(d.mode()).isEqualTo(SharingMode.MIG);
    assertThat(d.migProfile()).contains("2g.10gb"); // 200 milli = 1.4 of 7 slices: 2g
    assertThat(d.gpuModel()).contains("A100-40GB");
    assertThat(d.shareMilli()).isEqualTo(286);
    assertThat(d.reason()).contains("isolation");
  }

  @Test
  void isolation_withoutMig_isExclusive() {
    SharingDecision onT4 =
        selector.select(share(200).needsIsolation(true).build(), Set.of("T4"), policy);
    SharingDecision migOff =
        selector.select(
            share(200).needsIsolation(true).build(),
            Set.of("A100-40GB"),
            SharingPolicy.of(SharingRules.DEFAULTS.withMigForIsolation(false)));

    assertThat(onT4.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(onT4.reason()).contains("isolation").contains("no allowed model is MIG-capable");
    assertThat(migOff.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(migOff.reason()).contains("does not use MIG for isolation");
  }

  @Test
  void latencyCritical_getsMigOrAWholeGpu() {
    SharingWorkload critical = share(100).latencyClass(LatencyClass.CRITICAL).build();

    assertThat(selector.select(critical, Set.of("H100-80GB"), policy).mode())
        .isEqualTo(SharingMode.MIG);
    assertThat(selector.select(critical, Set.of("T4"), policy).mode())
        .isEqualTo(SharingMode.EXCLUSIVE);
  }

  @Test
  void migCapableModel_getsTheSmallestProfileThatHoldsComputeAndMemory() {
    // 110 milli of an 80 GB H100 = 1g (142 milli) with 8.8 GB: 1g.10gb.
    SharingDecision small = selector.select(share(110).build(), Set.of("H100-80GB"), policy);
    // 320 milli: 3 slices, 3g.40gb.
    SharingDecision mid = selector.select(share(320).build(), Set.of("H100-80GB"), policy);
    // 100 milli but 15 GiB: memory needs the 2-slice 1g.20gb.
    SharingDecision memoryBound =
        selector.select(share(100).gpuMemoryMiB(15_000).build(), Set.of("H100-80GB"), policy);

    assertThat(small.migProfile()).contains("1g.10gb");
    assertThat(mid.migProfile()).contains("3g.40gb");
    assertThat(memoryBound.migProfile()).contains("1g.20gb");
    assertThat(small.reason()).contains("memory not stated");
  }

  @Test
  void nonMigModel_getsMpsWithinItsLimits() {
    SharingDecision d = selector.select(share(250).build(), Set.of("T4"), policy);

    assertThat(d.mode()).isEqualTo(SharingMode.MPS);
    assertThat(d.gpuModel()).contains("T4");
    assertThat(d.shareMilli()).isEqualTo(250);
    assertThat(d.reason()).contains("4.00 workloads");
  }

  @Test
  void preVoltaModel_isTimeSlicedWhenTolerant_elseExclusive() {
    SharingDecision tolerant = selector.select(share(250).build(), Set.of("P100"), policy);
    SharingDecision sensitive =
        selector.select(
            share(250).latencyClass(LatencyClass.SENSITIVE).build(), Set.of("P100"), policy);
    SharingDecision sensitiveAllowed =
        selector.select(
            share(250).latencyClass(LatencyClass.SENSITIVE).build(),
            Set.of("P100"),
            SharingPolicy.of(SharingRules.DEFAULTS.withTimeSlicingForLatencySensitive(true)));

    assertThat(tolerant.mode()).isEqualTo(SharingMode.TIME_SLICING);
    assertThat(tolerant.reason()).contains("NO memory or fault isolation");
    assertThat(sensitive.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(sensitive.reason())
        .contains("does not time-slice latency-sensitive work")
        .contains("P100");
    assertThat(sensitiveAllowed.mode()).isEqualTo(SharingMode.TIME_SLICING);
  }

  @Test
  void training_isNeverTimeSliced() {
    SharingDecision d =
        selector.select(share(250).kind(WorkloadKind.TRAINING).build(), Set.of("P100"), policy);

    assertThat(d.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(d.reason()).contains("thrash");
  }

  @Test
  void interactive_prefersTimeSlicing() {
    SharingDecision d =
        selector.select(share(250).kind(WorkloadKind.INTERACTIVE).build(), Set.of("T4"), policy);

    assertThat(d.mode()).isEqualTo(SharingMode.TIME_SLICING);
  }

  @Test
  void minUtilizationGain_keepsBarelySharableWorkloadsExclusive() {
    // 450 milli on a T4: MPS holds 2; a policy asking for 3 says no.
    SharingPolicy demanding = SharingPolicy.of(SharingRules.DEFAULTS.withMinUtilizationGain(3));

    assertThat(selector.select(share(450).build(), Set.of("T4"), policy).mode())
        .isEqualTo(SharingMode.MPS);
    SharingDecision d = selector.select(share(450).build(), Set.of("T4"), demanding);
    assertThat(d.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(d.reason()).contains("holds 2");
  }

  @Test
  void unknownModel_canOnlyBeTimeSliced() {
    SharingDecision tolerant = selector.select(share(250).build(), Set.of("G2"), policy);
    SharingDecision stated =
        selector.select(share(250).gpuMemoryMiB(4_000).build(), Set.of("G2"), policy);

    assertThat(tolerant.mode()).isEqualTo(SharingMode.TIME_SLICING);
    assertThat(tolerant.gpuModel()).contains("G2");
    assertThat(stated.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(stated.reason()).contains("G2 is not in the GPU catalog");
  }

  @Test
  void namespaceOverride_appliesOnlyInItsNamespace() {
    SharingPolicy noSharingInProd =
        SharingPolicy.DEFAULT.withNamespace(
            "prod", SharingRules.DEFAULTS.withAllowedModes(Set.of()));
    SharingPolicy mpsOnlyInDev =
        SharingPolicy.DEFAULT.withNamespace(
            "dev", SharingRules.DEFAULTS.withAllowedModes(Set.of(SharingMode.MPS)));

    SharingDecision prod =
        selector.select(share(250).namespace("prod").build(), Set.of("T4"), noSharingInProd);
    SharingDecision other =
        selector.select(share(250).namespace("team").build(), Set.of("T4"), noSharingInProd);
    SharingDecision dev =
        selector.select(share(250).namespace("dev").build(), Set.of("A100-40GB"), mpsOnlyInDev);

    assertThat(prod.mode()).isEqualTo(SharingMode.EXCLUSIVE);
    assertThat(prod.reason()).contains("sharing is off in namespace prod");
    assertThat(other.mode()).isEqualTo(SharingMode.MPS);
    assertThat(dev.mode()).isEqualTo(SharingMode.MPS);
  }

  @Test
  void severalEquallyGoodModels_leaveTheModelOpen() {
    SharingDecision d = selector.select(share(250).build(), Set.of("T4", "NVIDIA-A10"), policy);

    assertThat(d.mode()).isEqualTo(SharingMode.MPS);
    assertThat(d.gpuModel()).isEqualTo(Optional.empty());
  }

  @Test
  void smallestProfile_skipsTheWholeGpuAndMediaExtensions() {
    var geometry = GpuCatalog.builtin().require("A100-40GB").mig().orElseThrow();

    assertThat(PolicySharingSelector.smallestProfile(geometry, 100, 1_000).orElseThrow().name())
        .isEqualTo("1g.5gb");
    assertThat(PolicySharingSelector.smallestProfile(geometry, 900, 1_000)).isEmpty();
  }

  @Test
  void provider_isFoundByNameAndTakesNoSettings() {
    SharingSelector.Provider provider =
        ProviderRegistry.load(SharingSelector.Provider.class).require("policy");

    assertThat(provider.create(Settings.empty())).isInstanceOf(PolicySharingSelector.class);
    assertThatThrownBy(() -> provider.create(Settings.empty().with("x", "1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("x");
  }

  /** Every decision is valid, has a reason, and is the same when asked again. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {21, 22, 23, 24})
  void select_isDeterministicAndAlwaysExplains(long seed) {
    var random = new SplittableRandom(seed);
    String[] models = {"T4", "A100-40GB", "H100-80GB", "P100", "V100-16GB", "G2", "A30"};
    for (int i = 0; i < 300; i++) {
      var b = SharingWorkload.builder("w" + i).namespace(random.nextBoolean() ? "a" : "b");
      if (random.nextInt(4) == 0) {
        b.wholeGpus(1 + random.nextInt(8));
      } else {
        b.share(1 + random.nextInt(999));
      }
      if (random.nextBoolean()) {
        b.gpuMemoryMiB(1 + random.nextInt(90_000));
      }
      b.kind(WorkloadKind.values()[random.nextInt(4)]);
      b.latencyClass(LatencyClass.values()[random.nextInt(3)]);
      b.needsIsolation(random.nextInt(5) == 0);
      SharingWorkload w = b.build();
      Set<String> available =
          new java.util.TreeSet<>(
              List.of(
                  models[random.nextInt(models.length)], models[random.nextInt(models.length)]));

      SharingDecision d = selector.select(w, available, policy);

      assertThat(d.reason()).as("seed %d, %s", seed, w).isNotBlank();
      assertThat(selector.select(w, available, policy)).as("seed %d", seed).isEqualTo(d);
      if (d.shared()) {
        assertThat(w.fractional()).as("seed %d", seed).isTrue();
        assertThat(w.needsIsolation() && d.mode() != SharingMode.MIG).as("seed %d", seed).isFalse();
        assertThat(d.mode() == SharingMode.TIME_SLICING && w.kind() == WorkloadKind.TRAINING)
            .isFalse();
      }
    }
  }

  /** The selector names the profile that the mig planner gives the same request on an idle GPU. */
  @ParameterizedTest(name = "{0} milli")
  @ValueSource(ints = {30, 110, 160, 230, 320, 470, 560})
  void migProfile_isTheOneTheMigPlannerChooses(int milli) {
    var planner = new io.gpuautoscaler.core.sharing.mig.MigPlanner();
    for (String model : List.of("A100-40GB", "H100-80GB", "A30")) {
      long memory =
          (long) Math.ceil(milli / 1000.0 * GpuCatalog.builtin().require(model).memoryMiB());
      SharingDecision d = selector.select(share(milli).build(), Set.of(model), policy);
      var plan =
          planner.plan(
              List.of(io.gpuautoscaler.api.sharing.SharedGpu.idle("n", 0, model)),
              List.of(io.gpuautoscaler.api.sharing.SharingRequest.of("r", memory, milli)));

      if (d.mode() == SharingMode.MIG) {
        assertThat(plan.assignments())
            .as("%s %d milli", model, milli)
            .singleElement()
            .satisfies(
                a ->
                    assertThat(a.migInstance().orElseThrow().profile())
                        .isEqualTo(d.migProfile().orElseThrow()));
      }
    }
  }
}
