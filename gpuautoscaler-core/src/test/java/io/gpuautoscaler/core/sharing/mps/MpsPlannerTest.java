package io.gpuautoscaler.core.sharing.mps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.sharing.Assignment;
import io.gpuautoscaler.api.sharing.GpuClient;
import io.gpuautoscaler.api.sharing.MigInstance;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingPlan;
import io.gpuautoscaler.api.sharing.SharingPlanner;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.api.sharing.Unplaced;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.sharing.DevicePluginConfigs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MpsPlannerTest {
  private final MpsPlanner planner = new MpsPlanner();

  static List<SharedGpu> node(String name, String model, int gpus) {
    List<SharedGpu> list = new ArrayList<>();
    for (int i = 0; i < gpus; i++) {
      list.add(SharedGpu.idle(name, i, model));
    }
    return list;
  }

  @Test
  void plan_givesEachClientTheLimitsOfTheNodesReplicas() {
    // 4 requests of 250 milli and 10 GiB on a 40 GiB A100: replicas 4, 25 % and 10240 MiB each.
    List<SharingRequest> requests = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      requests.add(SharingRequest.of("r" + i, 10_240, 250));
    }

    SharingPlan plan = planner.plan(node("n1", "A100-40GB", 2), requests);

    assertThat(plan.unplaced()).isEmpty();
    assertThat(plan.gpusUsed()).isEqualTo(1);
    assertThat(plan.assignments())
        .allSatisfy(
            a -> {
              assertThat(a.environment())
                  .containsEntry("CUDA_MPS_ACTIVE_THREAD_PERCENTAGE", "25")
                  .containsEntry("CUDA_MPS_PINNED_DEVICE_MEM_LIMIT", "0=10240M");
              assertThat(a.resource().name()).isEqualTo("nvidia.com/gpu");
              assertThat(a.resource().quantity()).isEqualTo(1);
              assertThat(a.migInstance()).isEmpty();
            });
    assertThat(plan.nodeConfigs()).hasSize(1);
    var config = plan.nodeConfigs().get(0);
    assertThat(config.configName()).isEqualTo("mps-4");
    assertThat(config.labels()).containsEntry("nvidia.com/device-plugin.config", "mps-4");
    assertThat(config.changedGpus()).containsExactly(0, 1);
    assertThat(config.disruptive()).isTrue();
    var shared = DevicePluginConfigs.checkSharingConfig(config.document(), "mps");
    assertThat(shared.get("failRequestsGreaterThanOne").asBoolean()).isTrue();
    assertThat(shared.get("renameByDefault").asBoolean()).isFalse();
    assertThat(shared.get("resources").get(0).get("replicas").asInt()).isEqualTo(4);
  }

  @Test
  void plan_packsRequestsOntoTheFewestGpus() {
    List<SharingRequest> requests = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      requests.add(SharingRequest.of("r" + i, 1_000, 300)); // 3 per GPU (33 %)
    }

    SharingPlan plan = planner.plan(node("n1", "T4", 4), requests);

    assertThat(plan.gpusUsed()).isEqualTo(2);
    assertThat(plan.nodeConfigs().get(0).configName()).isEqualTo("mps-3");
  }

  @Test
  void plan_refusesWhatWouldOverCommitMemory() {
    // 9 GiB of a 15 GiB T4 cannot be pinned by two clients: memory / 2 = 7680 MiB.
    SharingPlan plan =
        planner.plan(node("n1", "T4", 1), List.of(SharingRequest.of("big", 9_216, 100)));

    assertThat(plan.assignments()).isEmpty();
    assertThat(plan.unplaced())
        .singleElement()
        .extracting(Unplaced::reason)
        .isEqualTo(Unplaced.Reason.TOO_LARGE);
  }

  @Test
  void plan_refusesComputeAboveHalfAGpu() {
    SharingPlan plan =
        planner.plan(node("n1", "A10", 1), List.of(SharingRequest.of("hot", 100, 600)));

    assertThat(plan.unplaced())
        .singleElement()
        .extracting(Unplaced::reason)
        .isEqualTo(Unplaced.Reason.TOO_LARGE);
  }

  @Test
  void plan_respectsTheDevicePluginsClientLimit() {
    // 100 tiny requests: a T4 (7.5) takes 48 clients, a V100 (7.0) only 16.
    List<SharingRequest> requests = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      requests.add(SharingRequest.of(String.format("r%03d", i), 10, 10));
    }

    SharingPlan t4 = planner.plan(node("t4", "T4", 1), requests);
    SharingPlan v100 = planner.plan(node("v100", "V100-16GB", 1), requests);

    assertThat(t4.assignments()).hasSize(48);
    assertThat(t4.nodeConfigs().get(0).configName()).isEqualTo("mps-48");
    assertThat(v100.assignments()).hasSize(16);
    assertThat(v100.unplaced())
        .extracting(Unplaced::reason)
        .containsOnly(Unplaced.Reason.NO_CAPACITY);
  }

  @Test
  void plan_usesNoMigEnabledGpuAndNoPreVoltaModel() {
    List<SharedGpu> gpus = new ArrayList<>(node("p100", "P100", 2));
    gpus.add(SharedGpu.mig("a100", 0, "A100-40GB", List.of(MigInstance.at("3g.20gb", 0, true))));

    SharingPlan plan = planner.plan(gpus, List.of(SharingRequest.of("r", 1_000, 100)));

    assertThat(plan.unplaced())
        .singleElement()
        .extracting(Unplaced::reason)
        .isEqualTo(Unplaced.Reason.NO_COMPATIBLE_GPU);
    assertThat(plan.unplaced().get(0).message()).contains("P100").contains("7.0");
  }

  @Test
  void plan_keepsTheReplicasOfANodeAlreadyOnMps() {
    var running =
        new SharedGpu(
            "n1",
            0,
            "A100-40GB",
            SharingMode.MPS,
            2,
            List.of(),
            List.of(new GpuClient("old", 20_480, 500)));
    var idle = new SharedGpu("n1", 1, "A100-40GB", SharingMode.MPS, 2, List.of(), List.of());

    SharingPlan plan =
        planner.plan(List.of(running, idle), List.of(SharingRequest.of("new", 1_000, 100)));

    assertThat(plan.assignments())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.gpuIndex()).isEqualTo(0); // the fuller GPU
              assertThat(a.environment()).containsEntry("CUDA_MPS_ACTIVE_THREAD_PERCENTAGE", "50");
            });
    assertThat(plan.nodeConfigs()).isEmpty(); // nothing changes on the node
  }

  @Test
  void plan_leavesNodesWithAWholeGpuWorkloadAlone() {
    var busy =
        new SharedGpu(
            "n1",
            0,
            "T4",
            SharingMode.EXCLUSIVE,
            1,
            List.of(),
            List.of(new GpuClient("trainer", 15_000, 1000)));
    var idle = SharedGpu.idle("n1", 1, "T4");

    SharingPlan plan =
        planner.plan(List.of(busy, idle), List.of(SharingRequest.of("r", 1_000, 100)));

    assertThat(plan.unplaced())
        .singleElement()
        .extracting(Unplaced::reason)
        .isEqualTo(Unplaced.Reason.NO_CAPACITY);
  }

  @Test
  void plan_rejectsANodeWithMixedSharing() {
    var mps = new SharedGpu("n1", 0, "T4", SharingMode.MPS, 2, List.of(), List.of());
    var other = new SharedGpu("n1", 1, "T4", SharingMode.MPS, 4, List.of(), List.of());

    assertThatThrownBy(() -> planner.plan(List.of(mps, other), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n1")
        .hasMessageContaining("one sharing config");
  }

  @Test
  void plan_failsOnAnUnknownModelListingTheKnownOnes() {
    assertThatThrownBy(() -> planner.plan(node("n1", "G2", 1), List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("G2")
        .hasMessageContaining("A100-40GB");
  }

  @Test
  void plan_honoursTheAllowedModels() {
    List<SharedGpu> gpus = new ArrayList<>(node("a", "T4", 1));
    gpus.addAll(node("b", "A10", 1));
    var request = new SharingRequest("r", Optional.empty(), 1_000, 100, Set.of("NVIDIA-A10"));

    SharingPlan plan = planner.plan(gpus, List.of(request));

    assertThat(plan.assignments()).singleElement().extracting(Assignment::node).isEqualTo("b");
  }

  @Test
  void provider_isFoundByNameAndReadsItsSettings() {
    SharingPlanner.Provider provider =
        ProviderRegistry.load(SharingPlanner.Provider.class).require("mps");
    MpsPlanner configured =
        (MpsPlanner)
            provider.create(
                Settings.empty()
                    .with("max-replicas", "4")
                    .with("rename-by-default", "true")
                    .with("fail-requests-greater-than-one", "false"));

    SharingPlan plan = configured.plan(node("n", "T4", 1), List.of(SharingRequest.of("r", 10, 10)));

    assertThat(plan.nodeConfigs().get(0).configName()).isEqualTo("mps-4");
    assertThat(plan.assignments().get(0).resource().name()).isEqualTo("nvidia.com/gpu.shared");
    var shared =
        DevicePluginConfigs.checkSharingConfig(plan.nodeConfigs().get(0).document(), "mps");
    assertThat(shared.get("renameByDefault").asBoolean()).isTrue();
    assertThat(shared.get("failRequestsGreaterThanOne").asBoolean()).isFalse();
    assertThatThrownBy(() -> provider.create(Settings.empty().with("replicas", "4")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("replicas");
    assertThatThrownBy(() -> provider.create(Settings.empty().with("max-replicas", "1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("2..48");
  }

  /** Random requests on random nodes: nothing over-committed, each request once, deterministic. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void plan_neverOverCommits(long seed) {
    var random = new SplittableRandom(seed);
    String[] models = {"T4", "A10", "V100-16GB", "A100-80GB", "P100"};
    List<SharedGpu> gpus = new ArrayList<>();
    for (int n = 0; n < 1 + random.nextInt(6); n++) {
      gpus.addAll(node("node-" + n, models[random.nextInt(models.length)], 1 + random.nextInt(8)));
    }
    List<SharingRequest> requests = new ArrayList<>();
    for (int i = 0; i < random.nextInt(120); i++) {
      requests.add(
          SharingRequest.of("r" + i, 1 + random.nextInt(12_000), 1 + random.nextInt(1000)));
    }
    GpuCatalog catalog = GpuCatalog.builtin();

    SharingPlan plan = planner.plan(gpus, requests);

    assertThat(plan.assignments().size() + plan.unplaced().size())
        .as("seed %d", seed)
        .isEqualTo(requests.size());
    assertThat(planner.plan(gpus, requests)).as("seed %d", seed).isEqualTo(plan);
    Map<String, SharingRequest> byId = new HashMap<>();
    requests.forEach(r -> byId.put(r.id(), r));
    Map<String, Integer> replicasOf = new HashMap<>();
    plan.nodeConfigs()
        .forEach(c -> replicasOf.put(c.node(), Integer.parseInt(c.configName().substring(4))));
    Map<String, Integer> clients = new HashMap<>();
    Map<String, Integer> percent = new HashMap<>();
    for (Assignment a : plan.assignments()) {
      int replicas = replicasOf.get(a.node());
      String model =
          gpus.stream().filter(g -> g.node().equals(a.node())).findFirst().orElseThrow().model();
      long memory = catalog.require(model).memoryMiB();
      SharingRequest r = byId.get(a.requestId());
      assertThat(r.memoryMiB()).as("seed %d", seed).isLessThanOrEqualTo(memory / replicas);
      assertThat(r.computeMilli()).as("seed %d", seed).isLessThanOrEqualTo(10 * (100 / replicas));
      assertThat(replicas).isLessThanOrEqualTo(catalog.require(model).mpsClientLimit());
      String gpu = a.node() + "/" + a.gpuIndex();
      clients.merge(gpu, 1, Integer::sum);
      percent.merge(
          gpu,
          Integer.parseInt(a.environment().get("CUDA_MPS_ACTIVE_THREAD_PERCENTAGE")),
          Integer::sum);
      assertThat(clients.get(gpu)).as("seed %d", seed).isLessThanOrEqualTo(replicas);
      assertThat(percent.get(gpu)).as("seed %d", seed).isLessThanOrEqualTo(100);
      assertThat(model).isNotEqualTo("P100");
    }
    for (var config : plan.nodeConfigs()) {
      DevicePluginConfigs.checkSharingConfig(config.document(), "mps");
    }
  }
}
