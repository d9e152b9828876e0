package io.jenkins.plugins.promotiongates.engine.notification;

/** What a notification tells; the webhook payload's {@code kind} (docs/webhooks.md). Names are never changed. */
public enum NotificationKind {
    /** A promotion waits for approval: to the people who may approve it. */
    APPROVAL_NEEDED,
    /** The approval's deadline is near and it still waits: to approvers who have not voted, once. */
    APPROVAL_REMINDER,
    /** Every request that waits for one approver, at most once per the policy's {@code digestMinutes}. */
    APPROVAL_DIGEST,
    /** An approval was answered: approved, rejected, withdrawn, timed out or made stale; to requester and admins. */
    APPROVAL_ANSWERED,
    /** Break-glass overrode a window or freeze: to the requester and admins. */
    BREAK_GLASS_USED,
    /** An identity was quarantined: to the admins. */
    QUARANTINED
}
