package io.gpuautoscaler.cost.model;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.model.Workload;
import io.gpuautoscaler.api.sharing.SharingMode;
import io.gpuautoscaler.api.sharing.WorkloadKind;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One workload as seen on a node during a {@link NodeObservation}: what it reserved, how it shares
 * its GPU, and what it used when GPU metrics say.
 *
 * <p>What it reserved is {@link Workload#totalGpuMilli()}: whole GPUs × 1000, or its share of one
 * GPU; a MIG slice is its share of the GPU's compute (a {@code 3g.20gb} slice of a 7-slice GPU is
 * 3/7, 428 milli), an MPS or time-slice share its fraction of the GPU.
 *
 * @param uid a stable unique id (a pod's uid)
 * @param workload the workload and its GPU request; a workload without GPUs costs nothing here
 * @param sharingMode how it shares its GPU; {@link SharingMode#EXCLUSIVE} only for whole GPUs
 * @param usedMilli its average GPU use over the observation in thousandths of a GPU, when metrics
 *     are present (DCGM engine-active × 1000 per GPU); at least 0
 * @param kind what the workload does, when known; recorded as the label {@link
 *     io.gpuautoscaler.api.cost.GroupKey#WORKLOAD_KIND_LABEL}
 */
@Beta
public record WorkloadObservation(
    String uid,
    Workload workload,
    SharingMode sharingMode,
    OptionalLong usedMilli,
    Optional<WorkloadKind> kind) {

  public WorkloadObservation {
    requireNonNull(uid, "uid");
    if (uid.isBlank()) {
      throw new IllegalArgumentException("uid must not be blank");
    }
    requireNonNull(workload, "workload");
    requireNonNull(sharingMode, "sharingMode");
    requireNonNull(usedMilli, "usedMilli");
    requireNonNull(kind, "kind");
    if (sharingMode == SharingMode.EXCLUSIVE && workload.sharesGpu()) {
      throw new IllegalArgumentException(
          "workload "
              + uid
              + " asks for "
              + workload.gpuMilli()
              + " milli of a GPU, so it cannot hold it exclusively; give its sharing mode");
    }
    if (usedMilli.isPresent() && usedMilli.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "usedMilli must be >= 0 for " + uid + ", was " + usedMilli.getAsLong());
    }
  }

  /** A workload holding whole GPUs, without usage metrics. */
  public static WorkloadObservation exclusive(String uid, Workload workload) {
    return new WorkloadObservation(
        uid, workload, SharingMode.EXCLUSIVE, OptionalLong.empty(), Optional.empty());
  }

  /** A workload sharing one GPU as {@code mode}, without usage metrics. */
  public static WorkloadObservation shared(String uid, Workload workload, SharingMode mode) {
    return new WorkloadObservation(uid, workload, mode, OptionalLong.empty(), Optional.empty());
  }

  /** This observation with measured use {@code milli}. */
  public WorkloadObservation withUsedMilli(long milli) {
    return new WorkloadObservation(uid, workload, sharingMode, OptionalLong.of(milli), kind);
  }

  /** This observation with the workload's kind. */
  public WorkloadObservation withKind(WorkloadKind workloadKind) {
    return new WorkloadObservation(
        uid, workload, sharingMode, usedMilli, Optional.of(workloadKind));
  }
}
