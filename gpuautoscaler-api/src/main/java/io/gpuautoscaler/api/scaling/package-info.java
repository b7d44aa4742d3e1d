/**
 * Autoscaling: node groups and the {@link io.gpuautoscaler.api.scaling.NodeGroupProvider} that
 * grows and shrinks them, and the {@link io.gpuautoscaler.api.scaling.ScalingPolicy} that decides
 * how. A policy reads a {@link io.gpuautoscaler.api.scaling.ScalingSnapshot} and answers one {@link
 * io.gpuautoscaler.api.scaling.ScalingDecision}; whoever runs the loop (the simulator, later the
 * operator) applies it through a provider, whose answers and events are typed outcomes, not
 * exceptions.
 */
package io.gpuautoscaler.api.scaling;
