package io.gpuautoscaler.core.packing;

import static io.gpuautoscaler.testing.Fixtures.cpuOnly;
import static io.gpuautoscaler.testing.Fixtures.occupy;
import static io.gpuautoscaler.testing.Fixtures.share;
import static io.gpuautoscaler.testing.Fixtures.state;
import static io.gpuautoscaler.testing.Fixtures.whole;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.PackingStrategyContract;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FirstFitStrategyTest implements PackingStrategyContract {

  @Override
  public PackingStrategy strategy() {
    return new FirstFitStrategy();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_choosesTheLowestIndexNodeThatFits(long seed) {
    Reference.assertDecidesLike(
        strategy(), Reference.scoring((view, n, w) -> -n, Reference::tightest), seed);
  }

  @Test
  void place_takesTheFirstNodeThatFitsEvenWhenALaterOneFitsTighter() {
    ClusterState state =
        state(
            GpuNode.of("roomy", 64000, 65536, 8, "A100"),
            GpuNode.of("snug", 4000, 4096, 1, "A100"));

    PlacementResult result = strategy().place(state, whole("w", 4000, 1));

    assertThat(result.placement()).contains(new Placement("w", "roomy", List.of(0), 1000));
  }

  @Test
  void place_skipsNodesWithTooLittleCpuOrADisallowedModel() {
    ClusterState state =
        state(
            GpuNode.of("small", 2000, 65536, 4, "A100"),
            GpuNode.of("t4", 64000, 65536, 4, "T4"),
            GpuNode.cpuOnly("cpu", 64000, 65536),
            GpuNode.of("fits", 64000, 65536, 4, "A100"));
    Workload workload =
        Workload.builder("w").cpuMilli(4000).gpuShare(300).allowedGpuModels(Set.of("A100")).build();

    PlacementResult result = strategy().place(state, workload);

    assertThat(result.placement()).contains(new Placement("w", "fits", List.of(0), 300));
  }

  @Test
  void place_putsACpuOnlyWorkloadOnTheFirstNodeWithCpuEvenWithoutGpus() {
    ClusterState state =
        state(GpuNode.of("busy", 1000, 65536, 4, "A100"), GpuNode.cpuOnly("cpu", 8000, 8192));

    PlacementResult result = strategy().place(state, cpuOnly("w", 2000));

    assertThat(result.placement()).contains(new Placement("w", "cpu", List.of(), 0));
  }

  @Test
  void place_sharesTheTightestGpuOnTheChosenNode() {
    ClusterState state = state(GpuNode.of("n", 64000, 65536, 4, "A100"));
    occupy(state, "n", 0, 200);
    occupy(state, "n", 1, 600);
    occupy(state, "n", 2, 500);

    PlacementResult result = strategy().place(state, share("w", 1000, 400));

    assertThat(result.placement()).contains(new Placement("w", "n", List.of(1), 400));
  }

  @Test
  void place_takesTheLowestIndexWhollyFreeGpus() {
    ClusterState state = state(GpuNode.of("n", 64000, 65536, 4, "A100"));
    occupy(state, "n", 0, 100);
    occupy(state, "n", 2, 100);

    PlacementResult result = strategy().place(state, whole("w", 1000, 2));

    assertThat(result.placement()).contains(new Placement("w", "n", List.of(1, 3), 1000));
  }
}
