package io.gpuautoscaler.core.sim;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.sharing.SharingMode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@link SharingReplay} run of one scheme with one seed. The curves have one entry per integer
 * arrived % from 0 to the protocol's maximum, averaged over the replay events there as the packing
 * curves are.
 *
 * @param scheme the sharing scheme
 * @param seed the seed of the shuffle, the clones and the node order
 * @param pods pods attempted, clones included
 * @param placed pods placed
 * @param failed pods that fit nowhere on arrival
 * @param jobsPerGpu running GPU pods per GPU with any pod, at arrived workload x %
 * @param gpusUsed GPUs with any pod at x %: the GPUs needed to host what runs
 * @param unallocatedPct GPU capacity not handed out at x %, in %: a whole GPU per exclusive GPU, 1
 *     / replicas per MPS or time-slice client, the instance's compute slices per MIG instance
 * @param placedByMode GPU pods placed, by the mode they got, at the end of the run
 * @param nodeConfigs nodes per sharing config at the end of the run ({@code mps-4}, {@code
 *     time-slicing-3}, {@code mig}), sorted by name
 * @param elapsedMillis wall time of the replay, excluding setup
 */
@Beta
public record SharingRunResult(
    SharingScheme scheme,
    long seed,
    int pods,
    int placed,
    int failed,
    double[] jobsPerGpu,
    double[] gpusUsed,
    double[] unallocatedPct,
    Map<SharingMode, Integer> placedByMode,
    Map<String, Integer> nodeConfigs,
    long elapsedMillis) {
  public SharingRunResult {
    requireNonNull(scheme, "scheme");
    jobsPerGpu = jobsPerGpu.clone();
    gpusUsed = gpusUsed.clone();
    unallocatedPct = unallocatedPct.clone();
    placedByMode = Collections.unmodifiableMap(new EnumMap<>(placedByMode));
    nodeConfigs = Collections.unmodifiableSortedMap(new TreeMap<>(nodeConfigs));
  }

  @Override
  public double[] jobsPerGpu() {
    return jobsPerGpu.clone();
  }

  @Override
  public double[] gpusUsed() {
    return gpusUsed.clone();
  }

  @Override
  public double[] unallocatedPct() {
    return unallocatedPct.clone();
  }
}
