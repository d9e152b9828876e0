package io.jenkins.plugins.promotiongates.engine.notification;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.time.Instant;

/**
 * What the audit trail says of one delivery: how many attempts were taken, and the last attempt's result. Rebuilt
 * from NOTIFICATION_* events by every controller, so all of them agree on what is due.
 */
final class DeliveryState {
    private int attempts;
    @CheckForNull
    private Instant attemptedAt;
    private boolean sent;
    private int failedAttempt;
    @CheckForNull
    private Instant failedAt;
    private boolean permanent;

    void apply(AuditEvent event, int attempt) {
        if (event.type() == AuditEventType.NOTIFICATION_ATTEMPTED && attempt > attempts) {
            attempts = attempt;
            attemptedAt = event.time();
        } else if (event.type() == AuditEventType.NOTIFICATION_SENT) {
            sent = true;
        } else if (event.type() == AuditEventType.NOTIFICATION_FAILED && attempt >= failedAttempt) {
            failedAttempt = attempt;
            failedAt = event.time();
            permanent |= event.reasons().stream().anyMatch(r -> r.code() == ReasonCode.NOTIFICATION_NOT_CONFIGURED);
        }
    }

    int attempts() {
        return attempts;
    }

    @CheckForNull
    Instant lastActivity() {
        return failedAt != null && (attemptedAt == null || failedAt.isAfter(attemptedAt)) ? failedAt : attemptedAt;
    }

    /** Delivered, given up (limit reached, or not configured), or still to try. */
    boolean finished(OutboxSettings settings) {
        return sent || permanent || (attempts >= settings.maxAttempts() && (failedAttempt == attempts
                || attemptedAt == null));
    }

    /**
     * When the next attempt may be taken: now for a new delivery; after the backoff for a failed one; after the lease
     * for an attempt taken without a result (its controller stopped, or is still sending).
     */
    @CheckForNull
    Instant dueAt(OutboxSettings settings) {
        if (finished(settings)) {
            return null;
        }
        if (attempts == 0) {
            return Instant.MIN;
        }
        if (failedAttempt == attempts && failedAt != null) {
            return failedAt.plus(settings.backoff(attempts));
        }
        if (attempts >= settings.maxAttempts()) {
            return null;
        }
        return attemptedAt == null ? Instant.MIN : attemptedAt.plus(settings.lease());
    }
}
