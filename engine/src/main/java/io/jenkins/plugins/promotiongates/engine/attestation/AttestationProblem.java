package io.jenkins.plugins.promotiongates.engine.attestation;

/** Why an attestation was refused; each is documented in docs/attestations.md. */
public enum AttestationProblem {
    /** Not strict JSON, a duplicate key, a missing field or bad base64 in the bundle. */
    MALFORMED_BUNDLE,
    /** The bundle's mediaType is not the Sigstore bundle v0.3 type we write. */
    UNSUPPORTED_MEDIA_TYPE,
    /** The verifying public key is unreadable or not ECDSA P-256. */
    UNUSABLE_KEY,
    /** The DSSE payloadType is not in-toto. */
    WRONG_PAYLOAD_TYPE,
    /** No DSSE signature verifies over PAE(payloadType, payload) with the key. */
    SIGNATURE_INVALID,
    /** The payload is not an in-toto Statement v1. */
    WRONG_STATEMENT_TYPE,
    /** The predicate is not a SLSA Verification Summary v1. */
    WRONG_PREDICATE_TYPE,
    /** An artifact digest given to the verifier is not a subject of the statement. */
    SUBJECT_MISSING,
    /** Our extension names another environment (or none). */
    ENVIRONMENT_MISMATCH,
    /** verificationResult is not PASSED. */
    NOT_PASSED,
    /** timeVerified is missing, unreadable, older than the allowed age or in the future. */
    NOT_FRESH
}
