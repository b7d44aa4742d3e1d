package io.gpuautoscaler.core.packing;

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
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.PackingStrategyContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RandomStrategyTest implements PackingStrategyContract {
  private static final int DRAWS = 4000;

  @Override
  public PackingStrategy strategy() {
    return new RandomStrategy(42);
  }

  private static List<Placement> decisions(
      PackingStrategy strategy, ClusterState state, Workload w) {
    List<Placement> decisions = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      decisions.add(strategy.place(state, w).placement().orElseThrow());
    }
    return decisions;
  }

  private static ClusterState fourFeasibleOfFive() {
    return state(
        GpuNode.of("a", 64000, 65536, 2, "A100"),
        GpuNode.of("too-small", 500, 65536, 8, "A100"),
        GpuNode.of("b", 64000, 65536, 4, "A100"),
        GpuNode.of("c", 64000, 65536, 8, "T4"),
        GpuNode.of("d", 64000, 65536, 1, "T4"));
  }

  @Test
  void place_drawsTheNodeUniformlyAmongThoseThatFit() {
    ClusterState state = fourFeasibleOfFive();
    PackingStrategy strategy = strategy();
    Map<String, Integer> counts = new TreeMap<>();

    for (int i = 0; i < DRAWS; i++) {
      String node = strategy.place(state, whole("w", 1000, 1)).placement().orElseThrow().nodeName();
      counts.merge(node, 1, Integer::sum);
    }

    // Each of the 4 feasible nodes expects 1000 draws, sd about 27: 850..1150 is over 5 sd.
    assertThat(counts).containsOnlyKeys("a", "b", "c", "d");
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(850, 1150));
  }

  @Test
  void place_drawsTheSharedGpuUniformlyAmongThoseThatHoldIt() {
    ClusterState state = state(GpuNode.of("n", 64000, 65536, 4, "A100"));
    occupy(state, "n", 1, 900);
    PackingStrategy strategy = strategy();
    Map<Integer, Integer> counts = new TreeMap<>();

    for (int i = 0; i < DRAWS; i++) {
      int gpu =
          strategy.place(state, share("w", 0, 300)).placement().orElseThrow().gpuIndices().get(0);
      counts.merge(gpu, 1, Integer::sum);
    }

    // GPUs 0, 2 and 3 hold 300 milli; each expects 1333 draws, sd about 30.
    assertThat(counts).containsOnlyKeys(0, 2, 3);
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(1180, 1490));
  }

  @Test
  void place_isReproducibleWithTheSameSeed() {
    Workload w = share("w", 1000, 300);

    List<Placement> first = decisions(new RandomStrategy(7), fourFeasibleOfFive(), w);
    List<Placement> second = decisions(new RandomStrategy(7), fourFeasibleOfFive(), w);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void place_drawsDifferentlyWithAnotherSeed() {
    Workload w = share("w", 1000, 300);

    List<Placement> first = decisions(new RandomStrategy(7), fourFeasibleOfFive(), w);
    List<Placement> second = decisions(new RandomStrategy(8), fourFeasibleOfFive(), w);

    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void provider_seedsTheStrategyFromTheSeedSetting() {
    var provider = new RandomStrategy.Provider();
    Workload w = share("w", 1000, 300);

    List<Placement> fromSetting =
        decisions(provider.create(Settings.of(Map.of("seed", "7"))), fourFeasibleOfFive(), w);
    List<Placement> direct = decisions(new RandomStrategy(7), fourFeasibleOfFive(), w);

    assertThat(fromSetting).isEqualTo(direct);
  }

  @Test
  void place_takesTheLowestIndexFreeGpusForWholeGpus() {
    ClusterState state = state(GpuNode.of("n", 64000, 65536, 4, "A100"));
    occupy(state, "n", 0, 10);

    PlacementResult result = strategy().place(state, whole("w", 0, 2));

    assertThat(result.placement()).contains(new Placement("w", "n", List.of(1, 2), 1000));
  }
}
