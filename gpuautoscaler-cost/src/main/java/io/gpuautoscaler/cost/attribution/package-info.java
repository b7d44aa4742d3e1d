/**
 * Attribution: cost records grouped by any combination of keys and time buckets, with idle cost on
 * its own or shared back.
 */
package io.gpuautoscaler.cost.attribution;
