package io.jenkins.plugins.promotiongates.engine.notification;

import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;

/**
 * The subject and plain-text body of a mail (docs/release-manager.md shows them). Plain text only: nothing a mail
 * client could render as a form or a one-click approval; the link opens the approval page, which checks everything.
 */
public final class MessageText {
    private MessageText() {
    }

    public static String subject(Notification n) {
        String where = n.environment() == null ? "" : " to " + n.environment();
        return switch (n.kind()) {
            case APPROVAL_NEEDED -> "[promotion-gates] Approval needed: " + n.correlationId();
            case APPROVAL_REMINDER -> "[promotion-gates] Reminder, approval due " + n.deadline() + ": "
                    + n.correlationId();
            case APPROVAL_DIGEST -> "[promotion-gates] " + n.items().size() + " promotion(s) wait for your approval";
            case APPROVAL_ANSWERED -> "[promotion-gates] " + answer(n) + ": " + n.correlationId();
            case BREAK_GLASS_USED -> "[promotion-gates] Break-glass used" + where + ": " + n.correlationId();
            case QUARANTINED -> "[promotion-gates] Quarantined: " + n.requester();
        };
    }

    public static String body(Notification n) {
        StringBuilder text = new StringBuilder();
        if (n.kind() == NotificationKind.APPROVAL_DIGEST) {
            text.append("These promotions wait for your approval:\n\n");
            for (Notification item : n.items()) {
                describe(item, text);
                text.append('\n');
            }
        } else {
            describe(n, text);
        }
        text.append("\nApprove or reject only on the approval page: it checks the request again. Replies to this "
                + "mail are not read.\n");
        return text.toString();
    }

    private static void describe(Notification n, StringBuilder text) {
        line(text, "Promotion", n.correlationId());
        line(text, "Environment", n.environment());
        switch (n.kind()) {
            case APPROVAL_ANSWERED -> line(text, "Answer", answer(n));
            case BREAK_GLASS_USED -> line(text, "Break-glass", "applied; a review is open");
            case QUARANTINED -> line(text, "Quarantined", n.requester());
            default -> {
            }
        }
        if (n.kind() != NotificationKind.QUARANTINED) {
            line(text, "Requested by", n.requester() + (n.requesterIsAgent() ? " (agent)" : ""));
            line(text, "Agent task", n.agentTask());
        }
        for (Notification.Artifact artifact : n.artifacts()) {
            line(text, "Artifact", (artifact.name().isEmpty() ? "" : artifact.name() + " ") + artifact.digest());
        }
        for (AuditReason reason : n.reasons()) {
            line(text, "Reason", reason.code() + " (" + reason.gate() + "): " + reason.message());
        }
        line(text, n.kind() == NotificationKind.QUARANTINED ? "Why" : "Decision needed", n.decisionNeeded());
        line(text, "Deadline", n.deadline() == null ? null : n.deadline().toString());
        line(text, "Page", n.link() == null ? (n.correlationId() == null ? null
                : "the Promotion approvals page of Jenkins, or `promotion-gates status`") : n.link().toString());
    }

    private static String answer(Notification n) {
        if ("ALLOW".equals(n.outcome())) {
            return "Approved";
        }
        return n.reasons().isEmpty() ? "Denied" : "Denied (" + n.reasons().get(0).code() + ")";
    }

    private static void line(StringBuilder text, String label, String value) {
        if (value != null && !value.isEmpty()) {
            // One field per line: a value cannot start a line of its own and pass for another field.
            text.append(label).append(": ").append(value.replace('\r', ' ').replace('\n', ' ')).append('\n');
        }
    }
}
