package io.jenkins.plugins.promotiongates.engine.model;

/** The result of a gate, ordered from best to worst so that combining checks keeps the worst one. */
public enum Outcome {
    /** Every enforced check passed. */
    ALLOW,
    /** Nothing denies, but a human must still decide (approval, escalation). */
    PENDING,
    /** At least one enforced check failed; also the answer to every error (fail closed). */
    DENY;

    public boolean isWorseThan(Outcome other) {
        return ordinal() > other.ordinal();
    }

    public Outcome worst(Outcome other) {
        return isWorseThan(other) ? this : other;
    }
}
