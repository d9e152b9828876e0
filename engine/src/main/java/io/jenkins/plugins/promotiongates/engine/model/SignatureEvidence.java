package io.jenkins.plugins.promotiongates.engine.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.Instant;
import java.util.Objects;

/**
 * What signature verification established for one artifact. Produced by the verification package from the
 * bundle; the gate only reads it.
 *
 * @param verified       true only if the bundle verified completely against a trusted root
 * @param identity       the certificate's identity (SAN) or the key's fingerprint, if it could be read
 * @param issuer         the OIDC issuer from the certificate, if any
 * @param logIndex       transparency log index, if logged
 * @param integratedTime when the log integrated the entry (or the timestamp authority's time)
 * @param failure        why verification failed; {@link ReasonCode#OK} when verified
 * @param detail         a precise human explanation (expected/actual)
 */
public record SignatureEvidence(boolean verified, @CheckForNull String identity, @CheckForNull String issuer,
        @CheckForNull Long logIndex, @CheckForNull Instant integratedTime, ReasonCode failure, String detail) {
    public SignatureEvidence {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
        if (verified != (failure == ReasonCode.OK)) {
            throw new IllegalArgumentException("verified must be true exactly when failure is OK");
        }
    }

    public static SignatureEvidence verified(String identity, @CheckForNull String issuer, @CheckForNull Long logIndex,
            @CheckForNull Instant integratedTime) {
        return new SignatureEvidence(true, identity, issuer, logIndex, integratedTime, ReasonCode.OK, "verified");
    }

    public static SignatureEvidence failed(ReasonCode failure, String detail) {
        return new SignatureEvidence(false, null, null, null, null, failure, detail);
    }
}
