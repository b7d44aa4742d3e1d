package io.gpuautoscaler.core.packing;

import static io.gpuautoscaler.testing.Fixtures.cpuOnly;
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
import io.gpuautoscaler.testing.PackingStrategyContract;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DotProductStrategyTest implements PackingStrategyContract {

  @Override
  public PackingStrategy strategy() {
    return new DotProductStrategy();
  }

  /** Section 5.2, DotProd: floor(100 (1 - v.w / 2)), v the node's free, w the request. */
  static long dotProduct(ClusterView view, int n, Workload w) {
    double maxCpu = Reference.maxCpu(view);
    double maxGpu = Reference.maxGpu(view);
    double dot =
        (view.freeCpuMilli(n) / maxCpu) * (w.cpuMilli() / maxCpu)
            + (Reference.freeGpu(view, n) / maxGpu) * (w.totalGpuMilli() / maxGpu);
    return (long) Math.floor(100 * (1 - dot / 2));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_decidesAsThePapersDotProductScore(long seed) {
    Reference.assertDecidesLike(
        strategy(),
        Reference.scoring(DotProductStrategyTest::dotProduct, Reference::tightest),
        seed);
  }

  @Test
  void place_prefersTheNodeWithLessFreeGpuForAGpuRequest() {
    // maxCpu 100000, maxGpu 8000; request (10000, 1000): "idle" scores 88 (dot 0.225),
    // "half" 91 (dot 0.1625).
    ClusterState state =
        state(
            GpuNode.of("idle", 100000, 65536, 8, "A100"),
            GpuNode.of("half", 100000, 65536, 8, "A100"));
    for (int g = 0; g < 4; g++) {
      occupy(state, "half", g, 1000);
    }

    PlacementResult result = strategy().place(state, whole("w", 10000, 1));

    assertThat(result.placement()).contains(new Placement("w", "half", List.of(4), 1000));
  }

  @Test
  void place_prefersTheNodeWithLessFreeCpuForACpuRequest() {
    ClusterState state =
        state(
            GpuNode.of("idle", 100000, 65536, 8, "A100"),
            GpuNode.of("busy", 100000, 65536, 8, "A100"));
    occupyCpu(state, "busy", 50000);

    PlacementResult result = strategy().place(state, cpuOnly("w", 20000));

    assertThat(result.placement()).contains(new Placement("w", "busy", List.of(), 0));
  }

  @Test
  void place_letsEqualIntegerScoresTieToTheLowestIndex() {
    // A tiny request changes the dot product by less than a point: both nodes score 99.
    ClusterState state =
        state(
            GpuNode.of("idle", 100000, 65536, 8, "A100"),
            GpuNode.of("used", 100000, 65536, 8, "A100"));
    occupy(state, "used", 0, 500);

    PlacementResult result = strategy().place(state, share("w", 100, 10));

    assertThat(result.placement()).contains(new Placement("w", "idle", List.of(0), 10));
  }
}
