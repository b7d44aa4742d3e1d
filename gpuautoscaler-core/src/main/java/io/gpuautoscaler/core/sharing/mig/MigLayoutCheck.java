package io.gpuautoscaler.core.sharing.mig;

import io.gpuautoscaler.api.Beta;
import java.util.List;

/**
 * Whether a multiset of MIG profiles fits on one GPU: {@link Placeable} with placements and a
 * creation order, or {@link NotPlaceable} with the reason.
 */
@Beta
public sealed interface MigLayoutCheck {

  /** Whether the profiles fit. */
  default boolean placeable() {
    return this instanceof Placeable;
  }

  /**
   * The profiles fit.
   *
   * @param creationOrder every instance with its placement, in an order in which creating them one
   *     by one succeeds even when the driver chooses placements itself: largest first, then by
   *     start. (Creating small instances first can take the slots a later 3g needs: {@code
   *     nvidia-smi mig -cgi 19,19,14,9} fails where {@code 9,14,19,19} works.)
   */
  record Placeable(List<PlacedInstance> creationOrder) implements MigLayoutCheck {
    public Placeable {
      creationOrder = List.copyOf(creationOrder);
    }

    /** The profile ids in creation order, as {@code nvidia-smi mig -cgi} takes them. */
    public String cgiArgument() {
      return String.join(
          ",", creationOrder.stream().map(i -> Integer.toString(i.profile().id())).toList());
    }
  }

  /**
   * The profiles do not fit.
   *
   * @param reason for people: which limit is exceeded, with the numbers
   */
  record NotPlaceable(String reason) implements MigLayoutCheck {}
}
