/**
 * The GPU model catalog: memory, compute capability, MPS client limit, GPU operator product labels
 * and, for MIG-capable models, the MIG geometry and every GPU-instance profile. The data ships as
 * {@code gpu-models.txt} in this package and is read by {@link
 * io.gpuautoscaler.core.catalog.GpuCatalog}.
 */
package io.gpuautoscaler.core.catalog;
