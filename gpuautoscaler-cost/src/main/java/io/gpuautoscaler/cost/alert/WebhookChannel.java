package io.gpuautoscaler.cost.alert;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.Alert;
import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each alert as a JSON object to any HTTP endpoint: budget, action ({@code trigger} or {@code
 * resolve}), dedupKey, threshold, severity, summary, spent, amount, forecast and period.
 *
 * <p>With an {@code hmac-key}, each request carries {@code X-GpuAutoscaler-Signature: sha256=<hex>}
 * (the header's name is configurable): the HMAC-SHA256 of the exact body bytes, as GitHub signs its
 * webhooks, so the receiver can check that the alert came from us and was not altered.
 *
 * <p>Settings: {@code url} (required, secret), {@code hmac-key} (optional, secret), {@code
 * signature-header}, {@code timeout-ms} (default 10000). Thread-safe.
 */
public final class WebhookChannel implements AlertChannel {
  public static final String NAME = "webhook";
  static final String URL = "url";
  static final String HMAC_KEY = "hmac-key";
  static final String SIGNATURE_HEADER = "signature-header";
  static final String DEFAULT_SIGNATURE_HEADER = "X-GpuAutoscaler-Signature";
  private static final String HMAC = "HmacSHA256";

  private final HttpPoster poster;
  private final Optional<Secret> hmacKey;
  private final String signatureHeader;

  private WebhookChannel(HttpPoster poster, Optional<Secret> hmacKey, String signatureHeader) {
    this.poster = poster;
    this.hmacKey = hmacKey;
    this.signatureHeader = signatureHeader;
  }

  @Override
  public void deliver(Alert alert) {
    String body = AlertJson.of(alert).toString();
    Map<String, String> headers =
        hmacKey.map(k -> Map.of(signatureHeader, "sha256=" + sign(k, body))).orElse(Map.of());
    poster.post(body, headers, hmacKey.stream().toArray(Secret[]::new));
  }

  /** Hex HMAC-SHA256 of the UTF-8 body under {@code key}. */
  static String sign(Secret key, String body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), HMAC));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has " + HMAC, e);
    }
  }

  @Override
  public String toString() {
    return "WebhookChannel[url="
        + Secret.HIDDEN
        + ", signed="
        + hmacKey.isPresent()
        + ", signature-header="
        + signatureHeader
        + "]";
  }

  /** Listed in META-INF/services; keep it public with a no-arg constructor. */
  public static final class Provider implements AlertChannel.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "JSON POST to any URL, optionally HMAC-SHA256 signed";
    }

    @Override
    public AlertChannel create(Settings settings) {
      settings.requireOnly(
          "alert channel webhook", URL, HMAC_KEY, SIGNATURE_HEADER, HttpPoster.TIMEOUT_MS);
      Optional<Secret> key = settings.get(HMAC_KEY).map(Secret::new);
      if (key.isPresent() && key.get().reveal().isEmpty()) {
        throw new ConfigurationException("alert channel webhook: setting 'hmac-key' is empty");
      }
      String header = settings.get(SIGNATURE_HEADER).orElse(DEFAULT_SIGNATURE_HEADER).trim();
      if (!header.matches("[A-Za-z0-9-]+")) {
        throw new ConfigurationException(
            "alert channel webhook: setting 'signature-header' must be an HTTP header name, was '"
                + header
                + "'");
      }
      return new WebhookChannel(HttpPoster.fromSettings(NAME, settings, URL, null), key, header);
    }
  }
}
