package io.jenkins.plugins.promotiongates.engine.evidence;

/** Carries an {@link EvidenceRefusal} out of the reading code; callers turn it into a recorded denial. */
public final class EvidenceRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final EvidenceRefusal refusal;

    public EvidenceRefusedException(EvidenceRefusal refusal) {
        super(refusal.message(), null, false, false);
        this.refusal = refusal;
    }

    public EvidenceRefusal refusal() {
        return refusal;
    }
}
