/**
 * Cost models ({@code request}, {@code max-request-usage}, {@code usage}) and the calculator that
 * turns node observations into per-workload, per-interval cost records with the idle cost of each
 * node on its own.
 */
package io.gpuautoscaler.cost.model;
