/**
 * The time-based autoscaling simulator: replays a job trace through the packing engine, a FIFO
 * queue with backfill, node groups that grow and shrink through a {@link
 * io.gpuautoscaler.core.scaling.SimulatedNodeGroupProvider}, and a {@link
 * io.gpuautoscaler.api.scaling.ScalingPolicy}; and the baselines it is measured against.
 */
package io.gpuautoscaler.core.autoscale;
