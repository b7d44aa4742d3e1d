/**
 * Immutable, validated value types (records) with units in their names, and the read-only {@link
 * io.gpuautoscaler.api.model.ClusterView} that strategies see.
 */
package io.gpuautoscaler.api.model;
