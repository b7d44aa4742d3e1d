package io.gpuautoscaler.cost.alert;

import io.gpuautoscaler.api.cost.Alert;
import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.spi.Settings;
import java.util.Map;

/**
 * Posts alerts to a Slack incoming webhook as one message each: {@code {"text": ...}}, the summary
 * prefixed by its severity. Slack has no notion of resolving a message, so a resolve is a second
 * message saying so.
 *
 * <p>Settings: {@code webhook-url} (required, secret: the URL is the credential), {@code
 * timeout-ms} (default 10000). Thread-safe.
 */
public final class SlackChannel implements AlertChannel {
  public static final String NAME = "slack";
  static final String WEBHOOK_URL = "webhook-url";

  private final HttpPoster poster;

  private SlackChannel(HttpPoster poster) {
    this.poster = poster;
  }

  @Override
  public void deliver(Alert alert) {
    String prefix =
        alert.action() == Alert.Action.RESOLVE
            ? ":white_check_mark: "
            : alert.severity() == Alert.Severity.CRITICAL ? ":rotating_light: " : ":warning: ";
    poster.post(new Json().put("text", prefix + alert.summary()).toString(), Map.of());
  }

  @Override
  public String toString() {
    return "SlackChannel[webhook-url=" + Secret.HIDDEN + "]";
  }

  /** Listed in META-INF/services; keep it public with a no-arg constructor. */
  public static final class Provider implements AlertChannel.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "Slack incoming webhook";
    }

    @Override
    public AlertChannel create(Settings settings) {
      settings.requireOnly("alert channel slack", WEBHOOK_URL, HttpPoster.TIMEOUT_MS);
      return new SlackChannel(HttpPoster.fromSettings(NAME, settings, WEBHOOK_URL, null));
    }
  }
}
