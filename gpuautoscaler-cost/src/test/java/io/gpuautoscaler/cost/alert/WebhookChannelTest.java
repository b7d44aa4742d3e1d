package io.gpuautoscaler.cost.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {
  private static final String KEY = "hmac-signing-key-42";
  private final LoopbackHttpServer receiver = new LoopbackHttpServer(204);

  WebhookChannelTest() throws Exception {}

  @AfterEach
  void stop() {
    receiver.close();
  }

  private ChannelScenario signed() {
    return new ChannelScenario(
        "webhook", Settings.of(Map.of("url", receiver.url("/hooks/budget"), "hmac-key", KEY)));
  }

  @Test
  void deliver_postsTheAlertAsJsonWithAnHmacSignatureTheReceiverCanCheck() throws Exception {
    signed().spend(1200);

    assertThat(receiver.requests()).hasSize(2); // 50% and 100%, each once
    var r = receiver.requests().get(1);
    assertThat(r.body())
        .contains("\"budget\":\"ml\"")
        .contains("\"action\":\"trigger\"")
        .contains("\"dedupKey\":\"gpuautoscaler/budget/ml/2026-11-01T00:00:00Z/100\"")
        .contains("\"thresholdPercent\":100")
        .contains("\"severity\":\"critical\"")
        .contains("\"state\":\"exceeded\"")
        .contains("\"spentUsd\":1200")
        .contains("\"amountUsd\":1000");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "sha256="
            + HexFormat.of().formatHex(mac.doFinal(r.body().getBytes(StandardCharsets.UTF_8)));
    assertThat(r.header("X-GpuAutoscaler-Signature")).isEqualTo(expected);
  }

  @Test
  void deliver_withoutAKey_sendsNoSignature() {
    new ChannelScenario("webhook", Settings.of(Map.of("url", receiver.url("/h")))).spend(600);

    assertThat(receiver.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.header("X-GpuAutoscaler-Signature")).isNull());
  }

  @Test
  void deliver_after503_retriesOnceAndNoDuplicateOnReEvaluation() {
    receiver.thenRespond(503);
    var scenario = signed();

    assertThat(scenario.spend(600))
        .singleElement()
        .satisfies(d -> assertThat(d.attempts()).isEqualTo(2));
    assertThat(scenario.spend(600)).isEmpty();
    assertThat(receiver.requests()).hasSize(2);
  }

  @Test
  void deliver_whenCleared_sendsResolveWithTheSameDedupKey() {
    var scenario = signed();
    scenario.spend(600);
    scenario.spend(10);

    assertThat(receiver.requests()).hasSize(2);
    assertThat(receiver.requests().get(1).body())
        .contains("\"action\":\"resolve\"")
        .contains("\"dedupKey\":\"gpuautoscaler/budget/ml/2026-11-01T00:00:00Z/50\"");
  }

  @Test
  void create_unknownSettingOrBadHeader_failsNamingIt() {
    var provider = ProviderRegistry.load(AlertChannel.Provider.class).require("webhook");

    assertThatThrownBy(() -> provider.create(Settings.of(Map.of("url", "http://x", "secret", "s"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[secret]");
    assertThatThrownBy(
            () ->
                provider.create(
                    Settings.of(Map.of("url", "http://x", "signature-header", "Bad Header"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("signature-header");
  }
}
