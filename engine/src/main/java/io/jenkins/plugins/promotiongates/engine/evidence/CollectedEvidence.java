package io.jenkins.plugins.promotiongates.engine.evidence;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The evidence part of a promotion request as a caller gathered it with {@link EvidenceCollector}: the artifacts
 * (digests and documents), the test counts, and what was refused. When anything was refused the artifacts are left
 * out and the service records a denial with the refusals' reasons.
 *
 * @param artifacts the artifacts, in the order found; empty when anything was refused
 * @param tests     summed test counts, or null when no report was asked for or found
 * @param refusals  what was refused while gathering
 */
public record CollectedEvidence(List<SubmittedArtifact> artifacts, @CheckForNull TestEvidence tests,
        List<EvidenceRefusal> refusals) {
    public CollectedEvidence {
        refusals = List.copyOf(refusals);
        artifacts = refusals.isEmpty() ? List.copyOf(artifacts) : List.of();
    }

    /** Puts the artifacts, the tests and the refusals (as FAILED checks) into the submission. */
    public PromotionSubmission.Builder applyTo(PromotionSubmission.Builder submission) {
        return submission.artifacts(artifacts).tests(tests)
                .refusals(refusals.stream().map(EvidenceRefusal::toCheck).toList());
    }

    /**
     * One line per fact, in a stable form: artifact names and digests, the SHA-256 of each document, the test
     * counts, the refusals. Tests compare what the plugin and the CLI gathered from the same files by it.
     */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (SubmittedArtifact artifact : artifacts) {
            text.append("artifact ").append(artifact.artifact().name()).append(' ').append(artifact.artifact().digest())
                    .append(" bundle=").append(sha256(artifact.bundleJson()))
                    .append(" provenance=").append(sha256(artifact.provenanceJson())).append('\n');
        }
        text.append("tests ").append(tests == null ? "none"
                : tests.total() + " run, " + tests.failed() + " failed, " + tests.skipped() + " skipped").append('\n');
        for (EvidenceRefusal refusal : refusals) {
            text.append("refused ").append(refusal.code()).append(' ').append(refusal.path()).append(": ")
                    .append(refusal.message()).append('\n');
        }
        return text.toString();
    }

    private static String sha256(@CheckForNull String document) {
        if (document == null) {
            return "none";
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
