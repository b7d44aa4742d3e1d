package io.gpuautoscaler.core.catalog;

import io.gpuautoscaler.api.Beta;

/**
 * A CUDA compute capability such as 8.0 (Ampere A100) or 7.5 (Turing).
 *
 * @param major at least 1
 * @param minor at least 0
 */
@Beta
public record ComputeCapability(int major, int minor) implements Comparable<ComputeCapability> {
  public ComputeCapability {
    if (major < 1 || minor < 0 || minor > 9) {
      throw new IllegalArgumentException(
          "compute capability must be <major>.<minor> with major >= 1 and minor 0..9, was "
              + major
              + "."
              + minor);
    }
  }

  /**
   * Parses {@code "8.0"}.
   *
   * @throws IllegalArgumentException when {@code text} is not {@code <major>.<minor>}
   */
  public static ComputeCapability parse(String text) {
    String[] parts = text.trim().split("\\.", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "expected <major>.<minor> such as 8.0, was '" + text + "'");
    }
    try {
      return new ComputeCapability(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected <major>.<minor> such as 8.0, was '" + text + "'", e);
    }
  }

  /** Whether this is at least {@code major.minor}. */
  public boolean atLeast(int major, int minor) {
    return compareTo(new ComputeCapability(major, minor)) >= 0;
  }

  @Override
  public int compareTo(ComputeCapability other) {
    return major != other.major
        ? Integer.compare(major, other.major)
        : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
