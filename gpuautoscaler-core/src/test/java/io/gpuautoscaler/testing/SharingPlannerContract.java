package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gpuautoscaler.api.sharing.Assignment;
import io.gpuautoscaler.api.sharing.NodeConfig;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingPlan;
import io.gpuautoscaler.api.sharing.SharingPlanner;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.api.sharing.Unplaced;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link SharingPlanner} promises, checked over generated GPUs and requests, one case
 * per seed ({@link Generators#seeds()}; a failure names its seed). A planner's test class
 * implements this interface and supplies {@link #planner()}; it may override {@link #gpus} and
 * {@link #requests} to generate what its mode handles.
 *
 * <p>Checked: every request is placed or unplaced exactly once; assignments name listed GPUs and
 * respect allowed models as given; requests are never placed on a GPU an exclusive workload uses;
 * the same input gives the same plan; no requests give no assignments; every node config is YAML
 * with {@code version: v1}, names a listed node and is selected by a label. Needs {@code
 * jackson-dataformat-yaml} on the test class path (core has it in test scope).
 */
public interface SharingPlannerContract {
  /** A planner, configured the same way on every call. */
  SharingPlanner planner();

  /** The GPUs of the seed's case; by default {@link MigGenerators#cluster}. */
  default List<SharedGpu> gpus(SplittableRandom random) {
    return MigGenerators.cluster(random, 1 + random.nextInt(8), random.nextBoolean());
  }

  /** The requests of the seed's case; by default {@link MigGenerators#requests}. */
  default List<SharingRequest> requests(SplittableRandom random) {
    return MigGenerators.requests(random, random.nextInt(60));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void plan_accountsForEveryRequestOnceOnListedGpus(long seed) throws Exception {
    var random = new SplittableRandom(seed);
    List<SharedGpu> gpus = gpus(random);
    List<SharingRequest> requests = requests(random);

    SharingPlan plan = planner().plan(gpus, requests);

    String context = "seed " + seed;
    assertThat(plan.mode()).as(context).isEqualTo(planner().mode());
    Set<String> ids = new HashSet<>();
    plan.assignments().forEach(a -> ids.add(a.requestId()));
    plan.unplaced().forEach(u -> ids.add(u.requestId()));
    assertThat(ids)
        .as(context + ": every request once")
        .hasSize(requests.size())
        .containsExactlyInAnyOrderElementsOf(requests.stream().map(SharingRequest::id).toList());
    Map<String, SharedGpu> byKey = new java.util.HashMap<>();
    gpus.forEach(g -> byKey.put(g.node() + "/" + g.index(), g));
    Map<String, SharingRequest> requestById = new java.util.HashMap<>();
    requests.forEach(r -> requestById.put(r.id(), r));
    for (Assignment a : plan.assignments()) {
      SharedGpu gpu = byKey.get(a.node() + "/" + a.gpuIndex());
      assertThat(gpu).as(context + ": %s on a listed GPU", a.requestId()).isNotNull();
      boolean exclusiveBusy =
          gpu.mode() == io.gpuautoscaler.api.sharing.SharingMode.EXCLUSIVE
              && !gpu.clients().isEmpty();
      assertThat(exclusiveBusy)
          .as(context + ": %s on a busy exclusive GPU", a.requestId())
          .isFalse();
    }
    Set<String> nodes = new HashSet<>();
    gpus.forEach(g -> nodes.add(g.node()));
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (NodeConfig config : plan.nodeConfigs()) {
      assertThat(nodes).as(context).contains(config.node());
      assertThat(config.labels()).as(context + ": a label selects the config").isNotEmpty();
      JsonNode document = yaml.readTree(config.document());
      assertThat(document.get("version").asText()).as(context).isEqualTo("v1");
    }
    for (Unplaced u : plan.unplaced()) {
      assertThat(u.message()).as(context).isNotBlank();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  default void plan_isDeterministic(long seed) {
    var random = new SplittableRandom(seed);
    List<SharedGpu> gpus = gpus(random);
    List<SharingRequest> requests = requests(random);

    assertThat(planner().plan(gpus, requests))
        .as("seed " + seed)
        .isEqualTo(planner().plan(new ArrayList<>(gpus), new ArrayList<>(requests)));
  }

  @Test
  default void plan_ofNoRequestsAssignsNothing() {
    var gpus = gpus(new SplittableRandom(1));

    SharingPlan plan = planner().plan(gpus, List.of());

    assertThat(plan.assignments()).isEmpty();
    assertThat(plan.unplaced()).isEmpty();
  }
}
