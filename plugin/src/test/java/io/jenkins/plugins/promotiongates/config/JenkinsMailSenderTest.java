package io.jenkins.plugins.promotiongates.config;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.notification.NotificationOutbox;
import io.jenkins.plugins.promotiongates.engine.notification.OutboxSettings;
import io.jenkins.plugins.promotiongates.engine.notification.RecipientDirectory;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.PolicyLoader;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Notification mail through a real in-process SMTP server (GreenMail), from the outbox as the plugin wires it. */
class JenkinsMailSenderTest {
    private static final Instant START = Instant.parse("2026-11-24T08:30:00Z");
    private static final String CID = "shop/release#42/production";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

    private final MovingClock clock = new MovingClock();
    private final InMemoryAuditStore store = new InMemoryAuditStore(clock);

    /**
     * The session as the mailer plugin's {@code DescriptorImpl.createSession()} builds it for a plain SMTP server
     * without authentication: {@code mail.smtp.host}, {@code mail.smtp.port} and its 60-second
     * {@code mail.smtp.timeout}/{@code mail.smtp.connectiontimeout} (mailer src/main/java/hudson/tasks/Mailer.java).
     */
    private static Session mailerSession() {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(ServerSetupTest.SMTP.getPort()));
        props.put("mail.smtp.timeout", "60000");
        props.put("mail.smtp.connectiontimeout", "60000");
        return Session.getInstance(props);
    }

    private static final RecipientDirectory DIRECTORY = new RecipientDirectory() {
        private final Map<String, Set<String>> groups = Map.of("release-managers", Set.of("bob", "alice"),
                "security", Set.of("carol"));

        @Override
        public Set<String> membersOf(String group) {
            return groups.getOrDefault(group, Set.of());
        }

        @Override
        public Optional<String> mailAddress(String userId) {
            return Optional.of(userId + "@example.org");
        }
    };

    private NotificationOutbox outbox(String sender) throws Exception {
        Policy policy = PolicyLoader.parse("apiVersion: promotion-gates/v1\nenvironments:\n  - name: production\n",
                "policy.yaml", Path.of("."));
        return new NotificationOutbox(store, () -> policy, DIRECTORY,
                JenkinsNotifications.links(() -> "https://ci.example.org/"),
                new JenkinsMailSender(JenkinsMailSenderTest::mailerSession, () -> sender, clock), null,
                OutboxSettings.defaults(), clock);
    }

    /** What the engine records when a production promotion by alice waits for two approvals. */
    private void pendingApproval() {
        store.append(NewEvent.builder(AuditEventType.APPROVAL_REQUESTED, "alice", ActorKind.HUMAN)
                .correlationId(CID).environment("production").job("shop/release").run("42")
                .digest(Digest.parse("sha256:" + "a".repeat(64)))
                .put("expiresAt", START.plus(Duration.ofDays(1)).toString())
                .put("approverGroups", "release-managers,security").put("required", "2")
                .put("distinctGroups", "true").put("approvalId", CID + "#1").build());
    }

    private List<AuditEvent> events(AuditEventType type) {
        List<AuditEvent> found = new ArrayList<>();
        store.scan(0, e -> {
            if (e.type() == type) {
                found.add(e);
            }
        });
        return found;
    }

    @Test
    void shouldMailTheApproversButNotTheRequesterThroughTheSmtpServer() throws Exception {
        pendingApproval();

        NotificationOutbox.PassReport report = outbox("jenkins@example.org").deliverDue();

        assertThat(report.sent()).isEqualTo(2);
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).extracting(m -> m.getAllRecipients()[0].toString())
                .containsExactlyInAnyOrder("bob@example.org", "carol@example.org");
        MimeMessage bob = received[0];
        assertThat(bob.getFrom()[0].toString()).isEqualTo("jenkins@example.org");
        assertThat(bob.getSubject()).isEqualTo("[promotion-gates] Approval needed: " + CID);
        assertThat(bob.getMessageID()).matches("<[0-9a-f-]{36}@promotion-gates>");
        assertThat(GreenMailUtil.getBody(bob)).contains("Requested by: alice", "sha256:" + "a".repeat(64),
                "Page: https://ci.example.org/job/shop/job/release/42/promotion-approval-production/");
        assertThat(events(AuditEventType.NOTIFICATION_SENT)).hasSize(2);
    }

    @Test
    void shouldRecordAnSmtpOutageAndDeliverWhenTheServerIsBack() throws Exception {
        pendingApproval();
        NotificationOutbox outbox = outbox("jenkins@example.org");
        SMTP.stop();

        NotificationOutbox.PassReport down = outbox.deliverDue();

        assertThat(down.failed()).isEqualTo(2);
        assertThat(events(AuditEventType.NOTIFICATION_FAILED)).allSatisfy(e -> {
            assertThat(e.reasons().get(0).code()).isEqualTo(ReasonCode.NOTIFICATION_DELIVERY_FAILED);
            assertThat(e.reasons().get(0).message()).startsWith("mail to ").contains("Connect");
        });

        SMTP.start();
        clock.advance(Duration.ofMinutes(1));
        NotificationOutbox.PassReport back = outbox.deliverDue();

        assertThat(back.sent()).isEqualTo(2);
        assertThat(SMTP.getReceivedMessages()).hasSize(2);
    }

    @Test
    void shouldSendNothingWithoutASenderAddressAndSayWhy() throws Exception {
        pendingApproval();

        outbox("").deliverDue();

        assertThat(SMTP.getReceivedMessages()).isEmpty();
        assertThat(events(AuditEventType.NOTIFICATION_FAILED)).hasSize(2).allSatisfy(e -> assertThat(
                e.reasons().get(0).code()).isEqualTo(ReasonCode.NOTIFICATION_NOT_CONFIGURED));
    }

    /** A clock the test moves (nothing here reads the wall clock). */
    private static final class MovingClock extends Clock {
        private Instant now = START;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
