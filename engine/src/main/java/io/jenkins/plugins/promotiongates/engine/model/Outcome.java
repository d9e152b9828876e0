package io.jenkins.plugins.promotiongates.engine.model;

/** The result of a gate, ordered from best to worst so that combining checks keeps the worst one. */
public enum Outcome {
    /** Every enforced check passed. */
    ALLOW(0),
    /** Nothing denies, but a human must still decide (approval, escalation). */
    PENDING(1),
    /** At least one enforced check failed; also the answer to every error (fail closed). */
    DENY(2);

    /** Explicit rather than the declaration order, so that reordering the constants cannot weaken a gate. */
    private final int severity;

    Outcome(int severity) {
        this.severity = severity;
    }

    public boolean isWorseThan(Outcome other) {
        return severity > other.severity;
    }

    public Outcome worst(Outcome other) {
        return isWorseThan(other) ? this : other;
    }
}
