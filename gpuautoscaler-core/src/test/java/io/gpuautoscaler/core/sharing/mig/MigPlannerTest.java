package io.gpuautoscaler.core.sharing.mig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gpuautoscaler.api.sharing.Assignment;
import io.gpuautoscaler.api.sharing.MigInstance;
import io.gpuautoscaler.api.sharing.NodeConfig;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingPlan;
import io.gpuautoscaler.api.sharing.SharingPlanner;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.api.sharing.Unplaced;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.UnknownGpuException;
import io.gpuautoscaler.testing.SharingPlannerContract;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MigPlannerTest implements SharingPlannerContract {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final MigPlanner planner = new MigPlanner();

  @Override
  public SharingPlanner planner() {
    return new MigPlanner();
  }

  static List<SharedGpu> idleNode(String node, String model, int gpus) {
    List<SharedGpu> out = new ArrayList<>();
    for (int i = 0; i < gpus; i++) {
      out.add(SharedGpu.idle(node, i, model));
    }
    return out;
  }

  static List<SharingRequest> profiles(String prefix, String profile, int count) {
    List<SharingRequest> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(SharingRequest.ofProfile(prefix + i, profile));
    }
    return out;
  }

  @Test
  void provider_isFoundByNameAndReadsTheStrategy() {
    var registry = ProviderRegistry.load(SharingPlanner.Provider.class);

    SharingPlanner mig = registry.require("mig").create(Settings.empty());
    SharingPlanner single =
        registry.require("mig").create(Settings.of(Map.of("strategy", "single")));

    assertThat(mig.mode()).isEqualTo(SharingMode.MIG);
    assertThat(((MigPlanner) mig).strategy()).isEqualTo(MigStrategy.MIXED);
    assertThat(((MigPlanner) single).strategy()).isEqualTo(MigStrategy.SINGLE);
    assertThatThrownBy(() -> registry.require("mig").create(Settings.of(Map.of("strategy", "x"))))
        .hasMessage("Unknown MIG strategy 'x'; known: mixed, single (none disables MIG)");
    assertThatThrownBy(() -> registry.require("mig").create(Settings.of(Map.of("strateg", "x"))))
        .hasMessageContaining("does not understand setting(s) [strateg]");
  }

  @Test
  void plan_packsSmallProfilesOntoOneGpuAndEmitsAMigPartedConfig() throws Exception {
    var gpus = idleNode("node-a", "NVIDIA-H100-80GB-HBM3", 2);

    MigPlan result = planner.planMig(gpus, profiles("r", "1g.10gb", 3));
    SharingPlan plan = result.plan();

    assertThat(plan.unplaced()).isEmpty();
    assertThat(plan.gpusUsed()).isEqualTo(1);
    assertThat(plan.assignments())
        .extracting(a -> a.resource().name() + "=" + a.resource().quantity())
        .containsOnly("nvidia.com/mig-1g.10gb=1");
    NodeConfig config = plan.nodeConfigs().get(0);
    assertThat(config.labels()).containsOnlyKeys("nvidia.com/mig.config");
    assertThat(config.labels().get("nvidia.com/mig.config")).isEqualTo(config.configName());
    assertThat(config.changedGpus()).containsExactly(0);
    assertThat(config.disruptive()).isTrue();
    assertThat(config.document())
        .isEqualTo(
            "version: v1\n"
                + "mig-configs:\n"
                + "  "
                + config.configName()
                + ":\n"
                + "    - devices:\n"
                + "        - 0\n"
                + "      mig-enabled: true\n"
                + "      mig-devices:\n"
                + "        \"1g.10gb\": 3\n"
                + "    - devices:\n"
                + "        - 1\n"
                + "      mig-enabled: false\n");
    assertMigPartedSchema(config.document());
    assertMigPartedSchema(result.configDocument());
  }

  @Test
  void plan_mapsMemoryAndComputeToTheSmallestFittingProfileOfEachModel() {
    var request = SharingRequest.of("r", 9_000, 100);

    var a100 = planner.plan(idleNode("n", "A100-40GB", 1), List.of(request));
    var h100 = planner.plan(idleNode("n", "H100-80GB", 1), List.of(request));
    var big =
        planner.plan(idleNode("n", "A100-40GB", 1), List.of(SharingRequest.of("r", 15_000, 100)));
    var compute =
        planner.plan(idleNode("n", "A100-40GB", 1), List.of(SharingRequest.of("r", 1_000, 300)));

    assertThat(a100.assignments().get(0).resource().name()).isEqualTo("nvidia.com/mig-1g.10gb");
    assertThat(h100.assignments().get(0).resource().name()).isEqualTo("nvidia.com/mig-1g.10gb");
    assertThat(big.assignments().get(0).resource().name()).isEqualTo("nvidia.com/mig-3g.20gb");
    assertThat(compute.assignments().get(0).resource().name()).isEqualTo("nvidia.com/mig-3g.20gb");
  }

  @Test
  void plan_usesAFreeExistingInstanceFirstAndChangesNothing() {
    var gpus =
        List.of(
            SharedGpu.idle("node-a", 0, "A100-80GB"),
            SharedGpu.mig(
                "node-b",
                0,
                "A100-80GB",
                List.of(MigInstance.at("3g.40gb", 0, true), MigInstance.at("3g.40gb", 4, false))));

    SharingPlan plan = planner.plan(gpus, List.of(SharingRequest.of("r", 30_000, 200)));

    assertThat(plan.assignments())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.node()).isEqualTo("node-b");
              assertThat(a.migInstance()).contains(MigInstance.at("3g.40gb", 4, true));
            });
    assertThat(plan.nodeConfigs()).isEmpty();
  }

  @Test
  void plan_neverMovesAnInstanceInUse() {
    // 3g in use at 0 blocks 4g (start 0 only): the 4g goes to the idle GPU, the 2g next to the 3g.
    var gpus =
        List.of(
            SharedGpu.mig("n", 0, "H100-80GB", List.of(MigInstance.at("3g.40gb", 0, true))),
            SharedGpu.idle("n", 1, "H100-80GB"));

    MigPlan result =
        planner.planMig(
            gpus,
            List.of(
                SharingRequest.ofProfile("four", "4g.40gb"),
                SharingRequest.ofProfile("two", "2g.20gb")));

    Map<String, Assignment> byId = byId(result.plan());
    assertThat(byId.get("four").gpuIndex()).isEqualTo(1);
    assertThat(byId.get("two").gpuIndex()).isEqualTo(0);
    GpuLayout gpu0 = result.layouts().get(0);
    assertThat(gpu0.instances())
        .anySatisfy(
            i -> {
              assertThat(i.placement().toString()).isEqualTo("3g.40gb@0");
              assertThat(i.origin()).isEqualTo(GpuLayout.Origin.IN_USE);
              assertThat(i.requestId()).isEmpty();
            });
    assertThat(result.plan().warnings())
        .anyMatch(w -> w.startsWith("node n GPU 0 gets new instances next to instances in use"));
  }

  @Test
  void plan_opensIdleGpusOnANodeAlreadyBeingReconfiguredFirst() {
    List<SharedGpu> gpus = new ArrayList<>(idleNode("a-node", "A100-40GB", 1));
    gpus.add(SharedGpu.mig("b-node", 0, "A100-40GB", List.of(MigInstance.at("4g.20gb", 0, true))));
    gpus.add(SharedGpu.idle("b-node", 1, "A100-40GB"));

    SharingPlan plan =
        planner.plan(
            gpus,
            List.of(
                SharingRequest.ofProfile("small", "2g.10gb"),
                SharingRequest.ofProfile("big", "7g.40gb")));

    // The 2g goes next to the in-use 4g on b-node; the 7g then prefers b-node's idle GPU.
    assertThat(byId(plan).get("small").node()).isEqualTo("b-node");
    assertThat(byId(plan).get("big").node()).isEqualTo("b-node");
    assertThat(plan.nodeConfigs()).extracting(NodeConfig::node).containsExactly("b-node");
  }

  @Test
  void plan_removesFreeUnusedInstancesWhenThatMakesRoom() {
    var gpus =
        List.of(
            SharedGpu.mig(
                "n",
                0,
                "A100-40GB",
                List.of(
                    MigInstance.at("3g.20gb", 4, true),
                    MigInstance.at("1g.5gb", 0, false),
                    MigInstance.at("1g.5gb", 1, false))));

    MigPlan result =
        planner.planMig(
            gpus,
            List.of(
                SharingRequest.ofProfile("r", "2g.10gb"),
                SharingRequest.ofProfile("s", "2g.10gb")));

    assertThat(result.plan().unplaced()).isEmpty();
    assertThat(result.layouts().get(0).profiles())
        .extracting(p -> p.name())
        .containsExactly("3g.20gb", "2g.10gb", "2g.10gb");
  }

  @Test
  void plan_explainsWhatCannotBePlaced() {
    var gpus = new ArrayList<>(idleNode("n", "A30", 1));
    gpus.add(SharedGpu.idle("t", 0, "Tesla-T4"));

    SharingPlan plan =
        planner.plan(
            gpus,
            List.of(
                SharingRequest.ofProfile("unknown", "3g.40gb"),
                SharingRequest.of("huge", 100_000, 100),
                new SharingRequest("t4-only", Optional.empty(), 1_000, 100, Set.of("T4")),
                SharingRequest.ofProfile("fits", "4g.24gb"),
                SharingRequest.ofProfile("full", "4g.24gb")));

    assertThat(plan.unplaced())
        .extracting(Unplaced::requestId, Unplaced::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("unknown", Unplaced.Reason.UNKNOWN_PROFILE),
            org.assertj.core.groups.Tuple.tuple("huge", Unplaced.Reason.TOO_LARGE),
            org.assertj.core.groups.Tuple.tuple("t4-only", Unplaced.Reason.NO_COMPATIBLE_GPU),
            org.assertj.core.groups.Tuple.tuple("full", Unplaced.Reason.NO_CAPACITY));
    assertThat(plan.unplaced().get(0).message())
        .isEqualTo("profile 3g.40gb exists on none of the available models [A30]");
    assertThat(plan.unplaced().get(3).message())
        .isEqualTo("would get A30 (4g.24gb) but no GPU has room for it");
  }

  @Test
  void plan_rejectsImpossibleExistingLayoutsAndUnknownModels() {
    var overlapping =
        List.of(
            SharedGpu.mig(
                "n",
                0,
                "A100-40GB",
                List.of(MigInstance.at("4g.20gb", 0, true), MigInstance.at("3g.20gb", 0, false))));
    assertThatThrownBy(() -> planner.plan(overlapping, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "node n GPU 0 has an impossible MIG layout: existing instances overlap at 3g.20gb@0");
    var wrongProfile =
        List.of(SharedGpu.mig("n", 0, "A30", List.of(MigInstance.at("1g.5gb", 0, false))));
    assertThatThrownBy(() -> planner.plan(wrongProfile, List.of()))
        .hasMessageStartingWith(
            "node n GPU 0 has instance 1g.5gb, not a profile of A30; its profiles:");
    assertThatThrownBy(() -> planner.plan(idleNode("n", "G2", 1), List.of()))
        .isInstanceOf(UnknownGpuException.class)
        .hasMessageStartingWith("Unknown GPU model 'G2'; known:");
    assertThatThrownBy(
            () ->
                planner.plan(
                    List.of(SharedGpu.idle("n", 0, "A30"), SharedGpu.idle("n", 0, "A30")),
                    List.of()))
        .hasMessage("GPU 0 of node n is listed twice");
  }

  @Test
  void plan_placesExistingInstancesWithoutKnownStarts() {
    var gpus =
        List.of(
            SharedGpu.mig(
                "n",
                0,
                "A100-40GB",
                List.of(
                    MigInstance.unplaced("1g.5gb", true),
                    MigInstance.unplaced("2g.10gb", true),
                    MigInstance.unplaced("3g.20gb", true))));

    MigPlan result = planner.planMig(gpus, List.of(SharingRequest.ofProfile("r", "1g.5gb")));

    assertThat(result.plan().assignments()).hasSize(1);
    MigLayoutsTest.assertNonOverlappingAndAllowed(
        result.layouts().get(0).instances().stream().map(GpuLayout.Instance::placement).toList());
  }

  @Test
  void singleStrategy_givesWholeNodesOneProfile() throws Exception {
    List<SharedGpu> gpus = new ArrayList<>(idleNode("big", "NVIDIA-A100-SXM4-40GB", 4));
    gpus.addAll(idleNode("small", "NVIDIA-A100-SXM4-40GB", 2));
    var single = new MigPlanner(GpuCatalog.builtin(), MigStrategy.SINGLE);
    List<SharingRequest> requests = new ArrayList<>(profiles("s", "1g.5gb", 10));
    requests.add(SharingRequest.ofProfile("x", "3g.20gb"));

    MigPlan result = single.planMig(gpus, requests);

    assertThat(result.plan().unplaced()).isEmpty();
    assertThat(result.plan().assignments())
        .extracting(a -> a.resource().name())
        .containsOnly("nvidia.com/gpu");
    assertThat(result.singleProductLabels())
        .containsEntry("big", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb")
        .containsEntry("small", "NVIDIA-A100-SXM4-40GB-MIG-3g.20gb");
    for (NodeConfig config : result.plan().nodeConfigs()) {
      assertMigPartedSchema(config.document());
      JsonNode entries =
          YAML.readTree(config.document()).get("mig-configs").get(config.configName());
      assertThat(entries).as("one entry: every GPU the same").hasSize(1);
    }
  }

  @Test
  void mixedPlan_reportsNodesTheSingleStrategyCouldNotServe() {
    MigPlan result =
        planner.planMig(
            idleNode("n", "A100-40GB", 2),
            List.of(
                SharingRequest.ofProfile("a", "3g.20gb"), SharingRequest.ofProfile("b", "1g.5gb")));

    assertThat(result.singleStrategyViolations())
        .containsExactly(
            "node n: some GPUs have MIG off; more than one profile [1g.5gb, 3g.20gb];"
                + " GPUs are partitioned differently");
  }

  @Test
  void plan_isDeterministicAndEmptyInputGivesAnEmptyPlan() {
    var gpus = idleNode("n", "H200", 3);
    var requests = profiles("r", "2g.35gb", 5);
    assertThat(planner.planMig(gpus, requests)).isEqualTo(planner.planMig(gpus, requests));
    SharingPlan empty = planner.plan(gpus, List.of());
    assertThat(empty.assignments()).isEmpty();
    assertThat(empty.nodeConfigs()).isEmpty();
  }

  static Map<String, Assignment> byId(SharingPlan plan) {
    Map<String, Assignment> out = new java.util.HashMap<>();
    plan.assignments().forEach(a -> out.put(a.requestId(), a));
    return out;
  }

  /** mig-parted's v1 schema (api/spec/v1/spec.go) as far as the planner writes it. */
  static void assertMigPartedSchema(String document) throws Exception {
    JsonNode root = YAML.readTree(document);
    assertThat(root.get("version").asText()).isEqualTo("v1");
    assertThat(root.size()).isEqualTo(2);
    JsonNode configs = root.get("mig-configs");
    assertThat(configs.isObject()).isTrue();
    for (Iterator<Map.Entry<String, JsonNode>> it = configs.fields(); it.hasNext(); ) {
      var config = it.next();
      assertThat(config.getKey()).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
      assertThat(config.getValue().isArray()).isTrue();
      for (JsonNode entry : config.getValue()) {
        JsonNode devices = entry.get("devices");
        assertThat(devices.isArray() || "all".equals(devices.asText())).isTrue();
        devices.forEach(d -> assertThat(d.isInt()).isTrue());
        assertThat(entry.get("mig-enabled").isBoolean()).isTrue();
        if (entry.has("device-filter")) {
          entry
              .get("device-filter")
              .forEach(f -> assertThat(f.asText()).matches("0x[0-9A-F]{4}10DE"));
        }
        if (entry.get("mig-enabled").asBoolean()) {
          JsonNode migDevices = entry.get("mig-devices");
          assertThat(migDevices.isObject()).isTrue();
          migDevices
              .fields()
              .forEachRemaining(
                  d -> {
                    assertThat(d.getKey()).matches("[0-9]+g\\.[0-9]+gb(\\+me)?");
                    assertThat(d.getValue().isInt()).isTrue();
                  });
        } else {
          assertThat(entry.has("mig-devices")).isFalse();
        }
        entry
            .fieldNames()
            .forEachRemaining(
                f -> assertThat(f).isIn("devices", "device-filter", "mig-enabled", "mig-devices"));
      }
    }
  }
}
