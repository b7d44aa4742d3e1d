/**
 * GPU sharing: the {@link io.gpuautoscaler.api.sharing.SharingPlanner} SPI and the records it reads
 * and writes. A planner turns the GPUs of some nodes (and what already runs on them) plus requests
 * for a share of a GPU into a {@link io.gpuautoscaler.api.sharing.SharingPlan}: which GPU each
 * request lands on, which Kubernetes extended resource it asks for, and which NVIDIA config
 * (mig-parted or device plugin) each node needs.
 */
package io.gpuautoscaler.api.sharing;
