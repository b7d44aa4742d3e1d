package io.gpuautoscaler.core.trace;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.core.fragmentation.TargetWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A built-in workload shaped like the Alibaba GPU trace v2023 default lists, for when the trace
 * itself is not at hand: the same 1,213 nodes (15 node shapes with their counts) and pods drawn
 * from the trace's mix of pod shapes.
 *
 * <p>The pod mix is aggregate statistics, not trace rows: the 64 most frequent (CPU, GPU count, GPU
 * share) shapes of the default pod list (99.1% of its pods, every multi-GPU shape included) with
 * their counts and the median memory request of each shape. Draws come from a caller-seeded {@link
 * SplittableRandom}, so the same seed gives the same pods. Stateless and thread-safe.
 */
@Beta
public final class SyntheticOpenb {
  /** Pods in the default synthetic list, as many as the trace's default pod list. */
  public static final int DEFAULT_POD_COUNT = 8152;

  // count, cpu_milli, memory_mib, gpus, model
  private static final Object[][] NODE_SHAPES = {
    {549, 96000L, 393216L, 8, "G2"},
    {387, 104000L, 524288L, 2, "T4"},
    {107, 16000L, 122880L, 2, "P100"},
    {22, 64000L, 262144L, 2, "P100"},
    {2, 8000L, 61440L, 2, "P100"},
    {39, 128000L, 786432L, 8, "G3"},
    {28, 32000L, 131072L, 4, "V100M16"},
    {21, 96000L, 786432L, 8, "V100M32"},
    {19, 8000L, 32768L, 1, "V100M16"},
    {17, 96000L, 393216L, 4, "T4"},
    {9, 48000L, 376832L, 4, "V100M32"},
    {7, 64000L, 262144L, 8, "V100M16"},
    {1, 82000L, 344064L, 8, "V100M16"},
    {3, 8000L, 61440L, 1, "P100"},
    {2, 128000L, 1048576L, 1, "A10"},
  };

  // cpu_milli, memory_mib (median of the shape), num_gpu, gpu_milli, pods in the default list
  private static final long[][] POD_MIX = {
    {3152, 5600, 1, 810, 1047}, {11300, 49152, 1, 1000, 874}, {11400, 48128, 1, 1000, 599},
    {3152, 5600, 1, 1000, 470}, {11908, 47104, 1, 470, 388}, {12500, 57344, 0, 0, 366},
    {8000, 30517, 1, 470, 360}, {12000, 24576, 1, 1000, 326}, {32000, 49152, 0, 0, 290},
    {18708, 64512, 1, 1000, 255}, {11908, 47104, 1, 650, 237}, {4000, 22888, 1, 320, 232},
    {9810, 41560, 1, 1000, 195}, {8000, 30517, 0, 0, 185}, {8000, 16384, 1, 1000, 164},
    {4000, 24576, 1, 1000, 159}, {15700, 58368, 1, 1000, 158}, {11908, 47104, 1, 1000, 153},
    {16000, 32768, 1, 1000, 150}, {4000, 30517, 1, 230, 122}, {6000, 10240, 1, 460, 120},
    {15400, 51200, 0, 0, 120}, {16500, 51200, 0, 0, 95}, {14200, 58368, 1, 1000, 93},
    {24200, 93184, 1, 1000, 84}, {3152, 5600, 1, 590, 75}, {8000, 30517, 1, 320, 72},
    {4152, 10600, 1, 550, 72}, {11900, 77824, 1, 1000, 55}, {4000, 15258, 1, 160, 54},
    {4152, 10600, 1, 370, 45}, {4000, 15258, 1, 220, 43}, {8200, 33792, 1, 1000, 41},
    {15200, 80896, 1, 1000, 36}, {4152, 10600, 1, 810, 31}, {16400, 125952, 1, 1000, 29},
    {1000, 2048, 1, 320, 22}, {6000, 22888, 1, 160, 20}, {8000, 30517, 1, 220, 19},
    {88000, 327680, 8, 1000, 18}, {4000, 22888, 1, 110, 18}, {4000, 22888, 1, 480, 18},
    {8000, 30517, 1, 230, 18}, {64200, 263168, 8, 1000, 18}, {1000, 6144, 1, 1000, 15},
    {16000, 31250, 0, 0, 14}, {8000, 30517, 1, 650, 12}, {7000, 30000, 1, 1000, 11},
    {11400, 57344, 0, 0, 11}, {32200, 132096, 4, 1000, 9}, {15400, 90112, 1, 1000, 9},
    {6000, 32768, 1, 1000, 8}, {14900, 73728, 1, 1000, 8}, {2000, 16384, 1, 1000, 8},
    {16200, 66560, 2, 1000, 7}, {120000, 737280, 8, 1000, 3}, {6000, 65536, 2, 1000, 3},
    {64000, 262144, 8, 1000, 3}, {32000, 131072, 4, 1000, 3}, {30200, 160768, 2, 1000, 3},
    {60200, 320512, 4, 1000, 3}, {17400, 43008, 2, 1000, 2}, {120200, 640000, 8, 1000, 2},
    {14000, 60000, 2, 1000, 1},
  };

  private static final long MIX_TOTAL;

  static {
    long total = 0;
    for (long[] row : POD_MIX) {
      total += row[4];
    }
    MIX_TOTAL = total;
  }

  private SyntheticOpenb() {}

  /** The pod mix rows, copied: cpu_milli, memory_mib, num_gpu, gpu_milli, count. */
  static long[][] podMix() {
    long[][] copy = new long[POD_MIX.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = POD_MIX[i].clone();
    }
    return copy;
  }

  /** The trace's node shapes with their node counts. */
  static List<SyntheticSpec.NodeShape> nodeShapes() {
    List<SyntheticSpec.NodeShape> shapes = new ArrayList<>();
    for (Object[] shape : NODE_SHAPES) {
      shapes.add(
          new SyntheticSpec.NodeShape(
              (String) shape[4],
              (Integer) shape[3],
              (Long) shape[1],
              (Long) shape[2],
              (Integer) shape[0]));
    }
    return shapes;
  }

  /** The trace's 1,213 GPU nodes by shape, named {@code synthetic-node-0000} on. */
  public static List<GpuNode> nodes() {
    List<GpuNode> nodes = new ArrayList<>();
    for (Object[] shape : NODE_SHAPES) {
      for (int i = 0; i < (Integer) shape[0]; i++) {
        nodes.add(
            GpuNode.of(
                String.format(Locale.ROOT, "synthetic-node-%04d", nodes.size()),
                (Long) shape[1],
                (Long) shape[2],
                (Integer) shape[3],
                (String) shape[4]));
      }
    }
    return nodes;
  }

  /**
   * {@code count} pods drawn from the trace's pod-shape mix, named {@code synthetic-pod-0000} on.
   */
  public static List<TracePod> pods(long seed, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<TracePod> pods = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long draw = random.nextLong(MIX_TOTAL);
      long[] shape = POD_MIX[0];
      for (long[] row : POD_MIX) {
        if (draw < row[4]) {
          shape = row;
          break;
        }
        draw -= row[4];
      }
      pods.add(TracePod.of(workload(String.format(Locale.ROOT, "synthetic-pod-%04d", i), shape)));
    }
    return pods;
  }

  /**
   * The synthetic trace: {@link #nodes()} and {@link #DEFAULT_POD_COUNT} pods from {@code seed}.
   */
  public static Trace trace(long seed) {
    return new Trace(
        "built-in synthetic Alibaba-like workload (seed " + seed + ")",
        nodes(),
        pods(seed, DEFAULT_POD_COUNT));
  }

  /**
   * The typical pod shapes of the mix (95% coverage, as the FGD simulator takes them from the
   * default pod list): FGD's default target workload.
   */
  public static TargetWorkload typicalTarget() {
    List<Workload> expanded = new ArrayList<>((int) MIX_TOTAL);
    int i = 0;
    for (long[] row : POD_MIX) {
      Workload w = workload("mix-" + i++, row);
      for (int c = 0; c < row[4]; c++) {
        expanded.add(w);
      }
    }
    return TargetWorkload.typicalOf(expanded, TargetWorkload.DEFAULT_COVERAGE);
  }

  private static Workload workload(String name, long[] shape) {
    return Workload.builder(name)
        .cpuMilli(shape[0])
        .memoryMib(shape[1])
        .gpus((int) shape[2], (int) shape[3])
        .build();
  }
}
