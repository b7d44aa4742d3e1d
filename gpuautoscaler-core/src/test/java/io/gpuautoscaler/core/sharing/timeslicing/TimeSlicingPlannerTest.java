package io.gpuautoscaler.core.sharing.timeslicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.sharing.Assignment;
import io.gpuautoscaler.api.sharing.SharedGpu;
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
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSlicingPlannerTest {
  private final TimeSlicingPlanner planner = new TimeSlicingPlanner();

  static List<SharedGpu> node(String name, String model, int gpus) {
    List<SharedGpu> list = new ArrayList<>();
    for (int i = 0; i < gpus; i++) {
      list.add(SharedGpu.idle(name, i, model));
    }
    return list;
  }

  @Test
  void replicasFor_countsTypicalRequestsByMemoryWithinTwoAndTheMaximum() {
    assertThat(TimeSlicingPlanner.replicasFor(40_960, 10_240, 8)).isEqualTo(4);
    assertThat(TimeSlicingPlanner.replicasFor(40_960, 30_000, 8)).isEqualTo(2);
    assertThat(TimeSlicingPlanner.replicasFor(40_960, 100, 8)).isEqualTo(8);
  }

  @Test
  void plan_sizesReplicasFromTheMixAndSaysThereIsNoIsolation() {
    List<SharingRequest> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      requests.add(SharingRequest.of("r" + i, 5_000, 100)); // typical 5000 MiB: 8 fit a 40 GiB
    }

    SharingPlan plan = planner.plan(node("n1", "A100-40GB", 1), requests);

    assertThat(plan.assignments()).hasSize(5);
    assertThat(plan.gpusUsed()).isEqualTo(1);
    assertThat(plan.assignments()).allSatisfy(a -> assertThat(a.environment()).isEmpty());
    var config = plan.nodeConfigs().get(0);
    assertThat(config.configName()).isEqualTo("time-slicing-8");
    assertThat(config.labels()).containsEntry("nvidia.com/device-plugin.config", "time-slicing-8");
    var shared = DevicePluginConfigs.checkSharingConfig(config.document(), "timeSlicing");
    assertThat(shared.get("failRequestsGreaterThanOne").asBoolean()).isFalse();
    assertThat(plan.warnings()).singleElement().asString().contains("no memory or fault isolation");
  }

  @Test
  void plan_refusesToCoLocateMemoryNeedsBeyondTheGpu() {
    // Two 9 GiB requests do not fit one 15 GiB T4 together, whatever the replicas.
    SharingPlan plan =
        planner.plan(
            node("n1", "T4", 1),
            List.of(SharingRequest.of("a", 9_216, 100), SharingRequest.of("b", 9_216, 100)));

    assertThat(plan.assignments()).hasSize(1);
    assertThat(plan.unplaced())
        .singleElement()
        .extracting(Unplaced::reason)
        .isEqualTo(Unplaced.Reason.NO_CAPACITY);
  }

  @Test
  void plan_refusesComputeBeyondTheWholeGpuUnlessOversubscribed() {
    List<SharingRequest> requests =
        List.of(SharingRequest.of("a", 100, 600), SharingRequest.of("b", 100, 600));
    var oversubscribing =
        new TimeSlicingPlanner(GpuCatalog.builtin(), 8, OptionalInt.empty(), true, false, false);

    assertThat(planner.plan(node("n1", "T4", 1), requests).assignments()).hasSize(1);
    assertThat(oversubscribing.plan(node("n1", "T4", 1), requests).assignments()).hasSize(2);
  }

  @Test
  void provider_readsFixedReplicasAndRejectsBadOnes() {
    SharingPlanner.Provider provider =
        ProviderRegistry.load(SharingPlanner.Provider.class).require("time-slicing");
    SharingPlanner fixed = provider.create(Settings.empty().with("replicas", "3"));

    SharingPlan plan = fixed.plan(node("n", "T4", 1), List.of(SharingRequest.of("r", 10, 10)));

    assertThat(plan.nodeConfigs().get(0).configName()).isEqualTo("time-slicing-3");
    assertThatThrownBy(() -> provider.create(Settings.empty().with("replicas", "1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("replicas");
    assertThatThrownBy(() -> provider.create(Settings.empty().with("replicas", "9")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("2..8");
  }

  /** Random requests: memory and compute within each GPU, each request once, deterministic. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void plan_neverCoLocatesPastTheGpu(long seed) {
    var random = new SplittableRandom(seed);
    String[] models = {"T4", "A10", "P100", "L4"};
    List<SharedGpu> gpus = new ArrayList<>();
    for (int n = 0; n < 1 + random.nextInt(5); n++) {
      gpus.addAll(node("node-" + n, models[random.nextInt(models.length)], 1 + random.nextInt(4)));
    }
    List<SharingRequest> requests = new ArrayList<>();
    for (int i = 0; i < random.nextInt(80); i++) {
      requests.add(
          SharingRequest.of("r" + i, 1 + random.nextInt(16_000), 1 + random.nextInt(1000)));
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
        .forEach(c -> replicasOf.put(c.node(), Integer.parseInt(c.configName().substring(13))));
    Map<String, Long> memory = new HashMap<>();
    Map<String, Long> compute = new HashMap<>();
    Map<String, Integer> clients = new HashMap<>();
    for (Assignment a : plan.assignments()) {
      String model =
          gpus.stream().filter(g -> g.node().equals(a.node())).findFirst().orElseThrow().model();
      String gpu = a.node() + "/" + a.gpuIndex();
      SharingRequest r = byId.get(a.requestId());
      memory.merge(gpu, r.memoryMiB(), Long::sum);
      compute.merge(gpu, (long) r.computeMilli(), Long::sum);
      clients.merge(gpu, 1, Integer::sum);
      assertThat(memory.get(gpu))
          .as("seed %d", seed)
          .isLessThanOrEqualTo(catalog.require(model).memoryMiB());
      assertThat(compute.get(gpu)).as("seed %d", seed).isLessThanOrEqualTo(1000);
      assertThat(clients.get(gpu))
          .as("seed %d", seed)
          .isLessThanOrEqualTo(replicasOf.get(a.node()));
    }
    for (var config : plan.nodeConfigs()) {
      DevicePluginConfigs.checkSharingConfig(config.document(), "timeSlicing");
    }
  }
}
