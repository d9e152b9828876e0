package io.jenkins.plugins.promotiongates.engine.audit;

import java.util.Locale;

/**
 * The unique keys that make "exactly once" rules atomic in every store ({@link AuditStore#appendUnique}). Keys
 * include the event's purpose so that different rules never collide.
 */
public final class UniqueKeys {
    private UniqueKeys() {
    }

    /** An approval is consumed once: the APPROVAL_CONSUMED event of a promotion. */
    public static String approvalConsumed(String correlationId) {
        return "consumed:" + correlationId;
    }

    /** One vote (approve or reject) per person per request. */
    public static String vote(String correlationId, String voter) {
        return "vote:" + correlationId + ":" + voter.toLowerCase(Locale.ROOT);
    }

    /** One final (non-pending) decision per promotion. */
    public static String finalDecision(String correlationId) {
        return "final:" + correlationId;
    }

    /** One closing event (completed, rejected, timed out, withdrawn) per approval request. */
    public static String approvalClosed(String correlationId) {
        return "approval-closed:" + correlationId;
    }

    /** A break-glass review is closed once. */
    public static String reviewClosed(String correlationId) {
        return "review-closed:" + correlationId;
    }
}
