package io.jenkins.plugins.promotiongates.engine.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.verification.JsonTrees;
import io.jenkins.plugins.promotiongates.engine.verification.ManagedKey;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Checks a gate attestation bundle before a deployment trusts it. The signature is checked first and nothing in
 * the payload is read unless it verifies; then every content check runs and each failure is a finding. Bad input
 * is a finding, never an exception.
 */
public final class AttestationVerifier {
    /** Clock skew tolerated for a timeVerified slightly ahead of this machine's clock. */
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Clock clock;

    public AttestationVerifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies the bundle against the key, the artifacts and the environment.
     *
     * @param artifacts    digests that must each be a subject of the statement
     * @param bundle       the Sigstore bundle JSON bytes
     * @param publicKeyPem the signer's public key, PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo)
     * @param environment  the environment the attestation must be for
     * @param maxAge       how old timeVerified may be; {@code null} for no limit
     */
    public AttestationVerification verify(List<Digest> artifacts, byte[] bundle, String publicKeyPem,
            String environment, @CheckForNull Duration maxAge) {
        PublicKey key;
        try {
            key = ManagedKey.parse(publicKeyPem, "attestation key").publicKey();
        } catch (IllegalArgumentException e) {
            return refused(AttestationProblem.UNUSABLE_KEY, e.getMessage());
        }
        if (!P256.isP256(key)) {
            return refused(AttestationProblem.UNUSABLE_KEY, "expected an ECDSA P-256 public key, found "
                    + key.getAlgorithm() + " on another curve or of another kind");
        }
        JsonNode root;
        try {
            root = JsonTrees.read(bundle);
        } catch (IOException e) {
            return refused(AttestationProblem.MALFORMED_BUNDLE, "bundle is not strict JSON: " + e.getMessage());
        }
        String mediaType = root.path("mediaType").asText("");
        if (!GateAttestation.BUNDLE_MEDIA_TYPE.equals(mediaType)) {
            return refused(AttestationProblem.UNSUPPORTED_MEDIA_TYPE, "expected mediaType "
                    + GateAttestation.BUNDLE_MEDIA_TYPE + ", found '" + mediaType + "'");
        }
        JsonNode envelope = root.path("dsseEnvelope");
        String payloadType = envelope.path("payloadType").asText("");
        if (!Dsse.PAYLOAD_TYPE.equals(payloadType)) {
            return refused(AttestationProblem.WRONG_PAYLOAD_TYPE, "expected payloadType " + Dsse.PAYLOAD_TYPE
                    + ", found '" + payloadType + "'");
        }
        byte[] payload;
        List<byte[]> signatures = new ArrayList<>();
        try {
            payload = base64(envelope.path("payload"), "dsseEnvelope.payload");
            for (JsonNode signature : envelope.path("signatures")) {
                signatures.add(base64(signature.path("sig"), "dsseEnvelope.signatures[].sig"));
            }
        } catch (IllegalArgumentException e) {
            return refused(AttestationProblem.MALFORMED_BUNDLE, e.getMessage());
        }
        if (signatures.isEmpty()) {
            return refused(AttestationProblem.SIGNATURE_INVALID, "dsseEnvelope.signatures: expected a signature,"
                    + " found none");
        }
        byte[] pae = Dsse.pae(payloadType, payload);
        if (signatures.stream().noneMatch(signature -> verifies(key, pae, signature))) {
            return refused(AttestationProblem.SIGNATURE_INVALID, "no DSSE signature verifies with key "
                    + P256.keyId(key));
        }
        JsonNode statement;
        try {
            statement = JsonTrees.read(payload);
        } catch (IOException e) {
            return refused(AttestationProblem.MALFORMED_BUNDLE, "payload is not strict JSON: " + e.getMessage());
        }
        return new AttestationVerification(contentFindings(statement, artifacts, environment, maxAge));
    }

    private List<AttestationFinding> contentFindings(JsonNode statement, List<Digest> artifacts, String environment,
            @CheckForNull Duration maxAge) {
        List<AttestationFinding> findings = new ArrayList<>();
        expect(findings, AttestationProblem.WRONG_STATEMENT_TYPE, "_type", GateAttestation.STATEMENT_TYPE,
                statement.path("_type"));
        expect(findings, AttestationProblem.WRONG_PREDICATE_TYPE, "predicateType", GateAttestation.PREDICATE_TYPE,
                statement.path("predicateType"));
        for (Digest artifact : artifacts) {
            if (!isSubject(statement.path("subject"), artifact)) {
                findings.add(new AttestationFinding(AttestationProblem.SUBJECT_MISSING, "subject: expected an entry"
                        + " with digest " + artifact + ", found none"));
            }
        }
        JsonNode predicate = statement.path("predicate");
        expect(findings, AttestationProblem.ENVIRONMENT_MISMATCH, GateAttestation.EXTENSION + ".environment",
                environment, predicate.path(GateAttestation.EXTENSION).path("environment"));
        expect(findings, AttestationProblem.NOT_PASSED, "verificationResult", GateAttestation.PASSED,
                predicate.path("verificationResult"));
        freshness(findings, predicate.path("timeVerified"), maxAge);
        return findings;
    }

    private void freshness(List<AttestationFinding> findings, JsonNode time, @CheckForNull Duration maxAge) {
        Instant verified;
        try {
            verified = Instant.parse(time.asText(""));
        } catch (DateTimeParseException e) {
            findings.add(new AttestationFinding(AttestationProblem.NOT_FRESH, "timeVerified: expected an RFC 3339"
                    + " UTC time, found '" + time.asText("") + "'"));
            return;
        }
        Instant now = clock.instant();
        if (verified.isAfter(now.plus(SKEW))) {
            findings.add(new AttestationFinding(AttestationProblem.NOT_FRESH, "timeVerified " + verified
                    + " is in the future (now " + now + ")"));
        } else if (maxAge != null && Duration.between(verified, now).compareTo(maxAge) > 0) {
            findings.add(new AttestationFinding(AttestationProblem.NOT_FRESH, "timeVerified " + verified
                    + " is older than the allowed " + maxAge + " (now " + now + ")"));
        }
    }

    private static boolean isSubject(JsonNode subjects, Digest artifact) {
        for (JsonNode subject : subjects) {
            JsonNode hex = subject.path("digest").path(artifact.algorithm().prefix());
            if (hex.isTextual() && artifact.hex().equals(hex.textValue())) {
                return true;
            }
        }
        return false;
    }

    private static void expect(List<AttestationFinding> findings, AttestationProblem problem, String field,
            String expected, JsonNode actual) {
        if (!actual.isTextual() || !expected.equals(actual.textValue())) {
            findings.add(new AttestationFinding(problem, field + ": expected '" + expected + "', found "
                    + (actual.isTextual() ? "'" + actual.textValue() + "'" : "none")));
        }
    }

    private static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(P256.SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // a signature that is not DER, or a key the provider will not take: does not verify
            return false;
        }
    }

    private static byte[] base64(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + ": expected a base64 string, found none");
        }
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": expected base64, " + e.getMessage(), e);
        }
    }

    private static AttestationVerification refused(AttestationProblem problem, String detail) {
        return new AttestationVerification(List.of(new AttestationFinding(problem, detail)));
    }
}
