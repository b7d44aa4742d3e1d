package io.gpuautoscaler.core.packing;

import static io.gpuautoscaler.testing.Fixtures.occupy;
import static io.gpuautoscaler.testing.Fixtures.occupyCpu;
import static io.gpuautoscaler.testing.Fixtures.share;
import static io.gpuautoscaler.testing.Fixtures.state;
import static io.gpuautoscaler.testing.Fixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.PackingStrategyContract;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WorstFitStrategyTest implements PackingStrategyContract {

  @Override
  public PackingStrategy strategy() {
    return new WorstFitStrategy();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_choosesTheNodeWithTheMostLeftoverAndTheLoosestGpu(long seed) {
    // leftover (c - p) / maxCpu + (I - q) / maxGpu, compared exactly: the request is the same on
    // every node, so c maxGpu + I maxCpu orders the nodes.
    Reference.assertDecidesLike(
        strategy(),
        Reference.scoring(
            (view, n, w) ->
                view.freeCpuMilli(n) * Reference.maxGpu(view)
                    + Reference.freeGpu(view, n) * Reference.maxCpu(view),
            Reference::loosest),
        seed);
  }

  @Test
  void place_choosesTheEmptiestNode() {
    ClusterState state =
        state(
            GpuNode.of("used", 64000, 65536, 4, "A100"),
            GpuNode.of("idle", 64000, 65536, 4, "A100"),
            GpuNode.of("busy-cpu", 64000, 65536, 4, "A100"));
    occupy(state, "used", 0, 100);
    occupyCpu(state, "busy-cpu", 1000);

    PlacementResult result = strategy().place(state, whole("w", 1000, 1));

    assertThat(result.placement()).contains(new Placement("w", "idle", List.of(0), 1000));
  }

  @Test
  void place_breaksAnExactTieByTheLowestIndex() {
    ClusterState state =
        state(GpuNode.of("a", 64000, 65536, 4, "A100"), GpuNode.of("b", 64000, 65536, 4, "A100"));

    PlacementResult result = strategy().place(state, share("w", 1000, 10));

    assertThat(result.placement()).contains(new Placement("w", "a", List.of(0), 10));
  }

  @Test
  void place_sharesTheGpuWithTheMostFree() {
    ClusterState state = state(GpuNode.of("n", 64000, 65536, 3, "A100"));
    occupy(state, "n", 0, 300);
    occupy(state, "n", 1, 100);
    occupy(state, "n", 2, 100);

    PlacementResult result = strategy().place(state, share("w", 0, 250));

    assertThat(result.placement()).contains(new Placement("w", "n", List.of(1), 250));
  }
}
