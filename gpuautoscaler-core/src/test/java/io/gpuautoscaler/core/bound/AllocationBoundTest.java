package io.gpuautoscaler.core.bound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.PlacementResult;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.spi.PackingStrategy;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.core.cluster.ClusterState;
import io.gpuautoscaler.testing.Generators;
import io.gpuautoscaler.testing.TraceFixtures;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AllocationBoundTest {

  private static Workload share(String name, int milli) {
    return Workload.builder(name).gpuShare(milli).build();
  }

  @Test
  void maxAllocated_ofNothing_isZero() {
    assertThat(new AllocationBound(4).maxAllocatedMilli()).isZero();
  }

  @Test
  void maxAllocated_isAtMostTheDemandAndTheCapacity() {
    AllocationBound bound = new AllocationBound(2);
    bound.add(Workload.builder("w").wholeGpus(1).build());

    assertThat(bound.maxAllocatedMilli()).isEqualTo(1000);

    bound.add(Workload.builder("x").wholeGpus(4).build());

    assertThat(bound.maxAllocatedMilli()).isEqualTo(2000);
  }

  @Test
  void maxAllocated_knowsTwoSharesAboveHalfNeverShareAGpu() {
    AllocationBound bound = new AllocationBound(1);
    bound.add(share("a", 600));
    bound.add(share("b", 600));

    assertThat(bound.maxAllocatedMilli()).isEqualTo(600);
  }

  @Test
  void maxAllocated_ofThreeSharesOf400_isTwoOfThem() {
    AllocationBound bound = new AllocationBound(1);
    for (int i = 0; i < 3; i++) {
      bound.add(share("s" + i, 400));
    }

    assertThat(bound.maxAllocatedMilli()).isEqualTo(800, within(1e-9));
  }

  @Test
  void maxAllocated_countsSmallSharesThatFitTheHolesOfLargeOnes() {
    AllocationBound bound = new AllocationBound(2);
    bound.add(share("a", 810));
    bound.add(share("b", 810));
    bound.add(share("c", 150));
    bound.add(share("d", 150));

    assertThat(bound.maxAllocatedMilli()).isEqualTo(1920, within(1e-9));
  }

  @Test
  void add_ignoresCpuOnlyWorkloads() {
    AllocationBound bound = new AllocationBound(1);
    bound.add(Workload.builder("c").cpuMilli(1000).build());

    assertThat(bound.demandMilli()).isZero();
    assertThat(bound.sizes()).isEmpty();
  }

  static java.util.stream.LongStream seeds() {
    return Generators.seeds();
  }

  /** Whatever a real strategy manages to place, the bound is at least that. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void maxAllocated_isNeverBelowWhatAStrategyPlaces(long seed) {
    var random = new SplittableRandom(seed);
    List<GpuNode> nodes =
        List.of(
            GpuNode.of("a", 1_000_000, 1_000_000, 8, "A100"),
            GpuNode.of("b", 1_000_000, 1_000_000, 4, "A100"),
            GpuNode.of("c", 1_000_000, 1_000_000, 2, "A100"));
    var registry = ProviderRegistry.load(PackingStrategy.Provider.class);
    for (String policy : List.of("first-fit", "best-fit", "fgd")) {
      ClusterState state = ClusterState.of(nodes);
      PackingStrategy strategy = registry.require(policy).create(Settings.empty());
      AllocationBound bound = new AllocationBound(14);
      for (int i = 0; i < 60; i++) {
        Workload w =
            random.nextInt(4) == 0
                ? Workload.builder("w" + i).wholeGpus(1 + random.nextInt(2)).build()
                : share("w" + i, 10 * (1 + random.nextInt(99)));
        bound.add(w);
        if (strategy.place(state, w) instanceof PlacementResult.Placed placed) {
          state.apply(w, placed.value());
        }
        assertThat(bound.maxAllocatedMilli())
            .as("seed %d, %s, after %d workloads", seed, policy, i + 1)
            .isGreaterThanOrEqualTo(state.allocatedGpuMilli() - 1e-6);
      }
    }
  }

  @Test
  void maxAllocated_ofTheDefaultPodList_leavesAtLeastThreePercentUnallocated() {
    var trace = TraceFixtures.defaultTrace();
    long gpus = trace.nodes().stream().mapToLong(GpuNode::gpuCount).sum();
    AllocationBound bound = new AllocationBound(gpus);
    trace.workloads().forEach(bound::add);

    double allocatedPct = 100 * bound.maxAllocatedMilli() / (gpus * 1000.0);

    assertThat(100.0 * bound.demandMilli() / (gpus * 1000.0)).isCloseTo(97.98, within(0.01));
    assertThat(allocatedPct).isCloseTo(96.70, within(0.01));
  }
}
