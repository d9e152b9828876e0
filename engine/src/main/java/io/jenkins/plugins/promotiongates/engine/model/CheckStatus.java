package io.jenkins.plugins.promotiongates.engine.model;

/** What one check concluded. */
public enum CheckStatus {
    PASSED,
    /** An enforced rule failed: the decision is DENY. */
    FAILED,
    /** A rule in warn mode would have failed: recorded, not blocking. */
    WARNED,
    /** The check needs a human (approval, escalation): the decision is at best PENDING. */
    PENDING,
    /** The rule is not configured for this environment. */
    NOT_APPLICABLE;

    /** The outcome this status contributes to a decision. */
    public Outcome outcome() {
        return switch (this) {
            case FAILED -> Outcome.DENY;
            case PENDING -> Outcome.PENDING;
            default -> Outcome.ALLOW;
        };
    }
}
