package io.jenkins.plugins.promotiongates.engine.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.Objects;

/**
 * What provenance verification established for one artifact: the signed in-toto statement verified and its
 * subject matched the artifact digest; these are the facts its SLSA predicate states.
 *
 * @param verified         true if the statement's envelope verified and its subject matches the artifact
 * @param predicateType    e.g. {@code https://slsa.dev/provenance/v1}
 * @param builderId        the predicate's builder id
 * @param sourceRepository the source repository URI as the predicate states it
 * @param sourceRef        the git ref, e.g. {@code refs/tags/v1.2.0}
 * @param sourceCommit     the commit digest, if stated
 * @param failure          why verification failed; {@link ReasonCode#OK} when verified
 * @param detail           a precise human explanation
 */
public record ProvenanceEvidence(boolean verified, @CheckForNull String predicateType, @CheckForNull String builderId,
        @CheckForNull String sourceRepository, @CheckForNull String sourceRef, @CheckForNull String sourceCommit,
        ReasonCode failure, String detail) {
    public ProvenanceEvidence {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
        if (verified != (failure == ReasonCode.OK)) {
            throw new IllegalArgumentException("verified must be true exactly when failure is OK");
        }
    }

    public static ProvenanceEvidence verified(String predicateType, @CheckForNull String builderId,
            @CheckForNull String sourceRepository, @CheckForNull String sourceRef, @CheckForNull String sourceCommit) {
        return new ProvenanceEvidence(true, predicateType, builderId, sourceRepository, sourceRef, sourceCommit,
                ReasonCode.OK, "verified");
    }

    public static ProvenanceEvidence failed(ReasonCode failure, String detail) {
        return new ProvenanceEvidence(false, null, null, null, null, null, failure, detail);
    }
}
