/**
 * The MIG sharing planner: layout validity by NVIDIA's placement rule ({@link
 * io.gpuautoscaler.core.sharing.mig.MigLayouts}) and layout planning for many GPUs ({@link
 * io.gpuautoscaler.core.sharing.mig.MigPlanner}), with mig-parted configs as output.
 */
package io.gpuautoscaler.core.sharing.mig;
