package io.gpuautoscaler.cost.alert;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.Alert;
import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.spi.Settings;
import java.util.Map;

/**
 * Sends alerts to PagerDuty's Events API v2: a {@code trigger} event for a reached threshold and a
 * {@code resolve} event with the same {@code dedup_key} when it clears, so PagerDuty opens one
 * incident per threshold per period and closes it by itself.
 *
 * <p>Settings: {@code routing-key} (required, secret: the integration key), {@code url} (default
 * {@value #DEFAULT_URL}; tests and proxies point it elsewhere), {@code source} (default {@code
 * gpu-autoscaler}), {@code timeout-ms} (default 10000). PagerDuty answers 202 when it accepts an
 * event, 400 for a malformed one and 429 when rate limiting; only the last is retried. Thread-safe.
 */
public final class PagerDutyChannel implements AlertChannel {
  public static final String NAME = "pagerduty";
  public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";
  static final String ROUTING_KEY = "routing-key";
  static final String URL = "url";
  static final String SOURCE = "source";
  private static final int MAX_SUMMARY = 1024;

  private final HttpPoster poster;
  private final Secret routingKey;
  private final String source;

  private PagerDutyChannel(HttpPoster poster, Secret routingKey, String source) {
    this.poster = poster;
    this.routingKey = routingKey;
    this.source = source;
  }

  @Override
  public void deliver(Alert alert) {
    Json event =
        new Json().put("routing_key", routingKey.reveal()).put("dedup_key", alert.dedupKey());
    if (alert.action() == Alert.Action.RESOLVE) {
      event.put("event_action", "resolve");
    } else {
      String summary = alert.summary();
      event
          .put("event_action", "trigger")
          .put(
              "payload",
              new Json()
                  .put(
                      "summary",
                      summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY))
                  .put("source", source)
                  .put("severity", alert.severity().id())
                  .put("timestamp", alert.evaluation().evaluatedAt().toString())
                  .put("component", "budget/" + alert.budgetName())
                  .put("group", "gpu-cost")
                  .put("class", "budget-threshold")
                  .put("custom_details", AlertJson.of(alert)));
    }
    poster.post(event.toString(), Map.of(), routingKey);
  }

  @Override
  public String toString() {
    return "PagerDutyChannel[routing-key=" + Secret.HIDDEN + ", source=" + source + "]";
  }

  /** Listed in META-INF/services; keep it public with a no-arg constructor. */
  public static final class Provider implements AlertChannel.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "PagerDuty Events API v2: trigger and resolve with a dedup key";
    }

    @Override
    public AlertChannel create(Settings settings) {
      settings.requireOnly(
          "alert channel pagerduty", ROUTING_KEY, URL, SOURCE, HttpPoster.TIMEOUT_MS);
      String key = settings.get(ROUTING_KEY).map(String::trim).orElse("");
      if (key.isEmpty()) {
        throw new ConfigurationException(
            "alert channel pagerduty needs setting 'routing-key' (the integration key)");
      }
      String source = settings.get(SOURCE).orElse("gpu-autoscaler");
      return new PagerDutyChannel(
          HttpPoster.fromSettings(NAME, settings, URL, DEFAULT_URL), new Secret(key), source);
    }
  }
}
