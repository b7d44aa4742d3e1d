package io.gpuautoscaler.cost.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.cost.budget.AlertDispatcher;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackChannelTest {
  private static final String HOOK = "/services/T0001/B0001/XyzSecretToken";
  private final LoopbackHttpServer slack = new LoopbackHttpServer(200);
  private final ChannelScenario scenario =
      new ChannelScenario("slack", Settings.of(Map.of("webhook-url", slack.url(HOOK))));

  SlackChannelTest() throws Exception {}

  @AfterEach
  void stop() {
    slack.close();
  }

  @Test
  void deliver_postsTheSummaryToTheWebhookOnce() {
    scenario.spend(600);
    scenario.spend(650); // re-evaluation: same threshold, same period
    scenario.spend(700);

    assertThat(slack.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo(HOOK);
              assertThat(r.header("Content-Type")).isEqualTo("application/json");
              assertThat(r.body())
                  .startsWith(
                      "{\"text\":\":warning: Budget ml reached 50%: spent $600.00 of $1,000.00");
            });
  }

  @Test
  void deliver_afterA500_retriesWithBackoffAndDeliversOnce() {
    slack.thenRespond(500);

    var deliveries = scenario.spend(600);

    assertThat(deliveries)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.delivered()).isTrue();
              assertThat(d.attempts()).isEqualTo(2);
            });
    assertThat(scenario.slept).containsExactly(Duration.ofMillis(200));
    assertThat(slack.requests()).hasSize(2);
    assertThat(scenario.spend(600)).isEmpty();
    assertThat(slack.requests()).hasSize(2);
  }

  @Test
  void deliver_afterADroppedConnection_retries() {
    slack.thenRespond(LoopbackHttpServer.DROP);

    var deliveries = scenario.spend(600);

    assertThat(deliveries)
        .singleElement()
        .extracting(AlertDispatcher.Delivery::attempts)
        .isEqualTo(2);
    assertThat(slack.requests()).hasSize(2);
  }

  @Test
  void deliver_whenTheBudgetClears_postsAResolvedMessage() {
    scenario.spend(600);
    scenario.spend(100);

    assertThat(slack.requests()).hasSize(2);
    assertThat(slack.requests().get(1).body())
        .startsWith("{\"text\":\":white_check_mark: Resolved: budget ml is no longer at 50%");
  }
}
