package io.gpuautoscaler.api.cost;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.GpuAutoscalerException;

/** A cost store could not do what was asked: the database failed or could not be reached. */
@Beta
public class CostStoreException extends GpuAutoscalerException {
  private static final long serialVersionUID = 1L;

  public CostStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
