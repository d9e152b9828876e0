package io.jenkins.plugins.promotiongates.engine.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mandatory post-incident review after a break-glass promotion. It stays open (and on the pending page) until
 * someone other than the person who broke the glass closes it with a note.
 *
 * @param correlationId the promotion that broke the glass
 * @param environment   its environment
 * @param openedBy      who broke the glass
 * @param reason        their written reason
 * @param overridden    the reason codes that were overridden (change window, freeze)
 * @param openedAt      when
 * @param closedBy      who closed the review, null while open
 * @param closingNote   their note, null while open
 * @param closedAt      when it was closed, null while open
 */
public record ReviewItem(String correlationId, String environment, String openedBy, String reason,
        List<ReasonCode> overridden, Instant openedAt, @CheckForNull String closedBy, @CheckForNull String closingNote,
        @CheckForNull Instant closedAt) {
    public ReviewItem {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(openedBy, "openedBy");
        Objects.requireNonNull(reason, "reason");
        overridden = List.copyOf(overridden);
        Objects.requireNonNull(openedAt, "openedAt");
        if ((closedBy == null) != (closedAt == null) || (closedBy == null) != (closingNote == null)) {
            throw new IllegalArgumentException("closedBy, closingNote and closedAt are set together or not at all");
        }
    }

    /** The answer to a closing attempt: the item afterwards and whether it was closed. */
    public record Closing(ReviewItem item, boolean accepted, CheckResult reason) {
        public Closing {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public boolean isOpen() {
        return closedBy == null;
    }

    /**
     * Closes the review. Refused when already closed, when the note is blank, or when {@code closer} is the person
     * who broke the glass (case-insensitive, like approvals): nobody reviews their own emergency.
     */
    public Closing close(String closer, String note, Clock clock) {
        Identifiers.requireSafeText("closer", closer, 256);
        if (!isOpen()) {
            return refused(ReasonCode.INVALID_REQUEST, "the review was already closed by " + closedBy, closer);
        }
        if (Approver.normalize(closer).equals(Approver.normalize(openedBy))) {
            return refused(ReasonCode.SELF_APPROVAL_FORBIDDEN, closer
                    + " broke the glass and may not close its review; someone else must", closer);
        }
        if (note.isBlank()) {
            return refused(ReasonCode.INVALID_REQUEST, "closing a review needs a note", closer);
        }
        ReviewItem closed = new ReviewItem(correlationId, environment, openedBy, reason, overridden, openedAt, closer,
                note, clock.instant());
        return new Closing(closed, true, CheckResult.passed("break-glass", "review of " + correlationId
                + " closed by " + closer, Map.of("closedBy", closer, "openedBy", openedBy)));
    }

    private Closing refused(ReasonCode code, String message, String closer) {
        return new Closing(this, false, CheckResult.failed("break-glass", code, message,
                Map.of("closer", closer, "openedBy", openedBy)));
    }
}
