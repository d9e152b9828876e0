package io.jenkins.plugins.promotiongates.engine.attestation;

import java.util.List;

/** The verifier's answer: accepted exactly when there are no findings. */
public record AttestationVerification(List<AttestationFinding> findings) {
    public AttestationVerification {
        findings = List.copyOf(findings);
    }

    public boolean accepted() {
        return findings.isEmpty();
    }

    /** Whether one of the findings is this problem. */
    public boolean has(AttestationProblem problem) {
        return findings.stream().anyMatch(finding -> finding.problem() == problem);
    }
}
