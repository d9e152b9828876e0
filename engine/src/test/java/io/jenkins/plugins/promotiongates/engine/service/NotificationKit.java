package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.notification.DeliveryException;
import io.jenkins.plugins.promotiongates.engine.notification.MailMessage;
import io.jenkins.plugins.promotiongates.engine.notification.MailSender;
import io.jenkins.plugins.promotiongates.engine.notification.RecipientDirectory;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared pieces of the notification tests: a policy with notifications, a directory, a mail sender that records. */
final class NotificationKit {
    static final byte[] SECRET = "webhook-test-secret-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private NotificationKit() {
    }

    /** The service test policy with a global notifications section (and production's own when given). */
    static Policy policy(ServiceFixture fixture, String global) {
        String text = fixture.policyText.replaceFirst("(?m)^environments:$", global + "environments:");
        return ServiceFixture.parse(text);
    }

    static String section(URI hook, int reminderMinutes, int digestMinutes) {
        return "notifications:\n"
                + "  admins: [sec-admin]\n"
                + "  reminderMinutes: " + reminderMinutes + "\n"
                + "  digestMinutes: " + digestMinutes + "\n"
                + "  webhooks:\n"
                + "    - name: chat\n"
                + "      url: " + hook + "\n"
                + "      secretId: chat-secret\n";
    }

    /**
     * The approver groups of the test policy and their members; alice (the requester), dave (the commit author) are
     * in them too, as they may be in a real team.
     */
    static RecipientDirectory directory() {
        Map<String, Set<String>> groups = Map.of("release-managers", Set.of("bob", "alice"),
                "security", Set.of("carol", "dave"));
        return new RecipientDirectory() {
            @Override
            public Set<String> membersOf(String group) {
                return groups.getOrDefault(group, Set.of());
            }

            @Override
            public Optional<String> mailAddress(String userId) {
                return userId.equals("nomail") ? Optional.empty() : Optional.of(userId + "@example.org");
            }
        };
    }

    /** Records mails; fails every send while {@link #down}. */
    static final class RecordingMail implements MailSender {
        final List<MailMessage> sent = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public void send(MailMessage message) throws DeliveryException {
            if (down) {
                throw new DeliveryException(ReasonCode.NOTIFICATION_DELIVERY_FAILED, "connection refused by "
                        + "the mail server");
            }
            sent.add(message);
        }

        List<String> recipients() {
            return sent.stream().map(MailMessage::to).sorted().toList();
        }
    }

    static List<AuditEvent> all(AuditStore store, AuditEventType type) {
        List<AuditEvent> found = new ArrayList<>();
        store.scan(0, e -> {
            if (e.type() == type) {
                found.add(e);
            }
        });
        return found;
    }
}
