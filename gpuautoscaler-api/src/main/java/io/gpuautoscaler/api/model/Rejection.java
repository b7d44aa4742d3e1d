package io.gpuautoscaler.api.model;

import static io.gpuautoscaler.api.model.Checks.nonBlank;
import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;

/**
 * Why a workload could not be placed, like kube-scheduler's "0/12 nodes are available: ..." status.
 *
 * @param reason the filter that ruled out the most nodes, for machines
 * @param message for people: counts of nodes per reason, with the amounts asked for
 */
@Beta
public record Rejection(Reason reason, String message) {
  public Rejection {
    requireNonNull(reason, "reason");
    nonBlank(message, "message");
  }

  /** The filters a node can fail, in the order they are tested. */
  public enum Reason {
    /** The cluster has no nodes at all. */
    NO_NODES,
    /** No node has GPUs of an allowed model (or any GPUs, for a GPU workload). */
    GPU_MODEL_UNAVAILABLE,
    /** Nodes have too few GPUs in total for the request, even when idle. */
    TOO_FEW_GPUS,
    /** Not enough free CPU. */
    INSUFFICIENT_CPU,
    /** Not enough free memory. */
    INSUFFICIENT_MEMORY,
    /** Not enough wholly free GPUs for a whole-GPU request. */
    INSUFFICIENT_FREE_GPUS,
    /** No GPU with a large enough free share for a shared request. */
    INSUFFICIENT_GPU_SHARE,
    /** Feasible nodes exist, but the strategy declined all of them. */
    DECLINED_BY_STRATEGY
  }
}
