/** The default {@link io.gpuautoscaler.api.sharing.SharingSelector}, {@code policy}. */
package io.gpuautoscaler.core.sharing.selector;
