package io.gpuautoscaler.testing;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * Seeded generators of clusters and workloads for property tests. Everything is drawn from the
 * {@link SplittableRandom} passed in, so a seed replays a case exactly.
 *
 * <p>Seeds: {@link #seeds()} gives {@value #DEFAULT_SEED_COUNT} fixed seeds; {@code
 * -Dgpuautoscaler.seeds=N} runs N instead, and {@code -Dgpuautoscaler.seed=S} replays the one seed
 * a failure printed.
 */
public final class Generators {
  /** A GPU model that no generated node has; some constrained workloads allow only it. */
  public static final String MISSING_MODEL = "NO-SUCH-GPU";

  /** The models generated nodes draw from. */
  public static final List<String> MODELS = List.of("A100", "H100", "L4", "T4", "V100");

  /** How many seeds a property test runs by default. */
  public static final int DEFAULT_SEED_COUNT = 20;

  private static final int[] GPU_COUNTS = {1, 1, 2, 2, 3, 4, 4, 6, 8, 8};
  private static final int[] MULTI_GPU_COUNTS = {2, 4, 8};

  private Generators() {}

  /** The seeds property tests run over; see the class comment for the system properties. */
  public static LongStream seeds() {
    Long one = Long.getLong("gpuautoscaler.seed");
    if (one != null) {
      return LongStream.of(one);
    }
    int count = Integer.getInteger("gpuautoscaler.seeds", DEFAULT_SEED_COUNT);
    return LongStream.range(0, count).map(i -> 0x5EED_0000L + i);
  }

  /**
   * A generated cluster and a workload sequence for it.
   *
   * @param seed the seed it was generated from, for messages
   * @param nodes the cluster's nodes, in index order
   * @param workloads the workloads, in arrival order, with unique names
   */
  public record Scenario(long seed, List<GpuNode> nodes, List<Workload> workloads) {
    public Scenario {
      nodes = List.copyOf(nodes);
      workloads = List.copyOf(workloads);
    }
  }

  /**
   * A scenario of 2 to 20 nodes and about 1.5 times as much GPU demand as the cluster holds, so
   * that the cluster fills and later workloads are rejected.
   */
  public static Scenario scenario(long seed) {
    return scenario(seed, 0.15);
  }

  /**
   * Like {@link #scenario(long)}, with {@code constrainedShare} of the GPU workloads limited to
   * some GPU models.
   */
  public static Scenario scenario(long seed, double constrainedShare) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GpuNode> nodes = cluster(random, 2 + random.nextInt(19));
    long capacity = nodes.stream().mapToLong(GpuNode::gpuMilliCapacity).sum();
    List<String> models = modelsOf(nodes);
    List<Workload> workloads = new ArrayList<>();
    long demand = 0;
    while (demand < capacity * 3 / 2 || workloads.size() < 20) {
      Workload w =
          workload(
              random,
              String.format(Locale.ROOT, "w%03d", workloads.size()),
              models,
              constrainedShare);
      workloads.add(w);
      demand += w.totalGpuMilli();
    }
    return new Scenario(seed, nodes, workloads);
  }

  /**
   * {@code count} nodes named {@code node-000} on: 2 to 4 GPU models, 0 to 8 GPUs of one model per
   * node (about one node in six without GPUs), CPU 2..128 cores and memory 8..1024 GiB.
   */
  public static List<GpuNode> cluster(SplittableRandom random, int count) {
    List<String> pool = new ArrayList<>(MODELS);
    shuffle(pool, random);
    List<String> models = pool.subList(0, 2 + random.nextInt(3));
    List<GpuNode> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = String.format(Locale.ROOT, "node-%03d", i);
      long cpu = 1000L * (2 + random.nextInt(127));
      long memory = 1024L * (8 + random.nextInt(1017));
      if (random.nextInt(6) == 0) {
        nodes.add(GpuNode.cpuOnly(name, cpu, memory));
      } else {
        int gpus = GPU_COUNTS[random.nextInt(GPU_COUNTS.length)];
        nodes.add(GpuNode.of(name, cpu, memory, gpus, models.get(random.nextInt(models.size()))));
      }
    }
    return nodes;
  }

  /**
   * One workload: CPU-only (15 %), one whole GPU (30 %), 2, 4 or 8 whole GPUs (10 %) or a share of
   * one GPU, 1..999 milli (45 %); {@code constrainedShare} of the GPU workloads allow only some of
   * {@code models}, or only {@link #MISSING_MODEL}.
   */
  public static Workload workload(
      SplittableRandom random, String name, List<String> models, double constrainedShare) {
    Workload.Builder b =
        Workload.builder(name)
            .cpuMilli(100L * random.nextInt(161))
            .memoryMib(256L * random.nextInt(257));
    int kind = random.nextInt(100);
    if (kind < 15) {
      return b.build();
    }
    if (kind < 45) {
      b.wholeGpus(1);
    } else if (kind < 55) {
      b.wholeGpus(MULTI_GPU_COUNTS[random.nextInt(MULTI_GPU_COUNTS.length)]);
    } else {
      b.gpuShare(1 + random.nextInt(999));
    }
    if (random.nextDouble() < constrainedShare) {
      b.allowedGpuModels(allowedModels(random, models));
    }
    return b.build();
  }

  private static Set<String> allowedModels(SplittableRandom random, List<String> models) {
    if (models.isEmpty() || random.nextInt(5) == 0) {
      return Set.of(MISSING_MODEL);
    }
    Set<String> allowed = new TreeSet<>();
    int n = 1 + random.nextInt(models.size());
    for (int i = 0; i < n; i++) {
      allowed.add(models.get(random.nextInt(models.size())));
    }
    if (random.nextInt(4) == 0) {
      allowed.add(MISSING_MODEL);
    }
    return allowed;
  }

  /** The distinct GPU models of {@code nodes}, sorted. */
  public static List<String> modelsOf(List<GpuNode> nodes) {
    Set<String> models = new TreeSet<>();
    for (GpuNode n : nodes) {
      if (n.gpuCount() > 0) {
        models.add(n.gpuModel());
      }
    }
    return List.copyOf(models);
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }
}
