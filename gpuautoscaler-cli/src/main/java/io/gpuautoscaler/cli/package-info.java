/**
 * The {@code gpu-autoscaler} command line: {@link io.gpuautoscaler.cli.GpuAutoscalerCli} and its
 * subcommands. Only wiring and presentation live here; every number comes from {@code
 * gpuautoscaler-core}.
 */
package io.gpuautoscaler.cli;
