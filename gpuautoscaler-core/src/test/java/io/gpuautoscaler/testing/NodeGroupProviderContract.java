package io.gpuautoscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.scaling.DeleteOutcome;
import io.gpuautoscaler.api.scaling.NodeGroup;
import io.gpuautoscaler.api.scaling.NodeGroupProvider;
import io.gpuautoscaler.api.scaling.NodeInstance;
import io.gpuautoscaler.api.scaling.NodeState;
import io.gpuautoscaler.api.scaling.ResizeOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NodeGroupProvider} promises: groups sorted by id with targets within their
 * bounds; a resize beyond the bounds refused with the right reason and nothing changed; deleting a
 * node twice accepted, the second time as already gone; each event handed out once. A provider's
 * test class implements this interface and supplies {@link #provider()}: a fresh provider whose
 * first group has at least one running node and room to grow by one.
 */
public interface NodeGroupProviderContract {

  /** A fresh provider; see the interface's comment for what its first group must allow. */
  NodeGroupProvider provider();

  @Test
  default void nodeGroups_areSortedByIdWithTargetsWithinBounds() {
    List<NodeGroup> groups = provider().nodeGroups();

    assertThat(groups).isNotEmpty();
    assertThat(groups).extracting(NodeGroup::id).isSorted();
    assertThat(groups)
        .allMatch(g -> g.targetSize() >= g.minSize() && g.targetSize() <= g.maxSize());
  }

  @Test
  default void setTargetSize_refusesBeyondTheBoundsAndChangesNothing() {
    NodeGroupProvider p = provider();
    NodeGroup g = p.nodeGroups().get(0);

    var above = p.setTargetSize(g.id(), g.maxSize() + 1);
    var below = p.setTargetSize(g.id(), g.minSize() - 1);

    assertThat(above).isInstanceOf(ResizeOutcome.Refused.class);
    assertThat(((ResizeOutcome.Refused) above).reason()).isEqualTo(ResizeOutcome.Reason.ABOVE_MAX);
    assertThat(below).isInstanceOf(ResizeOutcome.Refused.class);
    assertThat(((ResizeOutcome.Refused) below).reason()).isEqualTo(ResizeOutcome.Reason.BELOW_MIN);
    assertThat(p.nodeGroups().get(0)).isEqualTo(g);
  }

  @Test
  default void setTargetSize_toTheCurrentTargetChangesNothing() {
    NodeGroupProvider p = provider();
    NodeGroup g = p.nodeGroups().get(0);
    List<NodeInstance> before = p.nodes(g.id());

    var outcome = p.setTargetSize(g.id(), g.targetSize());

    assertThat(outcome)
        .isEqualTo(new ResizeOutcome.Accepted(g.id(), g.targetSize(), g.targetSize()));
    assertThat(p.nodes(g.id())).isEqualTo(before);
  }

  @Test
  default void deleteNodes_isIdempotent() {
    NodeGroupProvider p = provider();
    NodeGroup g = p.nodeGroups().get(0);
    p.setTargetSize(g.id(), g.targetSize() + 1);
    String id =
        p.nodes(g.id()).stream()
            .filter(n -> n.state() != NodeState.TERMINATING)
            .findFirst()
            .orElseThrow()
            .id();

    var first = p.deleteNodes(g.id(), List.of(id));
    var second = p.deleteNodes(g.id(), List.of(id));

    assertThat(first).isInstanceOf(DeleteOutcome.Accepted.class);
    assertThat(((DeleteOutcome.Accepted) first).terminating()).containsExactly(id);
    assertThat(second).isEqualTo(new DeleteOutcome.Accepted(g.id(), List.of(), List.of(id)));
  }

  @Test
  default void pollEvents_handsEachEventOutOnce() {
    NodeGroupProvider p = provider();
    NodeGroup g = p.nodeGroups().get(0);
    p.setTargetSize(g.id(), g.targetSize() + 1);
    p.deleteNodes(g.id(), List.of(p.nodes(g.id()).get(0).id()));

    var first = p.pollEvents();
    var second = p.pollEvents();

    assertThat(first).isNotEmpty();
    assertThat(second).isEmpty();
  }
}
