package io.gpuautoscaler.core.sharing.mig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpuautoscaler.api.sharing.Assignment;
import io.gpuautoscaler.api.sharing.MigInstance;
import io.gpuautoscaler.api.sharing.NodeConfig;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
import io.gpuautoscaler.testing.Generators;
import io.gpuautoscaler.testing.MigGenerators;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants of the MIG planner over seeded random clusters; a failure names its seed. */
class MigPlannerPropertyTest {
  private static final GpuCatalog CATALOG = GpuCatalog.builtin();

  static LongStream seeds() {
    return Generators.seeds().map(s -> s * 31 + 7);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void mixedPlan_keepsEveryInvariant(long seed) throws Exception {
    var random = new SplittableRandom(seed);
    boolean knownStarts = seed % 2 == 0;
    List<SharedGpu> gpus = MigGenerators.cluster(random, 1 + random.nextInt(8), knownStarts);
    List<SharingRequest> requests = MigGenerators.requests(random, random.nextInt(60));

    MigPlan result = new MigPlanner().planMig(gpus, requests);

    String context = "seed " + seed;
    checkInvariants(context, gpus, requests, result);
    assertThat(new MigPlanner().planMig(gpus, requests))
        .as(context + ": deterministic")
        .isEqualTo(result);
    if (knownStarts) {
      Baseline baseline = Baseline.firstFit(gpus, requests);
      int placed = result.plan().assignments().size();
      assertThat(placed)
          .as(context + ": placed vs first-fit")
          .isGreaterThanOrEqualTo(baseline.placed);
      if (placed == baseline.placed) {
        assertThat(gpusUsed(result))
            .as(context + ": GPUs vs first-fit")
            .isLessThanOrEqualTo(baseline.gpusUsed);
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void singlePlan_keepsEveryInvariantAndOneProfilePerNode(long seed) throws Exception {
    var random = new SplittableRandom(seed);
    List<SharedGpu> gpus = MigGenerators.cluster(random, 1 + random.nextInt(8), true);
    List<SharingRequest> requests = MigGenerators.requests(random, random.nextInt(60));

    MigPlan result = new MigPlanner(CATALOG, MigStrategy.SINGLE).planMig(gpus, requests);

    checkInvariants("seed " + seed, gpus, requests, result);
    Set<String> changedNodes = new HashSet<>();
    result.plan().nodeConfigs().forEach(c -> changedNodes.add(c.node()));
    Map<String, Set<String>> layoutsByNode = new HashMap<>();
    for (GpuLayout layout : result.layouts()) {
      if (changedNodes.contains(layout.node())) {
        layoutsByNode
            .computeIfAbsent(layout.node(), n -> new HashSet<>())
            .add(layout.profiles().stream().map(MigProfile::name).sorted().toList().toString());
      }
    }
    layoutsByNode.forEach(
        (node, layouts) -> assertThat(layouts).as("seed %d node %s", seed, node).hasSize(1));
    result
        .plan()
        .assignments()
        .forEach(a -> assertThat(a.resource().name()).isEqualTo("nvidia.com/gpu"));
  }

  static long gpusUsed(MigPlan result) {
    return result.layouts().stream()
        .filter(
            l ->
                l.instances().stream()
                    .anyMatch(
                        i -> i.origin() == GpuLayout.Origin.IN_USE || i.requestId().isPresent()))
        .count();
  }

  static void checkInvariants(
      String context, List<SharedGpu> gpus, List<SharingRequest> requests, MigPlan result)
      throws Exception {
    var plan = result.plan();
    assertThat(plan.mode()).isEqualTo(SharingMode.MIG);
    assertThat(plan.assignments().size() + plan.unplaced().size())
        .as(context + ": every request once")
        .isEqualTo(requests.size());
    Map<String, SharingRequest> requestById = new HashMap<>();
    requests.forEach(r -> requestById.put(r.id(), r));
    Map<String, SharedGpu> gpuByKey = new HashMap<>();
    gpus.forEach(g -> gpuByKey.put(g.node() + "/" + g.index(), g));
    Map<String, GpuLayout> layoutByKey = new HashMap<>();
    for (GpuLayout layout : result.layouts()) {
      layoutByKey.put(layout.node() + "/" + layout.index(), layout);
      MigGeometry geometry = CATALOG.requireMig(layout.model());
      List<PlacedInstance> placed =
          layout.instances().stream().map(GpuLayout.Instance::placement).toList();
      assertThat(MigLayouts.check(geometry, placed, List.of()).placeable())
          .as("%s: layout of %s/%d is valid: %s", context, layout.node(), layout.index(), placed)
          .isTrue();
    }
    // In-use instances stay where they were, unassigned.
    for (SharedGpu gpu : gpus) {
      GpuLayout layout = layoutByKey.get(gpu.node() + "/" + gpu.index());
      Map<String, Integer> inUseByProfile = new HashMap<>();
      for (MigInstance instance : gpu.migInstances()) {
        if (!instance.inUse()) {
          continue;
        }
        inUseByProfile.merge(instance.profile(), 1, Integer::sum);
        instance
            .start()
            .ifPresent(
                start ->
                    assertThat(layout.instances())
                        .as(
                            "%s: in-use %s@%d on %s/%d",
                            context, instance.profile(), start, gpu.node(), gpu.index())
                        .anyMatch(
                            i ->
                                i.origin() == GpuLayout.Origin.IN_USE
                                    && i.placement().start() == start
                                    && i.placement().profile().name().equals(instance.profile())
                                    && i.requestId().isEmpty()));
      }
      if (!inUseByProfile.isEmpty()) {
        Map<String, Integer> kept = new HashMap<>();
        layout.instances().stream()
            .filter(i -> i.origin() == GpuLayout.Origin.IN_USE)
            .forEach(i -> kept.merge(i.placement().profile().name(), 1, Integer::sum));
        assertThat(kept).as(context).isEqualTo(inUseByProfile);
      }
    }
    Set<String> instancesTaken = new HashSet<>();
    for (Assignment a : plan.assignments()) {
      SharingRequest request = requestById.get(a.requestId());
      SharedGpu gpu = gpuByKey.get(a.node() + "/" + a.gpuIndex());
      assertThat(gpu).as(context + ": assigned to a listed GPU").isNotNull();
      assertThat(gpu.mode() == SharingMode.MIG || gpu.clients().isEmpty())
          .as(context + ": never on a busy exclusive GPU")
          .isTrue();
      GpuModel model = CATALOG.require(gpu.model());
      if (!request.allowedModels().isEmpty()) {
        assertThat(request.allowedModels()).as(context).contains(model.name());
      }
      MigInstance instance = a.migInstance().orElseThrow();
      MigGeometry geometry = model.mig().orElseThrow();
      MigProfile profile = geometry.requireProfile(instance.profile());
      if (request.profile().isPresent()) {
        assertThat(profile.name()).as(context).isEqualTo(request.profile().get());
      } else {
        assertThat(profile.memoryMiB())
            .as(context + ": memory fits")
            .isGreaterThanOrEqualTo(request.memoryMiB());
        assertThat(profile.computeSlices() * 1000L)
            .as(context + ": compute fits")
            .isGreaterThanOrEqualTo((long) request.computeMilli() * geometry.computeSlices());
      }
      GpuLayout layout = layoutByKey.get(a.node() + "/" + a.gpuIndex());
      assertThat(layout.instances())
          .as(context + ": the assigned instance exists")
          .anyMatch(
              i ->
                  i.placement().start() == instance.start().getAsInt()
                      && i.placement().profile() == profile
                      && i.requestId().equals(java.util.Optional.of(a.requestId())));
      assertThat(
              instancesTaken.add(a.node() + "/" + a.gpuIndex() + "@" + instance.start().getAsInt()))
          .as(context + ": one request per instance")
          .isTrue();
    }
    for (NodeConfig config : plan.nodeConfigs()) {
      MigPlannerTest.assertMigPartedSchema(config.document());
      JsonNode entries =
          MigPlannerTest.YAML
              .readTree(config.document())
              .get("mig-configs")
              .get(config.configName());
      for (JsonNode entry : entries) {
        for (JsonNode device : entry.get("devices")) {
          GpuLayout layout = layoutByKey.get(config.node() + "/" + device.asInt());
          Map<String, Integer> expected = new java.util.TreeMap<>();
          if (layout != null) {
            layout.profiles().forEach(p -> expected.merge(p.name(), 1, Integer::sum));
          }
          Map<String, Integer> written = new java.util.TreeMap<>();
          if (entry.has("mig-devices")) {
            entry
                .get("mig-devices")
                .fields()
                .forEachRemaining(f -> written.put(f.getKey(), f.getValue().asInt()));
          }
          assertThat(written)
              .as("%s: config of %s GPU %s", context, config.node(), device)
              .isEqualTo(expected);
        }
      }
    }
  }

  /**
   * Plain first-fit, written independently of the planner: input order, first GPU that takes it.
   */
  static final class Baseline {
    int placed;
    int gpusUsed;

    static Baseline firstFit(List<SharedGpu> gpus, List<SharingRequest> requests) {
      Baseline out = new Baseline();
      List<List<PlacedInstance>> fixed = new ArrayList<>();
      List<List<Boolean>> taken = new ArrayList<>();
      List<List<MigProfile>> added = new ArrayList<>();
      boolean[] used = new boolean[gpus.size()];
      for (int g = 0; g < gpus.size(); g++) {
        SharedGpu gpu = gpus.get(g);
        List<PlacedInstance> placed = new ArrayList<>();
        List<Boolean> busy = new ArrayList<>();
        GpuModel model = CATALOG.require(gpu.model());
        for (MigInstance i : gpu.migInstances()) {
          placed.add(
              new PlacedInstance(
                  model.mig().orElseThrow().requireProfile(i.profile()), i.start().getAsInt()));
          busy.add(i.inUse());
          used[g] |= i.inUse();
        }
        fixed.add(placed);
        taken.add(busy);
        added.add(new ArrayList<>());
      }
      for (SharingRequest request : requests) {
        for (int g = 0; g < gpus.size(); g++) {
          SharedGpu gpu = gpus.get(g);
          GpuModel model = CATALOG.require(gpu.model());
          boolean usable =
              model.migCapable()
                  && (gpu.mode() == SharingMode.MIG || gpu.clients().isEmpty())
                  && (request.allowedModels().isEmpty()
                      || request.allowedModels().contains(model.name()));
          MigProfile p = usable ? resolve(request, model.mig().orElseThrow()) : null;
          if (p == null) {
            continue;
          }
          int free = -1;
          for (int i = 0; i < fixed.get(g).size(); i++) {
            MigProfile candidate = fixed.get(g).get(i).profile();
            boolean fits =
                request.profile().isPresent()
                    ? candidate == p
                    : fitsNeed(request, candidate, model.mig().orElseThrow());
            if (!taken.get(g).get(i)
                && fits
                && (free < 0
                    || SMALLEST.compare(candidate, fixed.get(g).get(free).profile()) < 0)) {
              free = i;
            }
          }
          if (free >= 0) {
            taken.get(g).set(free, true);
          } else {
            List<MigProfile> more = new ArrayList<>(added.get(g));
            more.add(p);
            if (!MigLayouts.check(model.mig().orElseThrow(), fixed.get(g), more).placeable()) {
              continue;
            }
            added.get(g).add(p);
          }
          used[g] = true;
          out.placed++;
          break;
        }
      }
      for (boolean u : used) {
        out.gpusUsed += u ? 1 : 0;
      }
      return out;
    }

    static final Comparator<MigProfile> SMALLEST =
        Comparator.comparingInt(MigProfile::memorySlices)
            .thenComparingInt(MigProfile::computeSlices)
            .thenComparingLong(MigProfile::memoryMiB)
            .thenComparingInt(MigProfile::id);

    static MigProfile resolve(SharingRequest request, MigGeometry g) {
      if (request.profile().isPresent()) {
        return g.profile(request.profile().get()).orElse(null);
      }
      return g.profiles().stream()
          .filter(p -> !p.mediaExtensions() && fitsNeed(request, p, g))
          .min(SMALLEST)
          .orElse(null);
    }

    static boolean fitsNeed(SharingRequest request, MigProfile p, MigGeometry g) {
      return request.memoryMiB() <= p.memoryMiB()
          && (long) request.computeMilli() * g.computeSlices() <= p.computeSlices() * 1000L;
    }
  }
}
