package io.jenkins.plugins.promotiongates.engine.audit;

import java.util.Locale;

/**
 * The unique keys that make "exactly once" rules atomic in every store ({@link AuditStore#appendUnique},
 * {@link AuditStore#appendAllUnique}). Keys include the event's purpose so that different rules never collide.
 *
 * <p>An <em>approval id</em> is the correlation id, {@code #} and the ordinal of the approval request within the
 * promotion ({@code shop/api#42/production#1}); a <em>request id</em> is the same for promotion requests. Ordinals
 * make a second request for the same run and environment (after a denial) a new request with keys of its own, and
 * two controllers opening the same n-th request at once collide on its key. docs/audit.md lists them.
 */
public final class UniqueKeys {
    private UniqueKeys() {
    }

    /** The id of the n-th (1-based) approval or promotion request of a promotion. */
    public static String ordinal(String correlationId, int n) {
        return correlationId + "#" + n;
    }

    /** The n-th promotion request of a run and environment is recorded once: its PROMOTION_REQUESTED event. */
    public static String request(String requestId) {
        return "request:" + requestId;
    }

    /** The n-th approval request of a promotion is opened once: its APPROVAL_REQUESTED event. */
    public static String approvalRequested(String approvalId) {
        return "approval-requested:" + approvalId;
    }

    /** An approval is consumed once: the APPROVAL_CONSUMED event of an approval request. */
    public static String approvalConsumed(String approvalId) {
        return "consumed:" + approvalId;
    }

    /** One counted approval per person per approval request (ids compared in lower case). */
    public static String vote(String approvalId, String voter) {
        return "vote:" + approvalId + ":" + voter.toLowerCase(Locale.ROOT);
    }

    /** A counted vote is discounted once, when its voter no longer may approve (APPROVAL_VOTE_DISCOUNTED). */
    public static String voteDiscounted(String approvalId, String voter) {
        return "vote-discounted:" + approvalId + ":" + voter.toLowerCase(Locale.ROOT);
    }

    /** One final (non-pending) decision per approval request: the DECISION that answers it. */
    public static String finalDecision(String approvalId) {
        return "final:" + approvalId;
    }

    /**
     * One closing event per approval request: APPROVAL_COMPLETED, the counted APPROVAL_REJECTED, APPROVAL_TIMED_OUT
     * or APPROVAL_WITHDRAWN.
     */
    public static String approvalClosed(String approvalId) {
        return "approval-closed:" + approvalId;
    }

    /** A break-glass review is closed once: {@code reviewId} is the correlation id and the BREAK_GLASS sequence. */
    public static String reviewClosed(String reviewId) {
        return "review-closed:" + reviewId;
    }

    /** A quarantine is lifted once: {@code quarantineSequence} is the sequence of its QUARANTINE event. */
    public static String quarantineLifted(String subject, long quarantineSequence) {
        return "quarantine-lifted:" + subject + "#" + quarantineSequence;
    }

    /**
     * Attempt n (1-based) of a notification delivery is taken once, by one controller: the NOTIFICATION_ATTEMPTED
     * event. {@code deliveryKey} is the notification id and its target ({@code approval-needed@17/mail:alice}).
     */
    public static String notificationAttempt(String deliveryKey, int attempt) {
        return "notification:" + deliveryKey + "#" + attempt;
    }
}
