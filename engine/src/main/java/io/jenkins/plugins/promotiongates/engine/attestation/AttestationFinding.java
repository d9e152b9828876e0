package io.jenkins.plugins.promotiongates.engine.attestation;

import java.util.Objects;

/** One reason an attestation was refused, with what was expected and found. */
public record AttestationFinding(AttestationProblem problem, String detail) {
    public AttestationFinding {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(detail, "detail");
    }
}
