package io.gpuautoscaler.cost.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import io.gpuautoscaler.cost.budget.AlertDispatcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Webhook URLs, routing keys and signing keys never show in logs (debug included, see
 * simplelogger.properties), exception messages, delivery errors or {@code toString}, whatever the
 * receiver answers, even when its error page echoes the request.
 */
class SecretsNeverPrintedTest {
  private static final String SLACK_TOKEN = "slackTOKENabc123XYZ";
  private static final String ROUTING_KEY = "pdROUTINGkey0987654321";
  private static final String HMAC_KEY = "whHMACkeyLetMeIn";
  private static final String URL_TOKEN = "urlTOKENqwerty";
  private static final List<String> SECRETS =
      List.of(SLACK_TOKEN, ROUTING_KEY, HMAC_KEY, URL_TOKEN);

  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private LoopbackHttpServer server;

  @BeforeEach
  void captureLogs() throws IOException {
    server = new LoopbackHttpServer(200);
    originalErr = System.err;
    // slf4j-simple looks System.err up on every line, so swapping it captures the logs.
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    server.close();
  }

  static Stream<Arguments> channels() {
    return Stream.of(
        Arguments.of("slack", "webhook-url", "/services/T1/B1/" + SLACK_TOKEN, Map.of()),
        Arguments.of("webhook", "url", "/hook?token=" + URL_TOKEN, Map.of("hmac-key", HMAC_KEY)),
        Arguments.of("pagerduty", "url", "/v2/enqueue", Map.of("routing-key", ROUTING_KEY)));
  }

  private static Settings settings(String urlKey, String url, Map<String, String> extra) {
    Settings s = Settings.of(extra).with(urlKey, url);
    return s;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void failuresAndToString_neverShowSecrets(
      String provider, String urlKey, String path, Map<String, String> extra) throws Exception {
    List<String> printed = new ArrayList<>();
    // A 400 whose body echoes the request (PagerDuty's body holds the routing key), then 500s
    // until the retries run out.
    server.thenRespond(400, LoopbackHttpServer.ECHO).thenRespond(500, "{\"url\":\"" + path + "\"}");
    server.thenRespond(500, LoopbackHttpServer.ECHO).thenRespond(500, LoopbackHttpServer.ECHO);
    var scenario = new ChannelScenario(provider, settings(urlKey, server.url(path), extra));
    printed.add(scenario.channel.toString());
    scenario.spend(600).forEach(d -> printed.add(d.error().orElse("")));
    scenario.spend(610).forEach(d -> printed.add(d.error().orElse("")));

    // Nobody listens on this port: the connection is refused.
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    var refused =
        new ChannelScenario(
            provider, settings(urlKey, "http://127.0.0.1:" + closedPort + path, extra));
    List<AlertDispatcher.Delivery> deliveries = refused.spend(600);
    deliveries.forEach(d -> printed.add(d.error().orElse("")));
    printed.add(refused.channel.toString());

    assertThat(deliveries).allSatisfy(d -> assertThat(d.delivered()).isFalse());
    assertThat(printed).anySatisfy(p -> assertThat(p).contains("HTTP 400"));
    assertThat(printed).anySatisfy(p -> assertThat(p).contains("could not reach"));
    String log = logs.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("Could not send").contains("retrying in");
    for (String secret : SECRETS) {
      assertThat(log).doesNotContain(secret);
      assertThat(printed).allSatisfy(p -> assertThat(p).doesNotContain(secret));
    }
  }

  @Test
  void badSettings_failWithoutEchoingTheSecret() {
    var providers = ProviderRegistry.load(AlertChannel.Provider.class);

    assertThatThrownBy(
            () ->
                providers
                    .require("slack")
                    .create(Settings.of(Map.of("webhook-url", "hooks.slack.com/" + SLACK_TOKEN))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("webhook-url")
        .hasMessageNotContaining(SLACK_TOKEN);
    assertThatThrownBy(
            () ->
                providers
                    .require("webhook")
                    .create(Settings.of(Map.of("url", "ftp://x/" + URL_TOKEN))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageNotContaining(URL_TOKEN);
    assertThatThrownBy(
            () -> providers.require("pagerduty").create(Settings.of(Map.of("url", "http://x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("routing-key");
  }

  @Test
  void registry_findsEveryBuiltInChannel() {
    assertThat(ProviderRegistry.load(AlertChannel.Provider.class).names())
        .contains("email", "pagerduty", "slack", "webhook");
  }
}
