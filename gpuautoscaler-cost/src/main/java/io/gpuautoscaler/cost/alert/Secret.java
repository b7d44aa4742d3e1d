package io.gpuautoscaler.cost.alert;

import static java.util.Objects.requireNonNull;

/**
 * A value that must never be printed: a webhook URL (Slack's carries its token), a routing key, a
 * password, a signing key. {@code toString} hides it; {@link #redact} scrubs it from text that may
 * echo it, such as a library's exception message.
 */
final class Secret {
  static final String HIDDEN = "****";

  private final String value;

  Secret(String value) {
    this.value = requireNonNull(value, "value");
  }

  /** The value itself, for the one place that sends it. */
  String reveal() {
    return value;
  }

  /** {@code text} with every occurrence of the value replaced by {@value #HIDDEN}. */
  String redact(String text) {
    if (text == null) {
      return "";
    }
    return value.isEmpty() ? text : text.replace(value, HIDDEN);
  }

  @Override
  public String toString() {
    return HIDDEN;
  }
}
