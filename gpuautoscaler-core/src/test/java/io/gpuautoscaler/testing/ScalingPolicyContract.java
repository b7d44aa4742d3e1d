package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.model.GpuNode;
import io.gpuautoscaler.api.model.Placement;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.scaling.CapacityType;
import io.gpuautoscaler.api.scaling.DisruptionBudget;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.NodeStatus;
import io.gpuautoscaler.api.scaling.PendingWorkload;
import io.gpuautoscaler.api.scaling.ScalingDecision;
import io.gpuautoscaler.api.scaling.ScalingLimits;
import io.gpuautoscaler.api.scaling.ScalingPolicy;
import io.gpuautoscaler.api.scaling.ScalingSnapshot;
import io.gpuautoscaler.core.cluster.ClusterState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link ScalingPolicy} promises, over seeded random snapshots shown to one policy
 * instance in time order (so that cool-downs expire): a decision is never null and always says why;
 * a scale-up stays within {@link ScalingSnapshot#scaleUpHeadroom}; a removal names distinct ready
 * nodes of one group, stays within {@link ScalingSnapshot#allowedDisruptions()} and never takes a
 * group below its minimum; a hold's review lies in the future. A policy's test class implements
 * this interface and supplies {@link #policy()}; a failure names its seed and step.
 */
public interface ScalingPolicyContract {

  /** A new policy, configured the same way on every call. */
  ScalingPolicy policy();

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  default void decide_staysWithinEveryLimitAndExplainsItself(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ScalingPolicy policy = policy();
    Instant now = Instant.parse("2017-10-02T00:00:00Z");
    for (int step = 0; step < 40; step++) {
      now = now.plusSeconds(random.nextInt(0, 900));
      ScalingSnapshot s = randomSnapshot(random, now);
      String context = "seed " + seed + " step " + step;

      ScalingDecision d = policy.decide(s);

      assertThat(d).as(context).isNotNull();
      assertThat(d.reason()).as(context).isNotBlank();
      if (d instanceof ScalingDecision.ScaleUp up) {
        assertThat(up.count())
            .as(context + " " + d)
            .isLessThanOrEqualTo(s.scaleUpHeadroom(up.groupId()));
      } else if (d instanceof ScalingDecision.RemoveNodes remove) {
        NodeGroup g = s.group(remove.groupId());
        assertThat(remove.nodeIds().size())
            .as(context + " " + d)
            .isLessThanOrEqualTo(s.allowedDisruptions())
            .isLessThanOrEqualTo(g.targetSize() - g.minSize());
        for (String id : remove.nodeIds()) {
          assertThat(s.nodesOf(g.id()))
              .as(context + " " + d)
              .anyMatch(n -> n.nodeId().equals(id) && n.state() == NodeState.READY);
        }
      } else if (d instanceof ScalingDecision.Hold hold) {
        Instant at = now;
        hold.reviewAt().ifPresent(t -> assertThat(t).as(context).isAfter(at));
      }
    }
  }

  /**
   * A random snapshot: one to three groups of 1- or 8-GPU nodes of each capacity type, some nodes
   * provisioning, ready nodes with random GPUs in use, random pending work, random caps and
   * disruption budget.
   */
  static ScalingSnapshot randomSnapshot(SplittableRandom random, Instant now) {
    CapacityType[] types = CapacityType.values();
    List<NodeGroup> groups = new ArrayList<>();
    List<NodeStatus> nodes = new ArrayList<>();
    List<GpuNode> ready = new ArrayList<>();
    List<int[]> used = new ArrayList<>();
    int groupCount = random.nextInt(1, 4);
    for (int g = 0; g < groupCount; g++) {
      int gpus = random.nextBoolean() ? 8 : 1;
      int min = random.nextInt(0, 3);
      int max = min + random.nextInt(0, 8);
      int target = random.nextInt(min, max + 1);
      NodeGroup group =
          new NodeGroup(
              "g" + g,
              "t" + gpus,
              "A100",
              gpus,
              96_000,
              680_000,
              types[random.nextInt(types.length)],
              "z",
              min,
              max,
              target,
              gpus * (1 + random.nextInt(1, 5)));
      groups.add(group);
      for (int n = 0; n < target; n++) {
        String id = group.id() + "-" + n;
        if (random.nextInt(5) == 0) {
          nodes.add(new NodeStatus(id, group.id(), NodeState.PROVISIONING, now, gpus, 0, 0, 0));
          continue;
        }
        int busy = random.nextInt(0, gpus + 1);
        boolean evictable = random.nextBoolean();
        ready.add(group.template(id));
        used.add(new int[] {ready.size() - 1, busy});
        nodes.add(
            new NodeStatus(
                id,
                group.id(),
                NodeState.READY,
                now,
                gpus,
                busy * 1000L,
                busy > 0 ? 1 : 0,
                busy > 0 && evictable ? 1 : 0));
      }
    }
    ClusterState state = ClusterState.of(ready);
    for (int[] u : used) {
      if (u[1] > 0) {
        GpuNode n = ready.get(u[0]);
        Workload w = Workload.builder("w-" + n.name()).wholeGpus(u[1]).build();
        state.apply(
            w, new Placement(w.name(), n.name(), IntStream.range(0, u[1]).boxed().toList(), 1000));
      }
    }
    List<PendingWorkload> pending = new ArrayList<>();
    int pendingCount = random.nextInt(0, 12);
    Set<String> names = new HashSet<>();
    for (int p = 0; p < pendingCount; p++) {
      String name = "p" + p;
      names.add(name);
      pending.add(
          new PendingWorkload(
              Workload.builder(name)
                  .wholeGpus(random.nextBoolean() ? 1 : random.nextInt(1, 9))
                  .build(),
              now.minusSeconds(random.nextInt(0, 600)),
              random.nextBoolean(),
              name));
    }
    ScalingLimits limits =
        new ScalingLimits(
            random.nextBoolean() ? OptionalInt.of(random.nextInt(0, 40)) : OptionalInt.empty(),
            random.nextBoolean() ? OptionalInt.of(random.nextInt(0, 40)) : OptionalInt.empty(),
            new DisruptionBudget(
                random.nextInt(1, 4), random.nextInt(1, 6), Duration.ofMinutes(10)));
    nodes.sort((a, b) -> a.nodeId().compareTo(b.nodeId()));
    return new ScalingSnapshot(
        now,
        groups,
        nodes,
        state,
        pending,
        Optional.empty(),
        limits,
        random.nextInt(0, 2),
        random.nextInt(0, 3));
  }
}
