package io.gpuautoscaler.api;

/**
 * The library was assembled or configured wrongly: an unknown provider name, two providers with one
 * name, a setting of the wrong type. The message says what is wrong and how to fix it.
 */
public class ConfigurationException extends GpuAutoscalerException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
