package io.gpuautoscaler.core.catalog;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.Beta;
import io.gpuautoscaler.api.ConfigurationException;
import java.util.List;

/**
 * A GPU model, or a MIG profile of a model, that the catalog does not know. The message lists the
 * names it does know.
 */
@Beta
public final class UnknownGpuException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  /** What was not found. */
  public enum Kind {
    /** No model has this name, alias or product label. */
    MODEL,
    /** The model is known but is not MIG-capable. */
    MIG_MODEL,
    /** The model has no MIG profile of this name. */
    PROFILE
  }

  private final Kind kind;
  private final String name;
  private final List<String> known;

  /**
   * @param kind what was looked up
   * @param name the name that was not found
   * @param model the model a profile was looked up in; empty for models
   * @param known the names that exist
   */
  public UnknownGpuException(Kind kind, String name, String model, List<String> known) {
    super(message(kind, name, model, known));
    this.kind = kind;
    this.name = name;
    this.known = List.copyOf(known);
  }

  private static String message(Kind kind, String name, String model, List<String> known) {
    requireNonNull(kind, "kind");
    String list = String.join(", ", known);
    return switch (kind) {
      case MODEL -> "Unknown GPU model '" + name + "'; known: " + list;
      case MIG_MODEL ->
          "GPU model '" + name + "' does not support MIG; MIG-capable models: " + list;
      case PROFILE -> "Unknown MIG profile '" + name + "' for " + model + "; its profiles: " + list;
    };
  }

  /** What was not found. */
  public Kind kind() {
    return kind;
  }

  /** The name that was not found. */
  public String name() {
    return name;
  }

  /** The names that exist (models, or the model's profiles). */
  public List<String> known() {
    return known;
  }
}
