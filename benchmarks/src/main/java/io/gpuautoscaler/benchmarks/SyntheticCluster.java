package io.gpuautoscaler.benchmarks;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded generators of a synthetic GPU cluster and its workloads, for the benchmarks.
 *
 * <p>Nodes all have {@link #GPUS_PER_NODE} GPUs, in four shapes (GPU model, CPU, memory) drawn with
 * fixed weights. Workloads are a mix of the three GPU request shapes plus CPU-only ones:
 *
 * <ul>
 *   <li>12 % CPU-only (2 to 16 cores);
 *   <li>33 % a share of one GPU (100 to 810 milli);
 *   <li>43 % one whole GPU;
 *   <li>12 % several whole GPUs (2: 6 %, 4: 4 %, 8: 2 %).
 * </ul>
 *
 * GPU workloads ask 2 to 12 cores per GPU, and 4 MiB of memory per CPU milli; one in ten is pinned
 * to one GPU model. Requests come from a small set of values, as pods come from a few templates, so
 * there are about two hundred distinct shapes. The mix averages about one GPU per workload.
 *
 * <p>Every draw comes from the caller's {@link SplittableRandom}: the same seed gives the same
 * cluster and workloads. Stateless and thread-safe.
 */
public final class SyntheticCluster {
  /** GPUs on every synthetic node. */
  public static final int GPUS_PER_NODE = 8;

  /** How many failed placements in a row {@link #fill} accepts before it gives up. */
  private static final int MAX_FAILURES_IN_A_ROW = 10_000;

  private record NodeShape(String model, long cpuMilli, long memoryMib, int weight) {}

  private static final NodeShape[] NODE_SHAPES = {
    new NodeShape("A100-80GB", 128_000, 1_048_576, 3),
    new NodeShape("A100-40GB", 96_000, 786_432, 3),
    new NodeShape("V100-32GB", 96_000, 393_216, 2),
    new NodeShape("T4", 64_000, 262_144, 2),
  };

  private static final int NODE_WEIGHT_TOTAL = 10;
  private static final long[] CPU_ONLY_CPU = {2_000, 4_000, 8_000, 16_000};
  private static final int[] SHARE_MILLI = {100, 160, 250, 300, 470, 500, 650, 810};
  private static final long[] SHARE_CPU = {2_000, 4_000, 6_000};
  private static final long[] CPU_PER_GPU = {4_000, 8_000, 12_000};
  private static final long[] MULTI_CPU_PER_GPU = {2_000, 4_000, 8_000};

  private SyntheticCluster() {}

  /** The GPU models of the synthetic nodes. */
  public static List<String> models() {
    List<String> models = new ArrayList<>();
    for (NodeShape shape : NODE_SHAPES) {
      models.add(shape.model());
    }
    return models;
  }

  /** {@code count} nodes named {@code node-00000} on, shapes drawn from {@code random}. */
  public static List<GpuNode> nodes(SplittableRandom random, int count) {
    List<GpuNode> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int draw = random.nextInt(NODE_WEIGHT_TOTAL);
      NodeShape shape = NODE_SHAPES[0];
      for (NodeShape s : NODE_SHAPES) {
        if (draw < s.weight()) {
          shape = s;
          break;
        }
        draw -= s.weight();
      }
      nodes.add(
          GpuNode.of(
              String.format(Locale.ROOT, "node-%05d", i),
              shape.cpuMilli(),
              shape.memoryMib(),
              GPUS_PER_NODE,
              shape.model()));
    }
    return nodes;
  }

  /** One workload called {@code name}, drawn from the mix. */
  public static Workload workload(SplittableRandom random, String name) {
    int kind = random.nextInt(100);
    Workload.Builder b = Workload.builder(name);
    long cpu;
    if (kind < 12) {
      cpu = pick(random, CPU_ONLY_CPU);
    } else if (kind < 45) {
      cpu = pick(random, SHARE_CPU);
      b.gpuShare(SHARE_MILLI[random.nextInt(SHARE_MILLI.length)]);
    } else if (kind < 88) {
      cpu = pick(random, CPU_PER_GPU);
      b.wholeGpus(1);
    } else {
      int gpus = kind < 94 ? 2 : kind < 98 ? 4 : 8;
      cpu = gpus * pick(random, MULTI_CPU_PER_GPU);
      b.wholeGpus(gpus);
    }
    if (kind >= 12 && random.nextInt(10) == 0) {
      b.allowedGpuModels(Set.of(NODE_SHAPES[random.nextInt(NODE_SHAPES.length)].model()));
    }
    return b.cpuMilli(cpu).memoryMib(cpu * 4).build();
  }

  /** {@code count} workloads named {@code prefix-0} on. */
  public static List<Workload> workloads(SplittableRandom random, String prefix, int count) {
    List<Workload> workloads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      workloads.add(workload(random, prefix + "-" + i));
    }
    return workloads;
  }

  /**
   * Places workloads drawn from the mix with {@code strategy} and applies each placement, until at
   * least {@code gpuFraction} of the cluster's GPU milli is allocated. Workloads that fit nowhere
   * are dropped, as a scheduler without a queue would.
   *
   * @return the names of the placed workloads, oldest first
   * @throws IllegalStateException if the level cannot be reached (too many failures in a row)
   */
  public static ArrayDeque<String> fill(
      ClusterState state, PackingStrategy strategy, SplittableRandom random, double gpuFraction) {
    long target = (long) Math.ceil(gpuFraction * state.totalGpuMilli());
    ArrayDeque<String> placed = new ArrayDeque<>();
    int failures = 0;
    for (int i = 0; state.allocatedGpuMilli() < target; i++) {
      Workload w = workload(random, "fill-" + i);
      if (strategy.place(state, w) instanceof PlacementResult.Placed p) {
        state.apply(w, p.value());
        placed.addLast(w.name());
        failures = 0;
      } else if (++failures == MAX_FAILURES_IN_A_ROW) {
        throw new IllegalStateException(
            "cannot fill " + state + " to " + gpuFraction + ": " + failures + " failures in a row");
      }
    }
    return placed;
  }

  private static long pick(SplittableRandom random, long[] values) {
    return values[random.nextInt(values.length)];
  }
}
