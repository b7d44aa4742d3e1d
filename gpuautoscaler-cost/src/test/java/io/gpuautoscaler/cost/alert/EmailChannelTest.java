package io.gpuautoscaler.cost.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.gpuautoscaler.api.ConfigurationException;
import io.gpuautoscaler.api.cost.AlertChannel;
import io.gpuautoscaler.api.spi.ProviderRegistry;
import io.gpuautoscaler.api.spi.Settings;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The email channel against GreenMail, a real SMTP server on loopback. */
class EmailChannelTest {
  private static final String PASSWORD = "s3cret-Pa55-word";
  private GreenMail smtp;

  @AfterEach
  void stop() {
    if (smtp != null) {
      smtp.stop();
    }
  }

  private static GreenMail startSmtp(int port) {
    GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.setUser("alerts@example.com", "alerts", PASSWORD);
    mail.start();
    return mail;
  }

  private static Settings settings(int port, String password) {
    Map<String, String> s = new HashMap<>();
    s.put("smtp-host", "127.0.0.1");
    s.put("smtp-port", Integer.toString(port));
    s.put("from", "GPU Autoscaler <alerts@example.com>");
    s.put("to", "finops@example.com, ml-lead@example.com");
    s.put("username", "alerts");
    s.put("password", password);
    s.put("starttls", "false"); // GreenMail's plain SMTP server does not offer STARTTLS
    s.put("timeout-ms", "5000");
    return Settings.of(s);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void deliver_sendsOneMailPerRecipientAndNoDuplicateOnReEvaluation() throws Exception {
    smtp = startSmtp(0);
    var scenario = new ChannelScenario("email", settings(smtp.getSmtp().getPort(), PASSWORD));

    assertThat(scenario.spend(600))
        .singleElement()
        .satisfies(d -> assertThat(d.delivered()).isTrue());
    assertThat(scenario.spend(650)).isEmpty();

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy per recipient
    MimeMessage m = received[0];
    assertThat(m.getSubject()).isEqualTo("[GPU budget] WARNING: ml at 50%");
    assertThat(Arrays.stream(m.getAllRecipients()).map(Object::toString))
        .containsExactly("finops@example.com", "ml-lead@example.com");
    assertThat(m.getHeader("X-GpuAutoscaler-Dedup-Key"))
        .containsExactly("gpuautoscaler/budget/ml/2026-11-01T00:00:00Z/50");
    assertThat(GreenMailUtil.getBody(m))
        .contains("Budget ml reached 50%: spent $600.00 of $1,000.00")
        .contains("Threshold:   50%");
  }

  @Test
  void deliver_whenCleared_sendsAResolveInTheSameThread() throws Exception {
    smtp = startSmtp(0);
    var scenario = new ChannelScenario("email", settings(smtp.getSmtp().getPort(), PASSWORD));
    scenario.spend(600);
    scenario.spend(100);

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(4);
    MimeMessage trigger = received[0];
    MimeMessage resolve = received[3];
    assertThat(resolve.getSubject()).isEqualTo("[GPU budget] Resolved: ml at 50%");
    assertThat(resolve.getHeader("In-Reply-To")).containsExactly(trigger.getMessageID());
  }

  @Test
  void deliver_whileTheServerIsDown_retriesAndDeliversOnceItIsUp() throws Exception {
    int port = freePort();
    // The first attempt finds nothing listening; the server comes up during the backoff.
    var scenario =
        new ChannelScenario(
            "email",
            settings(port, PASSWORD),
            wait -> {
              if (smtp == null) {
                smtp = startSmtp(port);
              }
            });

    var deliveries = scenario.spend(600);

    assertThat(deliveries)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.delivered()).isTrue();
              assertThat(d.attempts()).isEqualTo(2);
            });
    assertThat(scenario.slept).containsExactly(Duration.ofMillis(200));
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  void deliver_wrongPassword_failsWithoutRetryAndNeverPrintsThePassword() throws Exception {
    smtp = startSmtp(0);
    String wrong = "not-the-Pa55-word";
    var scenario = new ChannelScenario("email", settings(smtp.getSmtp().getPort(), wrong));
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    try {
      var deliveries = scenario.spend(600);

      assertThat(deliveries)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.delivered()).isFalse();
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.error())
                    .hasValueSatisfying(
                        e ->
                            assertThat(e)
                                .contains("refused the credentials")
                                .doesNotContain(wrong));
              });
    } finally {
      System.setErr(original);
    }
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("Could not send")
        .doesNotContain(wrong)
        .doesNotContain(PASSWORD);
    assertThat(scenario.channel.toString()).contains("password=****").doesNotContain(wrong);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void create_missingOrHalfCredentials_failNamingTheSetting() {
    var provider = ProviderRegistry.load(AlertChannel.Provider.class).require("email");
    Map<String, String> noTo = new HashMap<>(settings(25, PASSWORD).asMap());
    noTo.remove("to");
    Map<String, String> noUser = new HashMap<>(settings(25, PASSWORD).asMap());
    noUser.remove("username");

    assertThatThrownBy(() -> provider.create(Settings.of(noTo)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'to'");
    assertThatThrownBy(() -> provider.create(Settings.of(noUser)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("both 'username' and 'password'")
        .hasMessageNotContaining(PASSWORD);
  }
}
