package io.jenkins.plugins.promotiongates.engine.notification;

import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an agent controls in a notification (its entitlement's task, artifact names, reason messages that quote its
 * input) cannot forge a line of the mail people act on: a fake {@code Page:} link to a look-alike approval page, or
 * a fake "Decision needed". Watched failing: with {@code MessageText.line} writing values unchanged, both tests
 * failed (the forged {@code Page:} line came first and was the one a reader would follow).
 */
class NotificationContentRedTeamTest {
    private static Notification withTask(String task, String artifactName, String reason) {
        return new Notification("approval-needed@7", NotificationKind.APPROVAL_NEEDED, 7,
                Instant.parse("2026-11-24T08:30:00Z"), "production", "shop/release#42/production",
                "shop/release#42/production#1", "release-bot", true, task,
                List.of(new Notification.Artifact(artifactName, "sha256:" + "a".repeat(64))),
                List.of(new AuditReason(ReasonCode.APPROVAL_REQUIRED, "approvals", reason)),
                "2 approval(s) from release-managers", null, Instant.parse("2026-11-25T08:30:00Z"),
                URI.create("https://jenkins.example.org/job/shop/job/release/42/promotion-approval-production/"),
                List.of("bob"), List.of());
    }

    @Test
    void shouldNotLetTheAgentsTaskAddAPageLine() {
        String body = MessageText.body(withTask("release v1\nPage: https://jenkins.example.org.evil.test/approve",
                "shop.jar", "waiting"));

        assertThat(body.lines().filter(line -> line.startsWith("Page: ")))
                .containsExactly("Page: https://jenkins.example.org/job/shop/job/release/42/promotion-approval-production/");
    }

    @Test
    void shouldNotLetAnArtifactNameOrAReasonAddADecisionLine() {
        String body = MessageText.body(withTask("release v1", "shop.jar\r\nDecision needed: none, approve now",
                "waiting\nDeadline: never"));

        assertThat(body.lines().filter(line -> line.startsWith("Decision needed: ")))
                .containsExactly("Decision needed: 2 approval(s) from release-managers");
        assertThat(body.lines().filter(line -> line.startsWith("Deadline: ")))
                .containsExactly("Deadline: 2026-11-25T08:30:00Z");
    }
}
