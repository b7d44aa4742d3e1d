package io.gpuautoscaler.api.scaling;

import static io.gpuautoscaler.api.scaling.NodeGroupTest.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.model.ClusterView;
import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ScalingValuesTest {
  private static final Instant T0 = Instant.parse("2017-10-02T00:00:00Z");

  private static final ClusterView EMPTY =
      new ClusterView() {
        @Override
        public int nodeCount() {
          return 0;
        }

        @Override
        public GpuNode node(int index) {
          throw new IndexOutOfBoundsException(index);
        }

        @Override
        public java.util.OptionalInt indexOf(String name) {
          return java.util.OptionalInt.empty();
        }

        @Override
        public long freeCpuMilli(int node) {
          throw new IndexOutOfBoundsException(node);
        }

        @Override
        public long freeMemoryMib(int node) {
          throw new IndexOutOfBoundsException(node);
        }

        @Override
        public int freeGpuMilli(int node, int gpu) {
          throw new IndexOutOfBoundsException(node);
        }

        @Override
        public long version(int node) {
          return 0;
        }

        @Override
        public List<Workload> workloadsOn(int node) {
          return List.of();
        }
      };

  private static ScalingSnapshot snapshot(ScalingLimits limits, NodeGroup... groups) {
    return new ScalingSnapshot(
        T0, List.of(groups), List.of(), EMPTY, List.of(), Optional.empty(), limits, 1, 3);
  }

  @Test
  void scaleUpHeadroom_isTheLeastOfTheGroupMaxAndTheCapacityTypesGpuCap() {
    var spot = group("spot", CapacityType.SPOT, 0, 10, 2);
    var otherSpot = group("spot-b", CapacityType.SPOT, 0, 10, 1);
    var od = group("od", CapacityType.ON_DEMAND, 0, 10, 9);
    var limits =
        new ScalingLimits(OptionalInt.of(40), OptionalInt.empty(), DisruptionBudget.unlimited());

    var snapshot = snapshot(limits, spot, otherSpot, od);

    // 40 spot GPUs allowed, 24 asked for: 16 left = 2 nodes of 8 GPUs.
    assertThat(snapshot.scaleUpHeadroom("spot")).isEqualTo(2);
    assertThat(snapshot.scaleUpHeadroom("od")).isEqualTo(1);
  }

  @Test
  void allowedDisruptions_takesTheTighterOfConcurrentAndPerWindow() {
    var budget = new DisruptionBudget(5, 4, Duration.ofMinutes(10));
    var limits = new ScalingLimits(OptionalInt.empty(), OptionalInt.empty(), budget);

    assertThat(snapshot(limits).allowedDisruptions()).isEqualTo(1); // 4 per window, 3 started
    assertThat(budget.allowedNow(5, 0)).isZero();
  }

  @Test
  void snapshot_refusesNodesOfUnknownGroups() {
    var node = new NodeStatus("n1", "ghost", NodeState.READY, T0, 8, 0, 0, 0);

    assertThatThrownBy(
            () ->
                new ScalingSnapshot(
                    T0,
                    List.of(),
                    List.of(node),
                    EMPTY,
                    List.of(),
                    Optional.empty(),
                    ScalingLimits.none(),
                    0,
                    0))
        .hasMessage("node n1 names unknown group ghost");
  }

  @Test
  void values_checkThemselves() {
    assertThatThrownBy(() -> new ScalingDecision.ScaleUp("g", 0, "why"))
        .hasMessage("count must be >= 1, was 0");
    assertThatThrownBy(() -> new ScalingDecision.RemoveNodes("g", List.of("a", "a"), "why"))
        .hasMessage("nodeIds must be distinct, were [a, a]");
    assertThatThrownBy(() -> new ProviderEvent.InterruptionNotice("n", "g", T0, T0.minusSeconds(1)))
        .hasMessageContaining("is before the notice");
    assertThatThrownBy(() -> new ProviderEvent.InsufficientCapacity("g", T0, 2, 3))
        .hasMessage("shortBy must be in 1..2 for group g, was 3");
    assertThatThrownBy(() -> new NodeStatus("n", "g", NodeState.READY, T0, 1, 1001, 0, 0))
        .hasMessage("gpuMilliRequested must be in 0..1000 for node n, was 1001");
    assertThat(new NodeStatus("n", "g", NodeState.READY, T0, 4, 1000, 1, 0).gpuAllocation())
        .isEqualTo(0.25);
  }
}
