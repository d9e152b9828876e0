package io.jenkins.plugins.promotiongates.config;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import io.jenkins.plugins.promotiongates.approval.PendingApprovalsAction;
import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.notification.ApprovalLinks;
import io.jenkins.plugins.promotiongates.engine.notification.NotificationOutbox;
import io.jenkins.plugins.promotiongates.engine.notification.OutboxSettings;
import io.jenkins.plugins.promotiongates.engine.notification.SecretSource;
import io.jenkins.plugins.promotiongates.engine.notification.WebhookSender;
import io.jenkins.plugins.promotiongates.engine.service.PolicyProvider;
import io.jenkins.plugins.promotiongates.util.JenkinsRecipients;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The notification outbox of a controller: mail through Jenkins' mail settings, webhooks signed with a global
 * <em>Secret text</em> credential named by the policy's {@code secretId}, links to the run's approval page under
 * Jenkins' root URL. It runs on the plugin's timer (every minute), never in a gate, a vote or a page.
 */
final class JenkinsNotifications {
    /** How often the outbox looks for due deliveries. */
    static final Duration PERIOD = Duration.ofMinutes(1);

    private JenkinsNotifications() {
    }

    static NotificationOutbox outbox(AuditStore store, PolicyProvider policies, ApproverDirectory approvers,
            Clock clock) {
        return new NotificationOutbox(store, policies::current, new JenkinsRecipients((user, job) -> approvers
                        .current(new Approver(user, Set.of(), false, false), job)
                        .map(Approver::hasApprovePermission).orElse(false)),
                links(JenkinsRecipients::rootUrl), JenkinsMailSender.fromMailer(clock),
                new WebhookSender(WebhookSender.defaultClient(Duration.ofSeconds(10)), credentials(), clock,
                        Duration.ofSeconds(30)), OutboxSettings.defaults(), clock);
    }

    /** The run's approval page ({@link PendingApprovalsAction#approvalUrl}) under the root URL; none without one. */
    static ApprovalLinks links(Supplier<String> rootUrl) {
        return (correlationId, environment, job, run) -> {
            String root = rootUrl.get();
            if (root == null || root.isBlank() || environment == null || job == null || run == null) {
                return null;
            }
            String base = root.endsWith("/") ? root : root + "/";
            return URI.create(base + PendingApprovalsAction.approvalUrl(RunRef.of(job, run),
                    environment));
        };
    }

    /** A global Secret text credential with the policy's id (looked up as SYSTEM, as the store's credentials are). */
    static SecretSource credentials() {
        return secretId -> CredentialsProvider.lookupCredentials(StringCredentials.class).stream()
                .filter(c -> secretId.equals(c.getId())).findFirst()
                .map(c -> c.getSecret().getPlainText().getBytes(StandardCharsets.UTF_8))
                .or(Optional::empty);
    }
}
