/**
 * Node prices: the {@link io.gpuautoscaler.core.pricing.PriceTable} embedded from the project's
 * price reference, and price files in the same format that override or extend it.
 */
package io.gpuautoscaler.core.pricing;
