package io.jenkins.plugins.promotiongates.engine.audit;

/**
 * What an audit event records. The names are part of the stored format and of the hash, so a constant is never
 * renamed or removed; new ones are appended.
 */
public enum AuditEventType {
    PROMOTION_REQUESTED,
    /** A gate decision; its outcome is ALLOW, PENDING or DENY. A non-PENDING decision closes a pending approval. */
    DECISION,
    APPROVAL_REQUESTED,
    /** One person's counted approval (not yet necessarily enough for N-of-M). */
    APPROVAL_GRANTED,
    APPROVAL_REJECTED,
    APPROVAL_TIMED_OUT,
    APPROVAL_WITHDRAWN,
    /** N-of-M reached: the approval request is complete and no longer pending. */
    APPROVAL_COMPLETED,
    /** A granted approval was used to release a promotion; recorded once (unique key). */
    APPROVAL_CONSUMED,
    BREAK_GLASS,
    REVIEW_CLOSED,
    CREDENTIAL_BOUND,
    CREDENTIAL_REFUSED,
    ESCALATION,
    DEPLOYMENT,
    POLICY_CHANGED,
    ANOMALY_SIGNAL,
    QUARANTINE,
    QUARANTINE_LIFTED,
    /**
     * A counted approval no longer counts: when the quorum was reached, its voter was no longer in an approver group
     * or had lost the Approve permission (reason recorded); recorded once (unique key).
     */
    APPROVAL_VOTE_DISCOUNTED,
    /**
     * A controller takes attempt n of a notification delivery (unique key {@code notification:}), before it sends:
     * two controllers never send the same attempt. Its result follows as NOTIFICATION_SENT or NOTIFICATION_FAILED.
     */
    NOTIFICATION_ATTEMPTED,
    /** A notification delivery reached its receiver (mail server or webhook answered 2xx). */
    NOTIFICATION_SENT,
    /** A notification delivery attempt failed (reason recorded); it is retried with backoff up to the limit. */
    NOTIFICATION_FAILED;

    /**
     * Events about a promotion carry its correlation id; policy, anomaly, quarantine and notification events may not
     * (a digest or a quarantine notice concerns no single promotion).
     */
    public boolean requiresCorrelationId() {
        return this != POLICY_CHANGED && this != ANOMALY_SIGNAL && this != QUARANTINE && this != QUARANTINE_LIFTED
                && !isNotification();
    }

    /** The outbox's records; they never change a promotion's state. */
    public boolean isNotification() {
        return this == NOTIFICATION_ATTEMPTED || this == NOTIFICATION_SENT || this == NOTIFICATION_FAILED;
    }
}
