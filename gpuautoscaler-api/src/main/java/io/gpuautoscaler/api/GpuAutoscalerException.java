package io.gpuautoscaler.api;

/** Root of every exception the library throws on purpose. Unchecked, like JDBI's. */
public class GpuAutoscalerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GpuAutoscalerException(String message) {
    super(message);
  }

  public GpuAutoscalerException(String message, Throwable cause) {
    super(message, cause);
  }
}
