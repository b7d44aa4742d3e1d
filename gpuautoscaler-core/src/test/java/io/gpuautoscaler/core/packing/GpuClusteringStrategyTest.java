package io.gpuautoscaler.core.packing;

import static io.gpuautoscaler.testing.Fixtures.cpuOnly;
import static io.gpuautoscaler.testing.Fixtures.put;
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

class GpuClusteringStrategyTest implements PackingStrategyContract {

  @Override
  public PackingStrategy strategy() {
    return new GpuClusteringStrategy();
  }

  /** A workload's affinity tag: "share-gpu", "K-gpu", or null for no GPU. */
  private static String tag(Workload w) {
    return !w.requestsGpu() ? null : w.sharesGpu() ? "share-gpu" : w.gpuCount() + "-gpu";
  }

  /**
   * Section 5.2, GpuClustering, with the tags read from the workloads the view lists on the node:
   * base = floor(25 (maxGpu - I) / maxGpu); +75 when the node holds only the tag, +50 when it holds
   * it among others, +25 when it holds no GPU workload, +0 otherwise; 0 for a CPU-only request.
   */
  static long clustering(ClusterView view, int n, Workload w) {
    if (!w.requestsGpu()) {
      return 0;
    }
    long maxGpu = Reference.maxGpu(view);
    long base = 25 * (maxGpu - Reference.freeGpu(view, n)) / maxGpu;
    long all = view.workloadsOn(n).stream().filter(Workload::requestsGpu).count();
    long same = view.workloadsOn(n).stream().filter(o -> tag(w).equals(tag(o))).count();
    if (all == 0) {
      return base + 25;
    }
    return same == all ? base + 75 : same > 0 ? base + 50 : base;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.gpuautoscaler.testing.Generators#seeds")
  void place_decidesAsThePapersGpuClusteringScore(long seed) {
    Reference.assertDecidesLike(
        strategy(),
        Reference.scoring(GpuClusteringStrategyTest::clustering, Reference::tightest),
        seed);
  }

  private static ClusterState fourNodes() {
    return state(
        GpuNode.of("other-tag", 64000, 65536, 8, "A100"),
        GpuNode.of("idle", 64000, 65536, 8, "A100"),
        GpuNode.of("mixed", 64000, 65536, 8, "A100"),
        GpuNode.of("same-tag", 64000, 65536, 8, "A100"));
  }

  @Test
  void place_putsASharedWorkloadWithOtherSharedWorkloads() {
    ClusterState state = fourNodes();
    put(state, whole("o1", 0, 1), "other-tag", 0);
    put(state, share("m1", 0, 200), "mixed", 0);
    put(state, whole("m2", 0, 1), "mixed", 1);
    put(state, share("s1", 0, 200), "same-tag", 0);

    PlacementResult result = strategy().place(state, share("w", 0, 300));

    assertThat(result.placement()).contains(new Placement("w", "same-tag", List.of(0), 300));
  }

  @Test
  void place_putsAFourGpuWorkloadWithFourGpuWorkloadsNotWithOneGpuOnes() {
    ClusterState state = fourNodes();
    put(state, whole("o1", 0, 1), "other-tag", 0);
    put(state, whole("s1", 0, 4), "same-tag", 0, 1, 2, 3);

    PlacementResult result = strategy().place(state, whole("w", 0, 4));

    assertThat(result.placement())
        .contains(new Placement("w", "same-tag", List.of(4, 5, 6, 7), 1000));
  }

  @Test
  void place_prefersAMixedNodeHoldingTheTagToAnIdleNode() {
    ClusterState state =
        state(
            GpuNode.of("idle", 64000, 65536, 8, "A100"),
            GpuNode.of("mixed", 64000, 65536, 8, "A100"));
    put(state, share("m1", 0, 200), "mixed", 0);
    put(state, whole("m2", 0, 1), "mixed", 1);

    PlacementResult result = strategy().place(state, whole("w", 0, 1));

    assertThat(result.placement().map(Placement::nodeName)).contains("mixed");
  }

  @Test
  void place_prefersAnIdleNodeToOneHoldingOnlyOtherTags() {
    ClusterState state =
        state(
            GpuNode.of("other-tag", 64000, 65536, 8, "A100"),
            GpuNode.of("idle", 64000, 65536, 8, "A100"));
    put(state, whole("o1", 0, 2), "other-tag", 0, 1);

    PlacementResult result = strategy().place(state, share("w", 0, 500));

    assertThat(result.placement().map(Placement::nodeName)).contains("idle");
  }

  @Test
  void place_countsNoTagForCpuOnlyWorkloads() {
    ClusterState state =
        state(
            GpuNode.of("cpu-work", 64000, 65536, 8, "A100"),
            GpuNode.of("shared", 64000, 65536, 8, "A100"));
    put(state, cpuOnly("c1", 1000), "cpu-work");
    put(state, share("s1", 0, 100), "shared", 0);

    PlacementResult result = strategy().place(state, whole("w", 0, 1));

    // "cpu-work" holds no GPU workload (base 0 + 25); "shared" holds only another tag (base 0).
    assertThat(result.placement().map(Placement::nodeName)).contains("cpu-work");
  }

  @Test
  void place_leavesACpuOnlyWorkloadToTheLowestIndexNodeThatFits() {
    ClusterState state =
        state(
            GpuNode.of("small", 500, 65536, 8, "A100"),
            GpuNode.of("a", 64000, 65536, 8, "A100"),
            GpuNode.of("b", 64000, 65536, 8, "A100"));
    put(state, cpuOnly("c1", 1000), "b");

    PlacementResult result = strategy().place(state, cpuOnly("w", 1000));

    assertThat(result.placement()).contains(new Placement("w", "a", List.of(), 0));
  }

  @Test
  void place_updatesTheTagsWhenAWorkloadIsReleased() {
    ClusterState state =
        state(
            GpuNode.of("idle", 64000, 65536, 8, "A100"),
            GpuNode.of("was-shared", 64000, 65536, 8, "A100"));
    put(state, share("s1", 0, 100), "was-shared", 0);
    put(state, whole("o1", 0, 1), "was-shared", 1);
    state.release("s1");

    PlacementResult result = strategy().place(state, share("w", 0, 500));

    assertThat(result.placement().map(Placement::nodeName)).contains("idle");
  }
}
