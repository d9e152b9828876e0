package io.jenkins.plugins.promotiongates.engine.approval;

/** Where a pending approval stands. Only {@link #PENDING} accepts votes; only {@link #APPROVED} can be consumed. */
public enum ApprovalStatus {
    /** Waiting for votes. */
    PENDING,
    /** Enough approvals; the gate may consume it once. */
    APPROVED,
    /** An authorized approver rejected it (with a comment). */
    REJECTED,
    /** Nobody decided before {@code expiresAt}. */
    TIMED_OUT,
    /** The promotion was abandoned (e.g. the build was aborted). */
    WITHDRAWN,
    /** The gate used the approval for its promotion; it can't be used again. */
    CONSUMED;

    public boolean isOpen() {
        return this == PENDING;
    }
}
