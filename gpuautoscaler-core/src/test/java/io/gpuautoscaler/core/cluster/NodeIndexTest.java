package io.gpuautoscaler.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.testing.Generators;
import io.gpuautoscaler.testing.Invariants;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The segment tree's searches equal a brute-force scan over the nodes, on random clusters (up to a
 * few hundred nodes, so that the tree is deep) after random placements and releases.
 */
class NodeIndexTest {
  private static final int STEPS = 100;
  private static final int PROBES = 4;

  /** A scan: the first node at or after {@code from} that fits by the definition. */
  private static int firstFitByScan(ClusterState state, Workload w, int from) {
    for (int n = Math.max(0, from); n < state.nodeCount(); n++) {
      if (Invariants.fits(state, n, w)) {
        return n;
      }
    }
    return -1;
  }

  /** A scan: the fitting node with the highest score of its leftover key, the lowest on ties. */
  private static int bestByScan(ClusterState state, Workload w, LongUnaryOperator score) {
    int best = -1;
    long bestScore = 0;
    for (int n = 0; n < state.nodeCount(); n++) {
      if (Invariants.fits(state, n, w)) {
        long s = score.applyAsLong(state.leftoverKey(n));
        if (best < 0 || s > bestScore) {
          best = n;
          bestScore = s;
        }
      }
    }
    return best;
  }

  /** The same weighted leftover, recomputed from the view: freeCpu maxGpu + freeGpu maxCpu. */
  private static long leftoverByDefinition(ClusterState state, int n) {
    long maxCpu = 1;
    long maxGpu = 1;
    for (int i = 0; i < state.nodeCount(); i++) {
      maxCpu = Math.max(maxCpu, state.node(i).cpuMilli());
      maxGpu = Math.max(maxGpu, state.node(i).gpuMilliCapacity());
    }
    long freeGpu = 0;
    for (int g = 0; g < state.node(n).gpuCount(); g++) {
      freeGpu += state.freeGpuMilli(n, g);
    }
    return state.freeCpuMilli(n) * maxGpu + freeGpu * maxCpu;
  }

  private static List<GpuNode> bigCluster(SplittableRandom random) {
    int count = 1 + random.nextInt(random.nextBoolean() ? 12 : 300);
    List<GpuNode> generated = Generators.cluster(random, count);
    // Repeat a few shapes exactly so that equal keys (ties) are common.
    List<GpuNode> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      GpuNode shape = generated.get(random.nextInt(Math.min(count, 6)));
      nodes.add(
          new GpuNode(
              String.format(Locale.ROOT, "n%04d", i),
              shape.cpuMilli(),
              shape.memoryMib(),
              shape.gpuCount(),
              shape.gpuModel(),
              shape.labels()));
    }
    return nodes;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void searches_equalABruteForceScanAfterRandomChanges(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GpuNode> nodes = bigCluster(random);
    List<String> models = Generators.modelsOf(nodes);
    ClusterState state = ClusterState.of(nodes);
    List<String> placed = new ArrayList<>();
    long denominator = 2 * state.maxNodeCpuMilli() * state.maxNodeGpuMilli();
    List<LongUnaryOperator> decreasing =
        List.of(
            key -> -key,
            key -> Math.floorDiv(100 * (denominator - key), denominator),
            key -> -(key / Math.max(1, denominator / 7)));
    List<LongUnaryOperator> increasing =
        List.of(key -> key, key -> key / Math.max(1, denominator / 5));

    for (int step = 0; step < STEPS; step++) {
      for (int probe = 0; probe < PROBES; probe++) {
        Workload w = Generators.workload(random, "probe", models, 0.3);
        Demand d = state.demand(w);
        int from = random.nextInt(state.nodeCount() + 2) - 1;
        String context = String.format(Locale.ROOT, "seed %d step %d: %s", seed, step, w);

        assertThat(state.index().firstFit(d, 0))
            .as("%s first fit", context)
            .isEqualTo(firstFitByScan(state, w, 0));
        assertThat(state.index().firstFit(d, from))
            .as("%s first fit from %d", context, from)
            .isEqualTo(firstFitByScan(state, w, from));
        for (int i = 0; i < decreasing.size(); i++) {
          assertThat(state.index().best(d, decreasing.get(i), true))
              .as("%s best by decreasing score %d", context, i)
              .isEqualTo(bestByScan(state, w, decreasing.get(i)));
        }
        for (int i = 0; i < increasing.size(); i++) {
          assertThat(state.index().best(d, increasing.get(i), false))
              .as("%s best by increasing score %d", context, i)
              .isEqualTo(bestByScan(state, w, increasing.get(i)));
        }
      }
      int n = random.nextInt(state.nodeCount());
      assertThat(state.leftoverKey(n))
          .as("seed %d: leftover of node %d", seed, n)
          .isEqualTo(leftoverByDefinition(state, n));

      Workload w = Generators.workload(random, "w" + step, models, 0.2);
      int node = firstFitByScan(state, w, random.nextInt(state.nodeCount()));
      if (node >= 0) {
        state.apply(
            w,
            new Placement(
                w.name(),
                state.node(node).name(),
                ClusterStateTest.randomGpus(state, node, w, random),
                w.gpuMilli()));
        placed.add(w.name());
      }
      if (!placed.isEmpty() && random.nextInt(3) == 0) {
        state.release(placed.remove(random.nextInt(placed.size())));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void searches_withMoreModelsThanMaskBits_equalABruteForceScan(long seed) {
    // 90 models: ids 63 and above share one bit of the tree's model masks.
    SplittableRandom random = new SplittableRandom(seed);
    List<String> models = IntStream.range(0, 90).mapToObj(i -> "M" + i).toList();
    List<GpuNode> nodes = new ArrayList<>();
    for (int i = 0; i < 180; i++) {
      nodes.add(
          GpuNode.of(
              String.format(Locale.ROOT, "n%03d", i),
              64000,
              65536,
              1 + random.nextInt(8),
              models.get(i % models.size())));
    }
    ClusterState state = ClusterState.of(nodes);

    for (int probe = 0; probe < 200; probe++) {
      Set<String> allowed = new TreeSet<>();
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        allowed.add(models.get(60 + random.nextInt(30)));
      }
      Workload w =
          Workload.builder("p" + probe)
              .gpus(1 + random.nextInt(8), 1000)
              .allowedGpuModels(allowed)
              .build();
      Demand d = state.demand(w);

      assertThat(state.index().firstFit(d, 0))
          .as("seed %d: %s", seed, w)
          .isEqualTo(firstFitByScan(state, w, 0));
      assertThat(state.index().best(d, key -> -key, true))
          .as("seed %d: %s", seed, w)
          .isEqualTo(bestByScan(state, w, key -> -key));
      int node = firstFitByScan(state, w, random.nextInt(state.nodeCount()));
      if (node >= 0 && random.nextBoolean()) {
        state.apply(
            w,
            new Placement(
                w.name(),
                state.node(node).name(),
                ClusterStateTest.randomGpus(state, node, w, random),
                1000));
      }
    }
  }

  /**
   * The cached searches (answers remembered per shape and revised from the change log) equal a
   * brute-force scan, on the same churn with probes drawn from a few repeated shapes, so that most
   * probes hit a remembered answer after a few changes; now and then a burst of changes longer than
   * the change log.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void cachedSearches_equalABruteForceScanAfterRandomChanges(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GpuNode> nodes = bigCluster(random);
    List<String> models = Generators.modelsOf(nodes);
    ClusterState state = ClusterState.of(nodes);
    long cpuNorm = state.maxNodeCpuMilli();
    long gpuNorm = state.maxNodeGpuMilli();
    long denominator = 2 * cpuNorm * gpuNorm;
    List<Workload> shapes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      shapes.add(Generators.workload(random, "shape" + i, models, 0.3));
    }
    List<Workload> placed = new ArrayList<>();

    for (int step = 0; step < 4 * STEPS; step++) {
      for (int probe = 0; probe < PROBES; probe++) {
        Workload w = shapes.get(random.nextInt(shapes.size()));
        Demand d = state.demand(w);
        String context = String.format(Locale.ROOT, "seed %d step %d: %s", seed, step, w);
        // best-fit's own score, as BestFitStrategy passes it
        long request = d.cpuMilli() * gpuNorm + d.totalGpuMilli() * cpuNorm;
        LongUnaryOperator bestFit =
            key -> Math.floorDiv(100 * (denominator - (key - request)), denominator);
        assertThat(state.index().best(d, bestFit, true, "best-fit"))
            .as("%s cached best-fit", context)
            .isEqualTo(bestByScan(state, w, bestFit));
        assertThat(state.index().best(d, key -> key, false, "worst-fit"))
            .as("%s cached worst-fit", context)
            .isEqualTo(bestByScan(state, w, key -> key));
        assertThat(state.index().best(d, key -> -key, true, "exact-best"))
            .as("%s cached exact best", context)
            .isEqualTo(bestByScan(state, w, key -> -key));
      }
      int changes = random.nextInt(40) == 0 ? 4200 + random.nextInt(200) : random.nextInt(4);
      for (int c = 0; c < changes; c++) {
        Workload w;
        int node;
        if (random.nextBoolean()) {
          // As in churn: a probed shape placed on its best-fit node, which the cache remembers.
          w = shapes.get(random.nextInt(shapes.size())).withName("w" + step + "." + c);
          long request = w.cpuMilli() * gpuNorm + w.totalGpuMilli() * cpuNorm;
          node =
              bestByScan(
                  state,
                  w,
                  key -> Math.floorDiv(100 * (denominator - (key - request)), denominator));
        } else {
          w = Generators.workload(random, "w" + step + "." + c, models, 0.2);
          node = firstFitByScan(state, w, random.nextInt(state.nodeCount()));
        }
        if (node >= 0 && (placed.isEmpty() || random.nextInt(3) != 0)) {
          state.apply(
              w,
              new Placement(
                  w.name(),
                  state.node(node).name(),
                  ClusterStateTest.randomGpus(state, node, w, random),
                  w.gpuMilli()));
          placed.add(w);
        } else if (!placed.isEmpty()) {
          state.release(placed.remove(random.nextInt(placed.size())).name());
        }
      }
    }
  }
}
