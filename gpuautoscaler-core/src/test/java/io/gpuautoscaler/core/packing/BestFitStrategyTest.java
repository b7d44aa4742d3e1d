package io.gpuautoscaler.core.packing;

import static io.gpuautoscaler.testing.Fixtures.occupy;
import static io.gpuautoscaler.testing.Fixtures.occupyCpu;
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
import io.gpuautoscaler.testing.Invariants;
import io.gpuautoscaler.testing.PackingStrategyContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BestFitStrategyTest implements PackingStrategyContract {

  @Override
  public PackingStrategy strategy() {
    return new BestFitStrategy();
  }

  /**
   * Section 5.2, BestFit: raw = floor(100 (1 - [0.5 (c - p) / maxCpu + 0.5 (I - q) / maxGpu])),
   * min-max normalized over the feasible nodes to 0..100 (integer division); the highest wins, the
   * lowest index on ties; tightest GPU.
   */
  static Optional<Placement> bestFit(ClusterView view, Workload w) {
    List<Integer> feasible = Invariants.feasibleNodes(view, w);
    if (feasible.isEmpty()) {
      return Optional.empty();
    }
    long maxCpu = Reference.maxCpu(view);
    long maxGpu = Reference.maxGpu(view);
    long[] raw = new long[feasible.size()];
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < raw.length; i++) {
      int n = feasible.get(i);
      long cpuLeft = view.freeCpuMilli(n) - w.cpuMilli();
      long gpuLeft = Reference.freeGpu(view, n) - w.totalGpuMilli();
      // 1 - leftover, as an exact fraction over 2 maxCpu maxGpu
      long denominator = 2 * maxCpu * maxGpu;
      raw[i] =
          Math.floorDiv(100 * (denominator - cpuLeft * maxGpu - gpuLeft * maxCpu), denominator);
      min = Math.min(min, raw[i]);
      max = Math.max(max, raw[i]);
    }
    int best = -1;
    long bestScore = -1;
    for (int i = 0; i < raw.length; i++) {
      long normalized = max == min ? 0 : (raw[i] - min) * 100 / (max - min);
      if (normalized > bestScore) {
        bestScore = normalized;
        best = feasible.get(i);
      }
    }
    return Optional.of(Reference.placement(view, best, w, Reference::tightest));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_decidesAsThePapersBestFitScore(long seed) {
    Reference.assertDecidesLike(strategy(), BestFitStrategyTest::bestFit, seed);
  }

  @Test
  void place_choosesTheNodeWithTheLeastLeftover() {
    ClusterState state =
        state(
            GpuNode.of("idle", 100000, 65536, 8, "A100"),
            GpuNode.of("used", 100000, 65536, 8, "A100"),
            GpuNode.of("small", 100000, 65536, 8, "A100"));
    occupy(state, "used", 0, 1000);
    occupy(state, "used", 1, 1000);
    occupy(state, "small", 0, 1000);

    PlacementResult result = strategy().place(state, whole("w", 1000, 1));

    assertThat(result.placement()).contains(new Placement("w", "used", List.of(2), 1000));
  }

  @Test
  void place_letsNodesWithinOnePercentOfLeftoverTieAndTakesTheLowestIndex() {
    // leftover 0.99375 (score 0) against 0.9925 (score 0): a tie, though "used" is tighter.
    ClusterState state =
        state(
            GpuNode.of("idle", 100000, 65536, 8, "A100"),
            GpuNode.of("used", 100000, 65536, 8, "A100"));
    occupy(state, "used", 0, 20);

    PlacementResult result = strategy().place(state, share("w", 0, 100));

    assertThat(result.placement().map(Placement::nodeName)).contains("idle");
  }

  @Test
  void place_prefersTheTighterNodeOnceItIsAPercentTighter() {
    // leftover 0.99375 (score 0) against 0.9875 (score 1).
    ClusterState state =
        state(
            GpuNode.of("idle", 100000, 65536, 8, "A100"),
            GpuNode.of("used", 100000, 65536, 8, "A100"));
    occupy(state, "used", 0, 100);

    PlacementResult result = strategy().place(state, share("w", 0, 100));

    assertThat(result.placement()).contains(new Placement("w", "used", List.of(0), 100));
  }

  @Test
  void place_weighsAGpuMilliAsMaxCpuOverMaxGpuCpuMilli() {
    // maxCpu 128000, maxGpu 8000: 1000 GPU milli weigh as much as 16000 CPU milli. "cpu-poor" has
    // 1000 GPU milli more free than "gpu-poor" and 28000 CPU milli less, so it has less leftover.
    ClusterState state =
        state(
            GpuNode.of("gpu-poor", 128000, 65536, 8, "A100"),
            GpuNode.of("cpu-poor", 128000, 65536, 8, "A100"));
    occupy(state, "gpu-poor", 7, 1000);
    occupyCpu(state, "cpu-poor", 28000);

    PlacementResult result = strategy().place(state, share("w", 0, 100));

    assertThat(result.placement().map(Placement::nodeName)).contains("cpu-poor");
  }

  @Test
  void place_weighsAGpuMilliAsMaxCpuOverMaxGpuCpuMilliTheOtherWayToo() {
    // As above with 8000 CPU milli less instead: now "gpu-poor" has less leftover.
    ClusterState state =
        state(
            GpuNode.of("gpu-poor", 128000, 65536, 8, "A100"),
            GpuNode.of("cpu-poor", 128000, 65536, 8, "A100"));
    occupy(state, "gpu-poor", 7, 1000);
    occupyCpu(state, "cpu-poor", 8000);

    PlacementResult result = strategy().place(state, share("w", 0, 100));

    assertThat(result.placement().map(Placement::nodeName)).contains("gpu-poor");
  }

  @Test
  void place_sharesTheTightestGpuOfTheChosenNode() {
    ClusterState state = state(GpuNode.of("n", 64000, 65536, 4, "A100"));
    occupy(state, "n", 0, 300);
    occupy(state, "n", 1, 700);
    occupy(state, "n", 3, 700);

    PlacementResult result = strategy().place(state, share("w", 0, 250));

    assertThat(result.placement()).contains(new Placement("w", "n", List.of(1), 250));
  }
}
