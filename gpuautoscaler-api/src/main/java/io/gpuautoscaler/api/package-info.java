/**
 * GPU Autoscaler's public API: exceptions and the {@link io.gpuautoscaler.api.Beta} marker. Value
 * types are in {@code io.gpuautoscaler.api.model}, extension points in {@code
 * io.gpuautoscaler.api.spi}. This module depends on the JDK only.
 */
package io.gpuautoscaler.api;
