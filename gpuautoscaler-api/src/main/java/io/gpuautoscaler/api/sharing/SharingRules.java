package io.gpuautoscaler.api.sharing;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The thresholds a {@link SharingSelector} applies to the workloads of one namespace (or, as a
 * {@link SharingPolicy}'s defaults, of every namespace without its own). The rules themselves are
 * in the selector's code; these are the numbers and switches an operator tunes.
 *
 * @param allowedModes the sharing modes the selector may choose besides {@link
 *     SharingMode#EXCLUSIVE}, which is always possible; copied. An empty set turns sharing off.
 * @param maxSharedComputeMilli a workload that needs more than this share of a GPU's compute gets
 *     whole GPUs; 1..999
 * @param minUtilizationGain sharing is chosen only when one GPU can hold at least this many
 *     workloads like this one in the chosen mode (by compute, memory, replicas or MIG slices); at
 *     least 1, finite
 * @param timeSlicingForLatencySensitive whether {@link LatencyClass#SENSITIVE} workloads may be
 *     time-sliced (every client then waits for the others' time slices)
 * @param migForIsolation whether a workload that needs memory and fault isolation gets a MIG
 *     instance when a MIG-capable model is available and a profile holds it; when false, or when
 *     none does, it gets a whole GPU
 * @param maxReplicas the most MPS clients or time-slice replicas one GPU is split into; 2..48 (the
 *     device plugin's MPS limit is 48 at compute capability 7.5 and above, 16 below)
 */
@Beta
public record SharingRules(
    Set<SharingMode> allowedModes,
    int maxSharedComputeMilli,
    double minUtilizationGain,
    boolean timeSlicingForLatencySensitive,
    boolean migForIsolation,
    int maxReplicas) {

  /**
   * The defaults: every mode allowed; sharing only below 750 milli of compute and when a GPU holds
   * at least 1.5 such workloads; no time-slicing for latency-sensitive work; MIG for isolation; at
   * most 8 replicas per GPU.
   */
  public static final SharingRules DEFAULTS =
      new SharingRules(
          EnumSet.of(SharingMode.MIG, SharingMode.MPS, SharingMode.TIME_SLICING),
          750,
          1.5,
          false,
          true,
          8);

  public SharingRules {
    requireNonNull(allowedModes, "allowedModes");
    EnumSet<SharingMode> modes = EnumSet.noneOf(SharingMode.class);
    for (SharingMode mode : allowedModes) {
      modes.add(requireNonNull(mode, "allowedModes element"));
    }
    modes.remove(SharingMode.EXCLUSIVE);
    allowedModes = Collections.unmodifiableSet(modes);
    if (maxSharedComputeMilli < 1 || maxSharedComputeMilli > 999) {
      throw new IllegalArgumentException(
          "maxSharedComputeMilli must be in 1..999, was " + maxSharedComputeMilli);
    }
    if (!(minUtilizationGain >= 1) || !Double.isFinite(minUtilizationGain)) {
      throw new IllegalArgumentException(
          "minUtilizationGain must be a finite number >= 1, was " + minUtilizationGain);
    }
    if (maxReplicas < 2 || maxReplicas > 48) {
      throw new IllegalArgumentException("maxReplicas must be in 2..48, was " + maxReplicas);
    }
  }

  /** Whether {@code mode} may be chosen; {@link SharingMode#EXCLUSIVE} always may. */
  public boolean allows(SharingMode mode) {
    return mode == SharingMode.EXCLUSIVE || allowedModes.contains(mode);
  }

  /** A copy with other allowed modes. */
  public SharingRules withAllowedModes(Set<SharingMode> modes) {
    return new SharingRules(
        modes,
        maxSharedComputeMilli,
        minUtilizationGain,
        timeSlicingForLatencySensitive,
        migForIsolation,
        maxReplicas);
  }

  /** A copy with another compute threshold. */
  public SharingRules withMaxSharedComputeMilli(int milli) {
    return new SharingRules(
        allowedModes,
        milli,
        minUtilizationGain,
        timeSlicingForLatencySensitive,
        migForIsolation,
        maxReplicas);
  }

  /** A copy with another minimum gain. */
  public SharingRules withMinUtilizationGain(double gain) {
    return new SharingRules(
        allowedModes,
        maxSharedComputeMilli,
        gain,
        timeSlicingForLatencySensitive,
        migForIsolation,
        maxReplicas);
  }

  /** A copy that does or does not time-slice latency-sensitive work. */
  public SharingRules withTimeSlicingForLatencySensitive(boolean allowed) {
    return new SharingRules(
        allowedModes,
        maxSharedComputeMilli,
        minUtilizationGain,
        allowed,
        migForIsolation,
        maxReplicas);
  }

  /** A copy that does or does not give MIG instances to workloads that need isolation. */
  public SharingRules withMigForIsolation(boolean mig) {
    return new SharingRules(
        allowedModes,
        maxSharedComputeMilli,
        minUtilizationGain,
        timeSlicingForLatencySensitive,
        mig,
        maxReplicas);
  }

  /** A copy with another replica cap. */
  public SharingRules withMaxReplicas(int replicas) {
    return new SharingRules(
        allowedModes,
        maxSharedComputeMilli,
        minUtilizationGain,
        timeSlicingForLatencySensitive,
        migForIsolation,
        replicas);
  }
}
