/** The cost module's entry points. */
package io.gpuautoscaler.cost;
