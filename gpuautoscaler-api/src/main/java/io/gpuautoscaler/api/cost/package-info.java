/**
 * Cost: the record every cost model writes and every store keeps, and the SPIs of the cost module
 * (pricing sources, cost models, stores, alert channels).
 */
package io.gpuautoscaler.api.cost;
