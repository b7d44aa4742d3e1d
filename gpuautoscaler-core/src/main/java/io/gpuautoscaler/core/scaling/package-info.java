/**
 * Autoscaling in core: the {@code simulated} {@link io.gpuautoscaler.api.scaling.NodeGroupProvider}
 * with its {@link io.gpuautoscaler.core.scaling.SimulatedClock}, and the built-in {@link
 * io.gpuautoscaler.api.scaling.ScalingPolicy} implementations.
 */
package io.gpuautoscaler.core.scaling;
