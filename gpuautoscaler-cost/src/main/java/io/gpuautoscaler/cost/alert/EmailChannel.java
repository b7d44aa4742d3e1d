package io.gpuautoscaler.cost.alert;

import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.Alert;
import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.cost.AlertDeliveryException;
import io.gpuautoscaler.api.cost.BudgetEvaluation;
import io.gpuautoscaler.api.spi.Settings;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Sends alerts as plain-text mail over SMTP (Jakarta Mail, with Eclipse Angus as the provider). A
 * trigger and its resolve share a thread: the resolve answers the trigger's {@code Message-ID},
 * which is derived from the dedup key, and both carry it in {@code X-GpuAutoscaler-Dedup-Key}.
 *
 * <p>Settings: {@code smtp-host} and {@code from} and {@code to} (comma-separated) are required;
 * {@code smtp-port} (default 587), {@code username} and {@code password} (secret; both or neither),
 * {@code starttls} (default {@code true}: upgrade and insist on it), {@code ssl} (SMTPS from the
 * first byte, default {@code false}), {@code timeout-ms} (default 10000). Mail debug output stays
 * off, since it would print the AUTH exchange. Thread-safe.
 */
public final class EmailChannel implements AlertChannel {
  public static final String NAME = "email";
  private static final String HOST = "smtp-host";
  private static final String PORT = "smtp-port";
  private static final String FROM = "from";
  private static final String TO = "to";
  private static final String USERNAME = "username";
  private static final String PASSWORD = "password";
  private static final String STARTTLS = "starttls";
  private static final String SSL = "ssl";
  private static final String TIMEOUT_MS = "timeout-ms";

  private final Session session;
  private final InternetAddress from;
  private final List<InternetAddress> to;
  private final Optional<String> username;
  private final Optional<Secret> password;
  private final String endpoint;

  private EmailChannel(
      Session session,
      InternetAddress from,
      List<InternetAddress> to,
      Optional<String> username,
      Optional<Secret> password,
      String endpoint) {
    this.session = session;
    this.from = from;
    this.to = to;
    this.username = username;
    this.password = password;
    this.endpoint = endpoint;
  }

  @Override
  public void deliver(Alert alert) {
    try {
      MimeMessage message = new ThreadedMessage(session, messageId(alert.dedupKey()));
      message.setFrom(from);
      message.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
      message.setSubject(subject(alert), StandardCharsets.UTF_8.name());
      message.setHeader("X-GpuAutoscaler-Dedup-Key", alert.dedupKey());
      if (alert.action() == Alert.Action.RESOLVE) {
        message.setHeader("In-Reply-To", messageId(alert.dedupKey()));
        message.setHeader("References", messageId(alert.dedupKey()));
      }
      message.setText(body(alert), StandardCharsets.UTF_8.name());
      if (username.isPresent()) {
        Transport.send(message, username.get(), password.map(Secret::reveal).orElse(""));
      } else {
        Transport.send(message);
      }
    } catch (AuthenticationFailedException e) {
      throw failure("the server refused the credentials", false, e);
    } catch (SendFailedException e) {
      // Invalid addresses fail again; a send interrupted after some recipients may succeed later.
      boolean invalid = e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0;
      throw failure("the server did not take the message", !invalid, e);
    } catch (MessagingException e) {
      throw failure("could not send through " + endpoint, true, e);
    }
  }

  private AlertDeliveryException failure(String what, boolean retryable, MessagingException e) {
    StringBuilder text = new StringBuilder(e.getMessage() == null ? "" : e.getMessage());
    if (e.getNextException() != null && e.getNextException().getMessage() != null) {
      text.append("; ").append(e.getNextException().getMessage());
    }
    String detail = text.toString();
    String hidden = password.map(p -> p.redact(detail)).orElse(detail);
    // No cause chained: a mail exception's message may quote the server's reply to AUTH.
    return new AlertDeliveryException(
        NAME + ": " + what + " (" + e.getClass().getSimpleName() + ": " + hidden.strip() + ")",
        retryable);
  }

  private static String subject(Alert alert) {
    String prefix =
        alert.action() == Alert.Action.RESOLVE
            ? "[GPU budget] Resolved"
            : "[GPU budget] " + alert.severity().id().toUpperCase(Locale.ROOT);
    return prefix
        + ": "
        + alert.budgetName()
        + " at "
        + Text.percent(alert.thresholdPercent())
        + "%";
  }

  private static String body(Alert alert) {
    BudgetEvaluation e = alert.evaluation();
    return alert.summary()
        + "\n\n"
        + "Budget:      "
        + alert.budgetName()
        + "\nThreshold:   "
        + Text.percent(alert.thresholdPercent())
        + "%\nSpent:       "
        + Text.usd(e.spentUsd())
        + " of "
        + Text.usd(e.budget().amountUsd())
        + "\nBurn rate:   "
        + Text.usd(e.burnRateUsdPerHour())
        + " per hour\nForecast:    "
        + Text.usd(e.forecastUsd())
        + " at "
        + e.window().end()
        + "\nPeriod:      "
        + e.window().start()
        + " .. "
        + e.window().end()
        + "\nEnforcement: "
        + e.budget().enforcement().id()
        + "\nDedup key:   "
        + alert.dedupKey()
        + "\n";
  }

  /** {@code <sha256-prefix@gpu-autoscaler>}: the same for a trigger and its resolve. */
  static String messageId(String dedupKey) {
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(dedupKey.getBytes(StandardCharsets.UTF_8));
      return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@gpu-autoscaler>";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "EmailChannel["
        + endpoint
        + ", to="
        + to
        + ", username="
        + username.orElse("-")
        + ", password="
        + (password.isPresent() ? Secret.HIDDEN : "-")
        + "]";
  }

  /** A trigger's Message-ID is fixed, so that its resolve can answer it. */
  private static final class ThreadedMessage extends MimeMessage {
    private final String id;

    ThreadedMessage(Session session, String id) {
      super(session);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }

  /** Listed in META-INF/services; keep it public with a no-arg constructor. */
  public static final class Provider implements AlertChannel.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "mail over SMTP (Jakarta Mail)";
    }

    @Override
    public AlertChannel create(Settings settings) {
      settings.requireOnly(
          "alert channel email",
          HOST,
          PORT,
          FROM,
          TO,
          USERNAME,
          PASSWORD,
          STARTTLS,
          SSL,
          TIMEOUT_MS);
      String host = require(settings, HOST);
      int port = settings.getInt(PORT, 587);
      if (port < 1 || port > 65535) {
        throw new ConfigurationException(
            "alert channel email: setting 'smtp-port' must be in 1..65535, was " + port);
      }
      InternetAddress from = address(FROM, require(settings, FROM));
      List<InternetAddress> to =
          Arrays.stream(require(settings, TO).split(","))
              .map(String::trim)
              .filter(s -> !s.isEmpty())
              .map(s -> address(TO, s))
              .toList();
      if (to.isEmpty()) {
        throw new ConfigurationException("alert channel email: setting 'to' names no address");
      }
      Optional<String> username = settings.get(USERNAME).map(String::trim);
      Optional<Secret> password = settings.get(PASSWORD).map(Secret::new);
      if (username.isPresent() != password.isPresent()) {
        throw new ConfigurationException(
            "alert channel email: set both 'username' and 'password', or neither");
      }
      boolean ssl = settings.getBoolean(SSL, false);
      boolean starttls = settings.getBoolean(STARTTLS, !ssl);
      long timeoutMs = settings.getLong(TIMEOUT_MS, 10_000);
      if (timeoutMs < 1) {
        throw new ConfigurationException("alert channel email: setting 'timeout-ms' must be >= 1");
      }
      String protocol = ssl ? "smtps" : "smtp";
      Properties props = new Properties();
      props.setProperty("mail.transport.protocol", protocol);
      props.setProperty("mail." + protocol + ".host", host);
      props.setProperty("mail." + protocol + ".port", Integer.toString(port));
      props.setProperty("mail." + protocol + ".auth", Boolean.toString(username.isPresent()));
      props.setProperty("mail." + protocol + ".starttls.enable", Boolean.toString(starttls));
      props.setProperty("mail." + protocol + ".starttls.required", Boolean.toString(starttls));
      props.setProperty("mail." + protocol + ".connectiontimeout", Long.toString(timeoutMs));
      props.setProperty("mail." + protocol + ".timeout", Long.toString(timeoutMs));
      props.setProperty("mail." + protocol + ".writetimeout", Long.toString(timeoutMs));
      props.setProperty("mail.debug", "false");
      Session session = Session.getInstance(props);
      return new EmailChannel(
          session, from, to, username, password, protocol + "://" + host + ":" + port);
    }

    private static String require(Settings settings, String key) {
      return settings
          .get(key)
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .orElseThrow(
              () -> new ConfigurationException("alert channel email needs setting '" + key + "'"));
    }

    private static InternetAddress address(String key, String text) {
      try {
        InternetAddress a = new InternetAddress(text, true);
        return a;
      } catch (AddressException e) {
        throw new ConfigurationException(
            "alert channel email: setting '" + key + "' has a bad address '" + text + "'", e);
      }
    }
  }
}
