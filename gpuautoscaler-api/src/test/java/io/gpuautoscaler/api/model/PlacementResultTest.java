package io.gpuautoscaler.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementResultTest {
  private static final Rejection NO_CPU =
      new Rejection(
          Rejection.Reason.INSUFFICIENT_CPU,
          "0/1 nodes are available for w: 1 have less than 1m CPU free.");

  @Test
  void placement_ofPlaced_isItsValue() {
    Placement p = new Placement("w", "n", List.of(0), 500);

    assertThat(new PlacementResult.Placed(p).placement()).contains(p);
  }

  @Test
  void placement_ofUnschedulable_isEmpty() {
    assertThat(new PlacementResult.Unschedulable("w", NO_CPU).placement()).isEmpty();
  }

  @Test
  void constructors_rejectMissingParts() {
    assertThatThrownBy(() -> new PlacementResult.Placed(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> new PlacementResult.Unschedulable("w", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rejection");
    assertThatThrownBy(() -> new PlacementResult.Unschedulable(" ", NO_CPU))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workloadName must not be blank");
  }

  @Test
  void rejection_needsAReasonAndAMessage() {
    assertThatThrownBy(() -> new Rejection(null, "m"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
    assertThatThrownBy(() -> new Rejection(Rejection.Reason.NO_NODES, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("message must not be blank");
  }
}
