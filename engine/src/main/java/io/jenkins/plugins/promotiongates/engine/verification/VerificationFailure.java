package io.jenkins.plugins.promotiongates.engine.verification;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Why an artifact did not verify. Each cause is a record with the expected and the actual value, so that a denial
 * can say precisely what was wrong; {@link #reasonCode()} is the stable code the audit and the CLI branch on.
 */
public sealed interface VerificationFailure {
    /** The stable code of this cause. */
    ReasonCode reasonCode();

    /** One line for humans: what was expected and what was found. */
    String message();

    private static String or(@CheckForNull Object value) {
        return value == null ? "(absent)" : value.toString();
    }

    /** The artifact's digest differs from the one the bundle, the log entry or the statement names. */
    record DigestMismatch(String where, String expected, String actual) implements VerificationFailure {
        public DigestMismatch {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.DIGEST_MISMATCH;
        }

        @Override
        public String message() {
            // Callers pass the artifact's digest first and the signed one second: the artifact is what is
            // "actual", the signature what is "expected" (as cosign and slsa-verifier word it).
            return "digest mismatch (" + where + "): expected " + actual + ", actual " + expected;
        }
    }

    /** The bundle carries no signature or no verification material. */
    record SignatureMissing(String detail) implements VerificationFailure {
        public SignatureMissing {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.SIGNATURE_MISSING;
        }

        @Override
        public String message() {
            return "signature missing: " + detail;
        }
    }

    /** A signature does not verify with the certificate or managed key. */
    record SignatureInvalid(String signed, String signer, String detail) implements VerificationFailure {
        public SignatureInvalid {
            Objects.requireNonNull(signed, "signed");
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.SIGNATURE_INVALID;
        }

        @Override
        public String message() {
            return "signature invalid: the signature over " + signed + " does not verify with " + signer + ": " + detail;
        }
    }

    /** The certificate's identity (SAN) matches none of the allowed identities. */
    record IdentityMismatch(List<String> expected, @CheckForNull String actual) implements VerificationFailure {
        public IdentityMismatch {
            expected = List.copyOf(expected);
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.IDENTITY_MISMATCH;
        }

        @Override
        public String message() {
            return "identity mismatch: expected " + expected + ", actual " + or(actual);
        }
    }

    /** The certificate's identity matches, but its OIDC issuer is not the one allowed with that identity. */
    record IssuerMismatch(List<String> expected, @CheckForNull String actual) implements VerificationFailure {
        public IssuerMismatch {
            expected = List.copyOf(expected);
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.ISSUER_MISMATCH;
        }

        @Override
        public String message() {
            return "issuer mismatch: expected " + expected + ", actual " + or(actual);
        }
    }

    /** The signing certificate does not chain to a certificate authority of the trusted root, or has no valid SCT. */
    record CertificateChainInvalid(String certificate, String detail) implements VerificationFailure {
        public CertificateChainInvalid {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.CERTIFICATE_CHAIN_INVALID;
        }

        @Override
        public String message() {
            return "certificate chain invalid for " + certificate + ": " + detail;
        }
    }

    /** The leaf certificate was not valid when the log integrated the entry (or when the TSA stamped it). */
    record CertificateExpiredAtIntegration(Instant notBefore, Instant notAfter, Instant time, String timeSource)
            implements VerificationFailure {
        public CertificateExpiredAtIntegration {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(notAfter, "notAfter");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(timeSource, "timeSource");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.CERTIFICATE_EXPIRED_AT_INTEGRATION;
        }

        @Override
        public String message() {
            return "certificate not valid at " + timeSource + ": expected a time within " + notBefore + " .. "
                    + notAfter + ", actual " + time;
        }
    }

    /** The transparency log entry is unknown to the trusted root or does not match the bundle's content. */
    record TlogEntryInvalid(String expected, String actual) implements VerificationFailure {
        public TlogEntryInvalid {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.TLOG_ENTRY_INVALID;
        }

        @Override
        public String message() {
            return "transparency log entry invalid: expected " + expected + ", actual " + actual;
        }
    }

    /** The trusted root's key for this log was not valid at the entry's time (the window's end is inclusive). */
    record TlogOutsideValidity(String logId, String validFor, Instant time) implements VerificationFailure {
        public TlogOutsideValidity {
            Objects.requireNonNull(logId, "logId");
            Objects.requireNonNull(validFor, "validFor");
            Objects.requireNonNull(time, "time");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.TLOG_OUTSIDE_VALIDITY;
        }

        @Override
        public String message() {
            return "transparency log " + logId + " outside its validity: expected a time within " + validFor
                    + ", actual " + time;
        }
    }

    /** The entry has no inclusion proof but verification requires one. */
    record InclusionProofMissing(long logIndex) implements VerificationFailure {
        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.INCLUSION_PROOF_MISSING;
        }

        @Override
        public String message() {
            return "inclusion proof missing for log index " + logIndex + ": expected a Merkle inclusion proof";
        }
    }

    /** The Merkle inclusion proof does not lead to the stated root hash. */
    record InclusionProofInvalid(String expectedRootHash, String actual) implements VerificationFailure {
        public InclusionProofInvalid {
            Objects.requireNonNull(expectedRootHash, "expectedRootHash");
            Objects.requireNonNull(actual, "actual");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.INCLUSION_PROOF_INVALID;
        }

        @Override
        public String message() {
            return "inclusion proof invalid: expected root hash " + expectedRootHash + ", actual " + actual;
        }
    }

    /** The log checkpoint is unsigned, badly signed or does not commit to the inclusion proof's root. */
    record CheckpointInvalid(String expected, String actual) implements VerificationFailure {
        public CheckpointInvalid {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.CHECKPOINT_INVALID;
        }

        @Override
        public String message() {
            return "checkpoint invalid: expected " + expected + ", actual " + actual;
        }
    }

    /** The signed entry timestamp (inclusion promise) does not verify with the log's key. */
    record SetInvalid(String logId, String detail) implements VerificationFailure {
        public SetInvalid {
            Objects.requireNonNull(logId, "logId");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.SET_INVALID;
        }

        @Override
        public String message() {
            return "signed entry timestamp invalid for log " + logId + ": " + detail;
        }
    }

    /** An RFC 3161 timestamp is invalid, or no verified time source exists. */
    record TimestampInvalid(String expected, String actual) implements VerificationFailure {
        public TimestampInvalid {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.TIMESTAMP_INVALID;
        }

        @Override
        public String message() {
            return "timestamp invalid: expected " + expected + ", actual " + actual;
        }
    }

    /** The bundle (or statement) is in a format or version this verifier does not support: never a silent pass. */
    record UnsupportedBundle(String expected, String actual) implements VerificationFailure {
        public UnsupportedBundle {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.UNSUPPORTED_BUNDLE;
        }

        @Override
        public String message() {
            return "unsupported bundle: expected " + expected + ", actual " + actual;
        }
    }

    /** Provenance was required (builder or source constrained) but none is present. */
    record ProvenanceMissing(String expected) implements VerificationFailure {
        public ProvenanceMissing {
            Objects.requireNonNull(expected, "expected");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.PROVENANCE_MISSING;
        }

        @Override
        public String message() {
            return "provenance missing: expected " + expected + ", actual none";
        }
    }

    /** The provenance is present but malformed (not an in-toto statement, bad JSON, unreadable envelope). */
    record ProvenanceInvalid(String expected, String actual) implements VerificationFailure {
        public ProvenanceInvalid {
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.PROVENANCE_INVALID;
        }

        @Override
        public String message() {
            return "provenance invalid: expected " + expected + ", actual " + actual;
        }
    }

    /** The statement's predicate is not a supported SLSA provenance. */
    record ProvenancePredicateUnsupported(List<String> expected, @CheckForNull String actual)
            implements VerificationFailure {
        public ProvenancePredicateUnsupported {
            expected = List.copyOf(expected);
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.PROVENANCE_PREDICATE_UNSUPPORTED;
        }

        @Override
        public String message() {
            return "provenance predicate unsupported: expected one of " + expected + ", actual " + or(actual);
        }
    }

    /** No subject of the provenance statement has the artifact's digest. */
    record ProvenanceSubjectMismatch(String expected, List<String> actual) implements VerificationFailure {
        public ProvenanceSubjectMismatch {
            Objects.requireNonNull(expected, "expected");
            actual = List.copyOf(actual);
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.PROVENANCE_SUBJECT_MISMATCH;
        }

        @Override
        public String message() {
            return "provenance subject mismatch: expected a subject with " + expected + ", actual " + actual;
        }
    }

    /** The provenance's builder is not one of the trusted builders. */
    record BuilderUntrusted(List<String> expected, @CheckForNull String actual) implements VerificationFailure {
        public BuilderUntrusted {
            expected = List.copyOf(expected);
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.BUILDER_UNTRUSTED;
        }

        @Override
        public String message() {
            return "builder untrusted: expected one of " + expected + ", actual " + or(actual);
        }
    }

    /** The provenance's source repository is not an expected one. */
    record SourceRepoMismatch(List<String> expected, @CheckForNull String actual) implements VerificationFailure {
        public SourceRepoMismatch {
            expected = List.copyOf(expected);
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.SOURCE_REPO_MISMATCH;
        }

        @Override
        public String message() {
            return "source repository mismatch: expected one of " + expected + ", actual " + or(actual);
        }
    }

    /** The provenance's git ref (tag or branch) is not an expected one. */
    record SourceRefMismatch(List<String> expected, @CheckForNull String actual) implements VerificationFailure {
        public SourceRefMismatch {
            expected = List.copyOf(expected);
        }

        @Override
        public ReasonCode reasonCode() {
            return ReasonCode.SOURCE_REF_MISMATCH;
        }

        @Override
        public String message() {
            return "source ref mismatch: expected one of " + expected + ", actual " + or(actual);
        }
    }

    /** Formats a key id or hash for messages. */
    static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }
}
