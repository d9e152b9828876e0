package io.jenkins.plugins.promotiongates.engine.verification;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one verification. {@link #verified()} is true only when no failure was found; the evidence
 * records carry what was established (also on failure, as far as it could be read) for the policy and the audit.
 *
 * @param digest         the artifact digest that was verified
 * @param signature      signature evidence (verified exactly when no signature-side failure was found)
 * @param provenance     SLSA provenance facts when a statement was present, even with no expectations
 * @param failures       every cause found, in the order checked
 * @param identity       certificate SAN, or the managed key's fingerprint
 * @param issuer         the certificate's OIDC issuer
 * @param logIndex       the transparency log index
 * @param integratedTime the verified time (log integration time, else the timestamp authority's)
 */
public record VerificationResult(Digest digest, SignatureEvidence signature, @CheckForNull ProvenanceEvidence provenance,
        List<VerificationFailure> failures, @CheckForNull String identity, @CheckForNull String issuer,
        @CheckForNull Long logIndex, @CheckForNull Instant integratedTime) {
    public VerificationResult {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signature, "signature");
        failures = List.copyOf(failures);
    }

    public boolean verified() {
        return failures.isEmpty();
    }
}
