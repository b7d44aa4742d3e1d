/** The {@code mps} sharing planner: CUDA MPS through the NVIDIA device plugin. */
package io.gpuautoscaler.core.sharing.mps;
