package io.gpuautoscaler.core.packing;

import static io.gpuautoscaler.testing.Fixtures.cpuOnly;
import static io.gpuautoscaler.testing.Fixtures.occupy;
import static io.gpuautoscaler.testing.Fixtures.share;
import static io.gpuautoscaler.testing.Fixtures.state;
import static io.gpuautoscaler.testing.Fixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.PackingStrategyContract;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GpuPackingStrategyTest implements PackingStrategyContract {

  @Override
  public PackingStrategy strategy() {
    return new GpuPackingStrategy();
  }

  /**
   * Section 5.2, GpuPacking: 0 for a CPU-only request; an idle node max(33 - G, G); otherwise the
   * request's GPUs taken in ascending free share (stable) among those that hold it: with z of them
   * wholly free, max(50 - z, 33) when z > 0, else max(100 - floor(sum floor(R 100 / 1000) / 10),
   * 50).
   */
  static long packing(ClusterView view, int n, Workload w) {
    if (!w.requestsGpu()) {
      return 0;
    }
    int gpus = view.node(n).gpuCount();
    List<Integer> order = new ArrayList<>();
    int idle = 0;
    for (int g = 0; g < gpus; g++) {
      order.add(g);
      idle += view.freeGpuMilli(n, g) == Workload.WHOLE_GPU_MILLI ? 1 : 0;
    }
    if (idle == gpus) {
      return Math.max(33 - gpus, gpus);
    }
    order.sort(Comparator.comparingInt(g -> view.freeGpuMilli(n, g)));
    int taken = 0;
    int wholly = 0;
    long sum = 0;
    for (int g : order) {
      int free = view.freeGpuMilli(n, g);
      if (taken < w.gpuCount() && free >= w.gpuMilli()) {
        taken++;
        wholly += free == Workload.WHOLE_GPU_MILLI ? 1 : 0;
        sum += free * 100L / 1000;
      }
    }
    return wholly > 0 ? Math.max(50 - wholly, 33) : Math.max(100 - sum / 10, 50);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_decidesAsThePapersGpuPackingScore(long seed) {
    Reference.assertDecidesLike(
        strategy(), Reference.scoring(GpuPackingStrategyTest::packing, Reference::tightest), seed);
  }

  private static ClusterState idleSmallAndUsedBig() {
    ClusterState state =
        state(
            GpuNode.of("idle-small", 64000, 65536, 1, "A100"),
            GpuNode.of("used", 64000, 65536, 4, "A100"));
    occupy(state, "used", 0, 700);
    return state;
  }

  @Test
  void place_sharesAnAlreadyUsedGpuFirst() {
    // "used" GPU 0 has 300 free: 100 - floor(30 / 10) = 97 against 32 for the idle node.
    PlacementResult result = strategy().place(idleSmallAndUsedBig(), share("w", 0, 200));

    assertThat(result.placement()).contains(new Placement("w", "used", List.of(0), 200));
  }

  @Test
  void place_opensANewGpuOnAUsedNodeBeforeAnIdleNode() {
    // GPU 0 of "used" cannot hold 500: a new GPU there scores 49 against 32.
    PlacementResult result = strategy().place(idleSmallAndUsedBig(), share("w", 0, 500));

    assertThat(result.placement()).contains(new Placement("w", "used", List.of(1), 500));
  }

  @Test
  void place_opensTheSmallestIdleNode() {
    ClusterState state =
        state(
            GpuNode.of("eight", 64000, 65536, 8, "A100"),
            GpuNode.of("two", 64000, 65536, 2, "A100"),
            GpuNode.of("four", 64000, 65536, 4, "A100"));

    PlacementResult result = strategy().place(state, share("w", 0, 500));

    assertThat(result.placement()).contains(new Placement("w", "two", List.of(0), 500));
  }

  @Test
  void place_sharesTheTightestUsedGpuAcrossNodes() {
    ClusterState state =
        state(
            GpuNode.of("loose", 64000, 65536, 2, "A100"),
            GpuNode.of("tight", 64000, 65536, 2, "A100"));
    occupy(state, "loose", 0, 400);
    occupy(state, "tight", 1, 750);

    PlacementResult result = strategy().place(state, share("w", 0, 200));

    // 600 free scores 100 - 6 = 94; 250 free scores 100 - 2 = 98.
    assertThat(result.placement()).contains(new Placement("w", "tight", List.of(1), 200));
  }

  @Test
  void place_putsWholeGpusOnAUsedNodeBeforeAnIdleOne() {
    ClusterState state =
        state(
            GpuNode.of("idle", 64000, 65536, 8, "A100"),
            GpuNode.of("used", 64000, 65536, 8, "A100"));
    occupy(state, "used", 0, 100);

    PlacementResult result = strategy().place(state, whole("w", 0, 4));

    // max(50 - 4, 33) = 46 against max(33 - 8, 8) = 25.
    assertThat(result.placement()).contains(new Placement("w", "used", List.of(1, 2, 3, 4), 1000));
  }

  @Test
  void place_leavesACpuOnlyWorkloadToTheLowestIndexNodeThatFits() {
    ClusterState state =
        state(GpuNode.of("a", 64000, 65536, 8, "A100"), GpuNode.of("b", 64000, 65536, 1, "A100"));
    occupy(state, "b", 0, 500);

    PlacementResult result = strategy().place(state, cpuOnly("w", 1000));

    assertThat(result.placement()).contains(new Placement("w", "a", List.of(), 0));
  }
}
