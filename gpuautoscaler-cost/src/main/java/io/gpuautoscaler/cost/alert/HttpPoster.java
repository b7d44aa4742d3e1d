package io.gpuautoscaler.cost.alert;

import static java.util.Objects.requireNonNull;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.AlertDeliveryException;
import io.gpuautoscaler.api.spi.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * One JSON POST with the JDK's HTTP client, turned into success or an {@link
 * AlertDeliveryException}: retryable for a connection failure, a timeout, 429 or 5xx; not for other
 * statuses. Messages name the channel and the status, never the URL, which may carry a token.
 */
final class HttpPoster {
  static final String TIMEOUT_MS = "timeout-ms";
  private static final long DEFAULT_TIMEOUT_MS = 10_000;

  private final String channel;
  private final Secret url;
  private final URI uri;
  private final Secret pathAndQuery;
  private final Duration timeout;
  private final HttpClient client;

  private HttpPoster(String channel, Secret url, Duration timeout) {
    this.channel = channel;
    this.url = url;
    this.uri = URI.create(url.reveal());
    // A receiver's error page may echo the path alone, and Slack's token is in the path.
    String tail = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    this.pathAndQuery = new Secret(tail.length() > 1 ? tail : "");
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * A poster to the URL in setting {@code urlKey}, or {@code defaultUrl} when it is not set and a
   * default exists.
   *
   * @throws ConfigurationException when the URL is missing or not absolute http(s); the message
   *     names the key, not the value
   */
  static HttpPoster fromSettings(
      String channel, Settings settings, String urlKey, String defaultUrl) {
    String raw = settings.get(urlKey).orElse(defaultUrl);
    if (raw == null || raw.isBlank()) {
      throw new ConfigurationException(
          "alert channel " + channel + " needs setting '" + urlKey + "'");
    }
    Secret url = new Secret(raw.trim());
    try {
      URI uri = new URI(url.reveal());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(Secret.HIDDEN, "not an absolute http(s) URL");
      }
    } catch (URISyntaxException e) {
      throw new ConfigurationException(
          "alert channel "
              + channel
              + ": setting '"
              + urlKey
              + "' must be an absolute http or https URL (value hidden)");
    }
    long timeoutMs = settings.getLong(TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
    if (timeoutMs < 1) {
      throw new ConfigurationException(
          "alert channel " + channel + ": setting '" + TIMEOUT_MS + "' must be >= 1");
    }
    return new HttpPoster(channel, url, Duration.ofMillis(timeoutMs));
  }

  /**
   * POSTs {@code json} with {@code headers}; returns when the receiver answered 2xx.
   *
   * @param alsoHidden further secrets (a routing key in the body) to scrub from error messages,
   *     since a receiver's error body may echo what it was sent
   */
  void post(String json, Map<String, String> headers, Secret... alsoHidden) {
    requireNonNull(json, "json");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "gpu-autoscaler")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new AlertDeliveryException(channel + ": no answer within " + timeout, true);
    } catch (IOException e) {
      throw new AlertDeliveryException(
          channel
              + ": could not reach the endpoint ("
              + e.getClass().getSimpleName()
              + ": "
              + hide(e.getMessage(), alsoHidden)
              + ")",
          true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlertDeliveryException(channel + ": interrupted while sending", false);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    boolean retryable = status == 429 || status >= 500;
    String body = hide(response.body(), alsoHidden);
    throw new AlertDeliveryException(
        channel
            + ": the endpoint answered HTTP "
            + status
            + (body.isBlank() ? "" : " (" + abbreviate(body) + ")"),
        retryable);
  }

  private String hide(String text, Secret... alsoHidden) {
    String out = pathAndQuery.redact(url.redact(text));
    for (Secret s : alsoHidden) {
      out = s.redact(out);
    }
    return out;
  }

  private static String abbreviate(String s) {
    String line = s.strip().replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }

  @Override
  public String toString() {
    return "HttpPoster[" + channel + ", url=" + Secret.HIDDEN + "]";
  }
}
