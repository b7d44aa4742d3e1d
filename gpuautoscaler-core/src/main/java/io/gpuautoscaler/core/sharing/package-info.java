/**
 * GPU sharing support shared by the planners: the small YAML writer that renders mig-parted and
 * device plugin configs. The planners live in sub-packages ({@code mig}, {@code mps}, {@code
 * timeslicing}).
 */
package io.gpuautoscaler.core.sharing;
