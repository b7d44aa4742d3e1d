/**
 * The {@code time-slicing} sharing planner: CUDA time-slicing through the NVIDIA device plugin,
 * with no memory or fault isolation.
 */
package io.gpuautoscaler.core.sharing.timeslicing;
