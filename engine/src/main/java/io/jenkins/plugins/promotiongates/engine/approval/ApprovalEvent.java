package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.time.Instant;
import java.util.Objects;

/**
 * What happened to a pending request, in the form a store persists and {@link ApprovalState#replay} reads back.
 * Audit event types: a {@link VoteCast} is {@code APPROVAL_GRANTED} or {@code APPROVAL_REJECTED}; the others map to
 * {@code APPROVAL_WITHDRAWN}, {@code APPROVAL_TIMED_OUT}, {@code APPROVAL_CONSUMED} and
 * {@code APPROVAL_VOTE_DISCOUNTED}.
 */
public sealed interface ApprovalEvent {
    /** When it happened (from the injected clock of whoever caused it). */
    Instant at();

    /** A vote, counted or not; replaying a refused vote refuses it again. */
    record VoteCast(Vote vote) implements ApprovalEvent {
        public VoteCast {
            Objects.requireNonNull(vote, "vote");
        }

        @Override
        public Instant at() {
            return vote.at();
        }
    }

    /** The promotion was abandoned. */
    record Withdrawn(String actor, String reason, Instant at) implements ApprovalEvent {
        public Withdrawn {
            Identifiers.requireSafeText("actor", actor, 256);
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /** Nobody decided in time. */
    record TimedOut(Instant at) implements ApprovalEvent {
        public TimedOut {
            Objects.requireNonNull(at, "at");
        }
    }

    /** The gate used the approval for the promotion with this binding. */
    record Consumed(ApprovalBinding binding, Instant at) implements ApprovalEvent {
        public Consumed {
            Objects.requireNonNull(binding, "binding");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A counted approval stopped counting: when it was to be used its voter no longer was an approver (left the
     * groups, lost the Approve permission).
     */
    record Discounted(String userId, Instant at) implements ApprovalEvent {
        public Discounted {
            Identifiers.requireSafeText("user id", userId, 256);
            Objects.requireNonNull(at, "at");
        }
    }
}
