package io.gpuautoscaler.api.scaling;

import io.gpuautoscaler.api.Beta;

/** Where a node is in its life. A node moves forward only: provisioning, ready, cordoned, gone. */
@Beta
public enum NodeState {
  /** Asked for; the cloud is starting it. It costs money but runs nothing yet. */
  PROVISIONING,
  /** Running and schedulable. */
  READY,
  /** Running, but takes no new work: it is being drained (scale-down or an interruption). */
  CORDONED,
  /** Being deleted; it will be gone soon. */
  TERMINATING
}
