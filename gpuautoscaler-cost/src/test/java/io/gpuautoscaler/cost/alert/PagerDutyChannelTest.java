package io.gpuautoscaler.cost.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.spi.Settings;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagerDutyChannelTest {
  private static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdef012345";
  private final LoopbackHttpServer pagerduty = new LoopbackHttpServer(202);
  private final ChannelScenario scenario =
      new ChannelScenario(
          "pagerduty",
          Settings.of(Map.of("routing-key", ROUTING_KEY, "url", pagerduty.url("/v2/enqueue"))));

  PagerDutyChannelTest() throws Exception {}

  @AfterEach
  void stop() {
    pagerduty.close();
  }

  @Test
  void deliver_triggersAnEventsV2EventWithADedupKey() {
    scenario.spend(600);
    scenario.spend(620);

    assertThat(pagerduty.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path()).isEqualTo("/v2/enqueue");
              assertThat(r.body())
                  .startsWith(
                      "{\"routing_key\":\""
                          + ROUTING_KEY
                          + "\",\"dedup_key\":\"gpuautoscaler/budget/ml/2026-11-01T00:00:00Z/50\","
                          + "\"event_action\":\"trigger\",\"payload\":{\"summary\":\"Budget ml reached 50%")
                  .contains("\"source\":\"gpu-autoscaler\"")
                  .contains("\"severity\":\"warning\"")
                  .contains("\"timestamp\":\"2026-11-01T02:00:00Z\"")
                  .contains("\"component\":\"budget/ml\"")
                  .contains("\"custom_details\":{\"budget\":\"ml\"");
            });
  }

  @Test
  void deliver_whenCleared_resolvesTheSameDedupKey() {
    scenario.spend(600);
    scenario.spend(0.5);

    assertThat(pagerduty.requests()).hasSize(2);
    assertThat(pagerduty.requests().get(1).body())
        .isEqualTo(
            "{\"routing_key\":\""
                + ROUTING_KEY
                + "\",\"dedup_key\":\"gpuautoscaler/budget/ml/2026-11-01T00:00:00Z/50\","
                + "\"event_action\":\"resolve\"}");
  }

  @Test
  void deliver_after429_retries() {
    pagerduty.thenRespond(429, "{\"status\":\"throttle event\"}");

    assertThat(scenario.spend(600))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.delivered()).isTrue();
              assertThat(d.attempts()).isEqualTo(2);
            });
  }

  @Test
  void deliver_after400_doesNotRetryButTriesAgainOnTheNextEvaluation() {
    pagerduty.thenRespond(400, "{\"status\":\"invalid event\"}");

    assertThat(scenario.spend(600))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.delivered()).isFalse();
              assertThat(d.attempts()).isEqualTo(1);
              assertThat(d.error()).hasValueSatisfying(m -> assertThat(m).contains("HTTP 400"));
            });
    assertThat(scenario.spend(600))
        .singleElement()
        .satisfies(d -> assertThat(d.delivered()).isTrue());
    assertThat(pagerduty.requests()).hasSize(2);
  }
}
