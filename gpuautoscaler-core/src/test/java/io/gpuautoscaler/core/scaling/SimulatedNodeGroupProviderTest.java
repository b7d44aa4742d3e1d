package io.gpuautoscaler.core.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.DeleteOutcome;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeGroupProvider;
import io.gpuautoscaler.api.scaling.NodeInstance;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.ProviderEvent;
import io.gpuautoscaler.api.scaling.ResizeOutcome;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.testing.NodeGroupProviderContract;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedNodeGroupProviderTest implements NodeGroupProviderContract {

  @Override
  public NodeGroupProvider provider() {
    return new SimulatedNodeGroupProvider(
        new SimulatedClock(T0),
        List.of(
            SimulatedGroup.of(
                group("a", CapacityType.ON_DEMAND, 1, 4, 2), Cloud.AWS, Duration.ofMinutes(5)),
            SimulatedGroup.of(group("b", CapacityType.SPOT, 0, 2, 0), Cloud.GCP, Duration.ZERO)
                .withInterruptionsPerHour(1)),
        9);
  }

  private static final Instant T0 = Instant.parse("2017-10-02T00:00:00Z");
  private static final Duration DELAY = Duration.ofMinutes(5);

  static NodeGroup group(String id, CapacityType type, int min, int max, int target) {
    return new NodeGroup(
        id, "a2-highgpu-8g", "A100-40GB", 8, 96_000, 696_320, type, "z", min, max, target, 10.0);
  }

  private final SimulatedClock clock = new SimulatedClock(T0);

  private SimulatedNodeGroupProvider provider(SimulatedGroup... groups) {
    return new SimulatedNodeGroupProvider(clock, List.of(groups), 42);
  }

  private static SimulatedGroup od(int min, int max, int target) {
    return SimulatedGroup.of(
        group("od", CapacityType.ON_DEMAND, min, max, target), Cloud.GCP, DELAY);
  }

  @Test
  void setTargetSize_startsNodesThatBecomeReadyAfterTheProvisioningDelay() {
    var p = provider(od(0, 4, 0));

    var outcome = p.setTargetSize("od", 2);

    assertThat(outcome).isEqualTo(new ResizeOutcome.Accepted("od", 0, 2));
    assertThat(p.nodes("od")).extracting(NodeInstance::state).containsOnly(NodeState.PROVISIONING);
    assertThat(p.nextEventAt()).contains(T0.plus(DELAY));
    clock.advanceTo(T0.plus(DELAY).minusMillis(1));
    assertThat(p.pollEvents()).isEmpty();
    clock.advanceTo(T0.plus(DELAY));
    assertThat(p.pollEvents())
        .extracting(ProviderEvent::getClass)
        .containsExactly(ProviderEvent.NodeReady.class, ProviderEvent.NodeReady.class);
    assertThat(p.nodes("od")).extracting(NodeInstance::state).containsOnly(NodeState.READY);
  }

  @Test
  void setTargetSize_refusesBeyondMaxAndBelowMinAndLeavesTheGroupAlone() {
    var p = provider(od(1, 3, 2));

    var above = p.setTargetSize("od", 4);
    var below = p.setTargetSize("od", 0);

    assertThat(above)
        .isEqualTo(
            new ResizeOutcome.Refused(
                "od",
                4,
                ResizeOutcome.Reason.ABOVE_MAX,
                "group od may have at most 3 nodes; asked for 4"));
    assertThat(((ResizeOutcome.Refused) below).reason()).isEqualTo(ResizeOutcome.Reason.BELOW_MIN);
    assertThat(p.nodeGroups().get(0).targetSize()).isEqualTo(2);
    assertThat(p.nodes("od")).hasSize(2);
  }

  @Test
  void setTargetSize_lowerCancelsOnlyProvisioningNodesNewestFirst() {
    var p = provider(od(0, 5, 1));
    p.setTargetSize("od", 3);
    List<String> before = p.nodes("od").stream().map(NodeInstance::id).toList();

    var cancel = p.setTargetSize("od", 2);
    var tooFar = p.setTargetSize("od", 0);

    assertThat(cancel).isInstanceOf(ResizeOutcome.Accepted.class);
    assertThat(p.nodes("od"))
        .extracting(NodeInstance::id)
        .containsExactlyElementsOf(before.subList(0, 2));
    assertThat(((ResizeOutcome.Refused) tooFar).reason())
        .isEqualTo(ResizeOutcome.Reason.WOULD_DELETE_RUNNING_NODES);
  }

  @Test
  void deleteNodes_isIdempotentAndLowersTheTarget() {
    var p = provider(od(0, 5, 3));
    String first = p.nodes("od").get(0).id();

    var once = p.deleteNodes("od", List.of(first));
    var twice = p.deleteNodes("od", List.of(first));

    assertThat(once).isEqualTo(new DeleteOutcome.Accepted("od", List.of(first), List.of()));
    assertThat(twice).isEqualTo(new DeleteOutcome.Accepted("od", List.of(), List.of(first)));
    assertThat(p.nodeGroups().get(0).targetSize()).isEqualTo(2);
    assertThat(p.pollEvents())
        .containsExactly(
            new ProviderEvent.NodeTerminated(first, "od", T0, ProviderEvent.Cause.DELETED));
  }

  @Test
  void deleteNodes_refusesBelowMinAndRejectsStrangers() {
    var p = provider(od(2, 5, 2));
    List<String> ids = p.nodes("od").stream().map(NodeInstance::id).toList();

    var outcome = p.deleteNodes("od", ids.subList(0, 1));

    assertThat(outcome).isInstanceOf(DeleteOutcome.Refused.class);
    assertThat(((DeleteOutcome.Refused) outcome).message())
        .isEqualTo("deleting 1 nodes would leave group od with 1, below its minimum 2");
    assertThat(p.nodes("od")).hasSize(2);
    assertThatThrownBy(() -> p.deleteNodes("od", List.of("elsewhere-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node elsewhere-1 was never a node of group od");
  }

  @Test
  void setTargetSize_beyondTheCapacityLimitYieldsInsufficientCapacityAndLowersTheTarget() {
    var p = provider(od(0, 10, 1).withCapacityLimit(3));

    var outcome = p.setTargetSize("od", 6);

    assertThat(outcome).isEqualTo(new ResizeOutcome.Accepted("od", 1, 6));
    assertThat(p.pollEvents())
        .containsExactly(new ProviderEvent.InsufficientCapacity("od", T0, 5, 3));
    assertThat(p.nodeGroups().get(0).targetSize()).isEqualTo(3);
    assertThat(p.nodes("od")).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Cloud.class)
  void spotNodes_getTheirCloudsNoticeBeforeTheyGo(Cloud cloud) {
    var spot =
        SimulatedGroup.of(group("spot", CapacityType.SPOT, 0, 50, 50), cloud, DELAY)
            .withInterruptionsPerHour(1.0);
    var p = provider(spot);
    List<ProviderEvent> events = new ArrayList<>();

    for (Optional<Instant> next = p.nextEventAt(); next.isPresent(); next = p.nextEventAt()) {
      clock.advanceTo(next.get());
      events.addAll(p.pollEvents());
    }

    var notices =
        events.stream().filter(ProviderEvent.InterruptionNotice.class::isInstance).toList();
    var gone = events.stream().filter(ProviderEvent.NodeTerminated.class::isInstance).toList();
    assertThat(notices).hasSize(50);
    assertThat(gone).hasSize(50);
    for (ProviderEvent e : notices) {
      var notice = (ProviderEvent.InterruptionNotice) e;
      assertThat(Duration.between(notice.at(), notice.deadline())).isEqualTo(cloud.noticePeriod());
      assertThat(gone)
          .contains(
              new ProviderEvent.NodeTerminated(
                  notice.nodeId(), "spot", notice.deadline(), ProviderEvent.Cause.INTERRUPTED));
    }
    assertThat(p.nodeGroups().get(0).targetSize()).isZero();
  }

  @Test
  void interruptions_keepTheGroupsMinimumByLaunchingAReplacement() {
    var spot =
        SimulatedGroup.of(group("spot", CapacityType.SPOT, 1, 1, 1), Cloud.AWS, DELAY)
            .withInterruptionsPerHour(1.0);
    var p = provider(spot);
    String original = p.nodes("spot").get(0).id();

    while (p.nodes("spot").get(0).id().equals(original)) {
      clock.advanceTo(p.nextEventAt().orElseThrow());
    }

    assertThat(p.nodes("spot"))
        .singleElement()
        .extracting(NodeInstance::state)
        .isEqualTo(NodeState.PROVISIONING);
    assertThat(p.nodeGroups().get(0).targetSize()).isEqualTo(1);
  }

  @Test
  void interruptions_areReproducibleBySeedAndDifferAcrossSeeds() {
    assertThat(interruptionTimes(7)).isEqualTo(interruptionTimes(7));
    assertThat(interruptionTimes(7)).isNotEqualTo(interruptionTimes(8));
  }

  private static List<Instant> interruptionTimes(long seed) {
    var clock = new SimulatedClock(T0);
    var spot =
        SimulatedGroup.of(group("spot", CapacityType.SPOT, 0, 20, 20), Cloud.GCP, DELAY)
            .withInterruptionsPerHour(0.5);
    var p = new SimulatedNodeGroupProvider(clock, List.of(spot), seed);
    List<Instant> times = new ArrayList<>();
    for (Optional<Instant> next = p.nextEventAt(); next.isPresent(); next = p.nextEventAt()) {
      clock.advanceTo(next.get());
      p.pollEvents().forEach(e -> times.add(e.at()));
    }
    return times;
  }

  @Test
  void billing_runsFromLaunchToTermination() {
    var p = provider(od(0, 5, 2));
    clock.advanceTo(T0.plus(Duration.ofHours(1)));
    p.deleteNodes("od", List.of(p.nodes("od").get(0).id()));
    clock.advanceTo(T0.plus(Duration.ofHours(3)));

    assertThat(p.billedNodeSeconds("od")).isEqualTo(4 * 3600.0);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void randomCalls_neverLeaveTheBoundsAndNeverLoseANode(long seed) {
    var random = new SplittableRandom(seed);
    var spot =
        SimulatedGroup.of(group("spot", CapacityType.SPOT, 1, 6, 2), Cloud.GCP, DELAY)
            .withInterruptionsPerHour(2.0)
            .withCapacityLimit(5);
    var p = new SimulatedNodeGroupProvider(clock, List.of(od(0, 4, 1), spot), seed);

    for (int step = 0; step < 300; step++) {
      clock.advanceTo(clock.instant().plusSeconds(random.nextInt(0, 1200)));
      String id = random.nextBoolean() ? "od" : "spot";
      if (random.nextBoolean()) {
        p.setTargetSize(id, random.nextInt(-1, 8));
      } else {
        List<NodeInstance> nodes = p.nodes(id);
        if (!nodes.isEmpty()) {
          p.deleteNodes(id, List.of(nodes.get(random.nextInt(nodes.size())).id()));
        }
      }
      p.pollEvents();
      for (NodeGroup g : p.nodeGroups()) {
        String context = "seed " + seed + " step " + step + " " + g;
        assertThat(g.targetSize()).as(context).isBetween(g.minSize(), g.maxSize());
        long alive =
            p.nodes(g.id()).stream().filter(n -> n.state() != NodeState.TERMINATING).count();
        assertThat(alive).as(context).isEqualTo(g.targetSize());
      }
    }
  }

  @Test
  void provider_isFoundByNameAndBuildsTheDefaultGroups() {
    var registry = ProviderRegistry.load(NodeGroupProvider.Provider.class);

    NodeGroupProvider p =
        registry.require("simulated").create(Settings.of(java.util.Map.of("seed", "3")));

    assertThat(p.nodeGroups())
        .extracting(NodeGroup::id)
        .containsExactly(
            "a2-highgpu-1g-on-demand",
            "a2-highgpu-1g-spot",
            "a2-highgpu-8g-on-demand",
            "a2-highgpu-8g-spot");
    assertThatThrownBy(
            () ->
                registry
                    .require("simulated")
                    .create(Settings.of(java.util.Map.of("start", "yesterday"))))
        .hasMessageContaining("setting 'start' must be an ISO-8601 instant");
  }
}
