package io.jenkins.plugins.promotiongates.engine.attestation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.APP;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.CLOCK;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.VERIFIED;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.ec;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.edit;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.editPayload;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.key;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.pem;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.signed;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.typical;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on a gate attestation: each must be refused with its own problem. Watched failing: with the signature
 * check removed from AttestationVerifier the tampered-subject, tampered-predicate, flipped-signature and wrong-key
 * tests were accepted (run on 2026-12-08, see docs/attestations.md).
 */
class AttestationVerifierRedTeamTest {
    private final AttestationKey key = key(ec("secp256r1"));
    private final byte[] bundle = typical().build().sign(key);

    private AttestationVerification verify(byte[] candidate) {
        return verify(candidate, key.publicKeyPem(), "production", null, CLOCK);
    }

    private static AttestationVerification verify(byte[] candidate, String publicKey, String environment,
            Duration maxAge, Clock clock) {
        return new AttestationVerifier(clock).verify(List.of(APP), candidate, publicKey, environment, maxAge);
    }

    @Test
    void shouldRefuseATamperedSubject() {
        byte[] tampered = editPayload(bundle, payload -> payload.replace("a".repeat(64), "e".repeat(64)));

        assertThat(verify(tampered, key.publicKeyPem(), "production", null, CLOCK).has(
                AttestationProblem.SIGNATURE_INVALID)).isTrue();
    }

    @Test
    void shouldRefuseATamperedPredicate() {
        byte[] tampered = editPayload(bundle, payload -> payload.replace("\"production\"", "\"staging\""));

        assertThat(verify(tampered, key.publicKeyPem(), "staging", null, CLOCK).findings())
                .extracting(AttestationFinding::problem).containsExactly(AttestationProblem.SIGNATURE_INVALID);
    }

    @Test
    void shouldRefuseAnotherPayloadType() {
        byte[] tampered = edit(bundle, root -> {
            ((ObjectNode) root.get("dsseEnvelope")).put("payloadType", "application/json");
            return root;
        });

        assertThat(verify(tampered).findings()).extracting(AttestationFinding::problem)
                .containsExactly(AttestationProblem.WRONG_PAYLOAD_TYPE);
    }

    @Test
    void shouldRefuseAnotherPayloadTypeEvenWhenSignedForIt() {
        byte[] resigned = signed(key, "application/json", typical().build().statement());

        assertThat(verify(resigned).has(AttestationProblem.WRONG_PAYLOAD_TYPE)).isTrue();
    }

    @Test
    void shouldRefuseAFlippedSignatureBit() {
        byte[] tampered = edit(bundle, root -> {
            ObjectNode signature = (ObjectNode) root.get("dsseEnvelope").get("signatures").get(0);
            byte[] sig = Base64.getDecoder().decode(signature.get("sig").asText());
            sig[sig.length - 1] ^= 1;
            signature.put("sig", Base64.getEncoder().encodeToString(sig));
            return root;
        });

        assertThat(verify(tampered).findings()).extracting(AttestationFinding::problem)
                .containsExactly(AttestationProblem.SIGNATURE_INVALID);
    }

    @Test
    void shouldRefuseABundleWithoutSignatures() {
        byte[] stripped = edit(bundle, root -> {
            ((ObjectNode) root.get("dsseEnvelope")).putArray("signatures");
            return root;
        });

        assertThat(verify(stripped).has(AttestationProblem.SIGNATURE_INVALID)).isTrue();
    }

    @Test
    void shouldRefuseASignatureByAnotherKey() {
        AttestationKey other = key(ec("secp256r1"));

        assertThat(verify(bundle, other.publicKeyPem(), "production", null, CLOCK).findings())
                .extracting(AttestationFinding::problem).containsExactly(AttestationProblem.SIGNATURE_INVALID);
    }

    @Test
    void shouldRefuseAVerifyingKeyThatIsNotP256() {
        String p384 = pem("PUBLIC KEY", ec("secp384r1").getPublic().getEncoded());

        assertThat(verify(bundle, p384, "production", null, CLOCK).has(AttestationProblem.UNUSABLE_KEY)).isTrue();
        assertThat(verify(bundle, "not a key", "production", null, CLOCK).has(AttestationProblem.UNUSABLE_KEY))
                .isTrue();
    }

    @Test
    void shouldRefuseAnAttestationForAnotherEnvironment() {
        assertThat(verify(bundle, key.publicKeyPem(), "Production", null, CLOCK).findings())
                .extracting(AttestationFinding::problem).containsExactly(AttestationProblem.ENVIRONMENT_MISMATCH);
    }

    @Test
    void shouldRefuseAnArtifactThatIsNotASubject() {
        AttestationVerification result = new AttestationVerifier(CLOCK).verify(List.of(APP, Digest.sha256(
                "f".repeat(64))), bundle, key.publicKeyPem(), "production", null);

        assertThat(result.findings()).extracting(AttestationFinding::problem)
                .containsExactly(AttestationProblem.SUBJECT_MISSING);
        assertThat(result.findings().get(0).detail()).contains("f".repeat(64));
    }

    @Test
    void shouldRefuseADigestUnderAnotherAlgorithmName() {
        // the same hex named sha512 is another digest: the algorithm is part of the match
        Digest renamed = new Digest(Digest.Algorithm.SHA512, "a".repeat(128));

        assertThat(new AttestationVerifier(CLOCK).verify(List.of(renamed), bundle, key.publicKeyPem(), "production",
                null).has(AttestationProblem.SUBJECT_MISSING)).isTrue();
    }

    @Test
    void shouldRefuseAnAttestationOlderThanTheMaxAge() {
        Clock later = Clock.fixed(VERIFIED.plus(Duration.ofHours(25)), CLOCK.getZone());

        assertThat(verify(bundle, key.publicKeyPem(), "production", Duration.ofHours(24), later).findings())
                .extracting(AttestationFinding::problem).containsExactly(AttestationProblem.NOT_FRESH);
        assertThat(verify(bundle, key.publicKeyPem(), "production", Duration.ofHours(26), later).accepted())
                .isTrue();
    }

    @Test
    void shouldRefuseAnAttestationFromTheFuture() {
        Clock earlier = Clock.fixed(VERIFIED.minus(Duration.ofHours(1)), CLOCK.getZone());

        assertThat(verify(bundle, key.publicKeyPem(), "production", null, earlier)
                .has(AttestationProblem.NOT_FRESH)).isTrue();
    }

    @Test
    void shouldRefuseASignedStatementThatDidNotPass() {
        String failed = new String(typical().build().statement(), StandardCharsets.UTF_8)
                .replace("\"PASSED\"", "\"FAILED\"");

        assertThat(verify(signed(key, "application/vnd.in-toto+json", failed.getBytes(StandardCharsets.UTF_8)))
                .findings()).extracting(AttestationFinding::problem).containsExactly(AttestationProblem.NOT_PASSED);
    }

    @Test
    void shouldRefuseASignedStatementOfAnotherTypeOrPredicate() {
        String other = new String(typical().build().statement(), StandardCharsets.UTF_8)
                .replace("https://in-toto.io/Statement/v1", "https://in-toto.io/Statement/v0.1")
                .replace("https://slsa.dev/verification_summary/v1", "https://slsa.dev/provenance/v1");

        assertThat(verify(signed(key, "application/vnd.in-toto+json", other.getBytes(StandardCharsets.UTF_8)))
                .findings()).extracting(AttestationFinding::problem).containsExactly(
                        AttestationProblem.WRONG_STATEMENT_TYPE, AttestationProblem.WRONG_PREDICATE_TYPE);
    }

    @Test
    void shouldRefuseASignedStatementWithADuplicateEnvironmentKey() {
        // a reader keeping the last value would see production; one keeping the first, staging
        String twice = new String(typical().build().statement(), StandardCharsets.UTF_8)
                .replace("\"environment\":\"production\"",
                        "\"environment\":\"staging\",\"environment\":\"production\"");

        assertThat(verify(signed(key, "application/vnd.in-toto+json", twice.getBytes(StandardCharsets.UTF_8)))
                .findings()).extracting(AttestationFinding::problem)
                .containsExactly(AttestationProblem.MALFORMED_BUNDLE);
    }

    @Test
    void shouldRefuseABundleWithADuplicateKeyOrNoJson() {
        String text = new String(bundle, StandardCharsets.UTF_8);
        byte[] twice = text.replaceFirst("\\{", "{\"mediaType\":\"x\",").getBytes(StandardCharsets.UTF_8);

        assertThat(verify(twice).has(AttestationProblem.MALFORMED_BUNDLE)).isTrue();
        assertThat(verify("{".getBytes(StandardCharsets.UTF_8)).has(AttestationProblem.MALFORMED_BUNDLE)).isTrue();
        assertThat(verify(new byte[0]).has(AttestationProblem.UNSUPPORTED_MEDIA_TYPE)).isTrue();
    }
}
