package io.gpuautoscaler.cost.model;

import java.util.OptionalLong;

/** Argument checks the cost models share. */
final class Models {
  private Models() {}

  static void check(long requestedMilli, OptionalLong usedMilli) {
    if (requestedMilli < 0) {
      throw new IllegalArgumentException("requestedMilli must be >= 0, was " + requestedMilli);
    }
    if (usedMilli.isPresent() && usedMilli.getAsLong() < 0) {
      throw new IllegalArgumentException("usedMilli must be >= 0, was " + usedMilli.getAsLong());
    }
  }
}
