/**
 * Pricing sources: the {@code embedded} source built on core's price table, and users' price files
 * with cloud, on-premises GPU-model and node-label prices.
 */
package io.gpuautoscaler.cost.pricing;
