package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.sharing.MigInstance;
import io.gpuautoscaler.api.sharing.SharedGpu;
import io.gpuautoscaler.api.sharing.SharingPlan;
import io.gpuautoscaler.api.sharing.SharingPlanner;
import io.gpuautoscaler.api.sharing.SharingRequest;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.catalog.GpuCatalog;
import io.gpuautoscaler.core.catalog.GpuModel;
import io.gpuautoscaler.core.catalog.MigGeometry;
import io.gpuautoscaler.core.catalog.MigProfile;
import io.gpuautoscaler.core.sharing.mig.MigLayoutCheck;
import io.gpuautoscaler.core.sharing.mig.MigLayouts;
import io.gpuautoscaler.core.sharing.mig.PlacedInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One MIG layout plan ({@code SharingPlanner.plan}, provider {@code mig}) for a batch of requests
 * on a cluster of 8-GPU nodes of mixed MIG models, a third of whose GPUs are already partitioned
 * with instances partly in use. The target: 5,000 requests on 1,000 GPUs in under a second.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar MigPlanningBenchmark
 * java -jar benchmarks/target/benchmarks.jar MigPlanningBenchmark -p gpus=1000 -p requests=5000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MigPlanningBenchmark {
  /** Models of the generated nodes, one model per node. */
  static final List<String> MODELS = List.of("A100-40GB", "A100-80GB", "H100-80GB", "H200", "A30");

  @Param({"1000"})
  int gpus;

  @Param({"5000"})
  int requests;

  @Param({"mixed"})
  String strategy;

  SharingPlanner planner;
  List<SharedGpu> cluster;
  List<SharingRequest> batch;

  @Setup
  public void setUp() {
    var random = new SplittableRandom(42); // fixed seed: runs stay comparable
    planner =
        ProviderRegistry.load(SharingPlanner.Provider.class)
            .require("mig")
            .create(Settings.empty().with("strategy", strategy));
    cluster = cluster(random, gpus);
    batch = requests(random, requests);
  }

  @Benchmark // returning the plan stops the JIT from discarding the work
  public SharingPlan plan() {
    return planner.plan(cluster, batch);
  }

  @TearDown(Level.Trial)
  public void report() {
    SharingPlan plan = planner.plan(cluster, batch);
    System.out.printf(
        Locale.ROOT,
        "%n[mig] %d requests on %d GPUs (%s): %d placed on %d GPUs, %d unplaced, %d node configs%n",
        requests,
        gpus,
        strategy,
        plan.assignments().size(),
        plan.gpusUsed(),
        plan.unplaced().size(),
        plan.nodeConfigs().size());
  }

  /**
   * 8-GPU nodes; each GPU idle (2/3) or partitioned with a random layout, instances half in use.
   */
  static List<SharedGpu> cluster(SplittableRandom random, int count) {
    GpuCatalog catalog = GpuCatalog.builtin();
    List<SharedGpu> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String node = String.format(Locale.ROOT, "node-%04d", i / 8);
      GpuModel model = catalog.require(MODELS.get((i / 8) % MODELS.size()));
      if (random.nextInt(3) > 0) {
        out.add(SharedGpu.idle(node, i % 8, model.name()));
        continue;
      }
      MigGeometry g = model.mig().orElseThrow();
      List<MigProfile> chosen = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        MigProfile p = g.profiles().get(random.nextInt(g.profiles().size()));
        List<MigProfile> more = new ArrayList<>(chosen);
        more.add(p);
        if (MigLayouts.check(g, more).placeable()) {
          chosen = more;
        }
      }
      List<MigInstance> instances = new ArrayList<>();
      for (PlacedInstance p :
          ((MigLayoutCheck.Placeable) MigLayouts.check(g, chosen)).creationOrder()) {
        instances.add(MigInstance.at(p.profile().name(), p.start(), random.nextBoolean()));
      }
      out.add(SharedGpu.mig(node, i % 8, model.name(), instances));
    }
    return out;
  }

  /**
   * Half name a profile of one of the models (small ones more often), half give 1 to 9 GB and 2 to
   * 15 % of a GPU; a tenth pin a model.
   */
  static List<SharingRequest> requests(SplittableRandom random, int count) {
    GpuCatalog catalog = GpuCatalog.builtin();
    List<SharingRequest> out = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      GpuModel model = catalog.require(MODELS.get(random.nextInt(MODELS.size())));
      Set<String> allowed = random.nextInt(10) == 0 ? Set.of(model.name()) : Set.of();
      if (random.nextBoolean()) {
        List<MigProfile> profiles =
            model.mig().orElseThrow().profiles().stream()
                .filter(p -> !p.mediaExtensions())
                .toList();
        // Small profiles are the common case: weight towards the front of the list.
        int index =
            Math.min(
                random.nextInt(profiles.size()),
                Math.min(random.nextInt(profiles.size()), random.nextInt(profiles.size())));
        out.add(
            new SharingRequest("req-" + r, Optional.of(profiles.get(index).name()), 0, 0, allowed));
      } else {
        long memory = 1_000 + random.nextInt(8_000);
        int compute = 20 + random.nextInt(130);
        out.add(new SharingRequest("req-" + r, Optional.empty(), memory, compute, allowed));
      }
    }
    return out;
  }
}
