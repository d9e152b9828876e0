package io.jenkins.plugins.promotiongates.engine.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.APP;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.CLOCK;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.LIB;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.ec;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.key;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.pem;
import static io.jenkins.plugins.promotiongates.engine.attestation.AttestationFixtures.typical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GateAttestationTest {
    private final AttestationKey key = key(ec("secp256r1"));

    @Test
    void shouldWriteTheSameCanonicalStatementBytesForFixedInputs() {
        String expected = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicate\":{\"inputAttestations\":[{"
                + "\"digest\":{\"sha256\":\"" + "d".repeat(64) + "\"},\"uri\":\"https://jenkins.example/job/app/42/"
                + "artifact/app.jar.sigstore.json\"}],\"policy\":{\"digest\":{\"sha256\":\"" + "c".repeat(64)
                + "\"},\"uri\":\"https://jenkins.example/promotion-gates/policy\"},\"promotionGates\":{\"approvers\":"
                + "[\"alice\",\"bob\"],\"correlationId\":\"corr-1\",\"environment\":\"production\",\"reasonCodes\":"
                + "[\"ALLOWED\"]},\"resourceUri\":\"https://jenkins.example/job/app/42/\",\"timeVerified\":"
                + "\"2026-12-08T03:00:00Z\",\"verificationResult\":\"PASSED\",\"verifiedLevels\":"
                + "[\"SLSA_BUILD_LEVEL_2\"],\"verifier\":{\"id\":\"https://jenkins.example/promotion-gates\"}},"
                + "\"predicateType\":\"https://slsa.dev/verification_summary/v1\",\"subject\":[{\"digest\":{"
                + "\"sha256\":\"" + "a".repeat(64) + "\"},\"name\":\"app.jar\"},{\"digest\":{\"sha512\":\""
                + "b".repeat(128) + "\"},\"name\":\"lib.tar.gz\"}]}";

        assertThat(new String(typical().build().statement(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(typical().build().statement()).isEqualTo(typical().build().statement());
    }

    @Test
    void shouldBeAcceptedByTheVerifierWithItsPublicKey() {
        byte[] bundle = typical().build().sign(key);

        AttestationVerification result = new AttestationVerifier(CLOCK).verify(List.of(APP, LIB), bundle,
                key.publicKeyPem(), "production", Duration.ofHours(24));

        assertThat(result.findings()).isEmpty();
        assertThat(result.accepted()).isTrue();
    }

    @Test
    void shouldWriteASigstoreBundleWithADsseEnvelopeNamingTheKey() throws Exception {
        GateAttestation attestation = typical().build();
        JsonNode bundle = new ObjectMapper().readTree(attestation.sign(key));
        String keyId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.publicKey().getEncoded()));

        assertThat(key.keyId()).isEqualTo(keyId).hasSize(64);
        assertThat(bundle.path("mediaType").asText()).isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
        assertThat(bundle.path("verificationMaterial").path("publicKey").path("hint").asText()).isEqualTo(keyId);
        assertThat(bundle.path("dsseEnvelope").path("payloadType").asText())
                .isEqualTo("application/vnd.in-toto+json");
        assertThat(bundle.path("dsseEnvelope").path("signatures").get(0).path("keyid").asText()).isEqualTo(keyId);
        assertThat(Base64.getDecoder().decode(bundle.path("dsseEnvelope").path("payload").asText()))
                .isEqualTo(attestation.statement());
    }

    @Test
    void shouldComputeThePaeAsTheDsseSpecDefines() {
        // the example in the DSSE protocol document: PAE("http://example.com/HelloWorld", "hello world")
        assertThat(new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(
                StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void shouldRefuseAPrivateKeyOnAnotherCurve() {
        KeyPair p384 = ec("secp384r1");

        assertThatIllegalArgumentException().isThrownBy(() -> key(p384))
                .withMessageContaining("test.pem").withMessageContaining("P-256");
    }

    @Test
    void shouldRefuseAnRsaPrivateKey() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = pem("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded());

        assertThatIllegalArgumentException().isThrownBy(() -> AttestationKey.fromPkcs8Pem(pem, "rsa.pem"))
                .withMessageContaining("rsa.pem").withMessageContaining("P-256");
    }

    @Test
    void shouldRefuseAPemThatIsNotAPrivateKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> AttestationKey.fromPkcs8Pem(key.publicKeyPem(),
                "cosign.pub")).withMessageContaining("cosign.pub").withMessageContaining("BEGIN PRIVATE KEY");
    }

    @Test
    void shouldRefuseARelativeVerifierIdNamingTheField() {
        assertThatIllegalArgumentException().isThrownBy(() -> typical().verifierId("jenkins").build())
                .withMessageContaining("verifier.id").withMessageContaining("absolute URI");
    }

    @Test
    void shouldNotPrintThePrivateKey() {
        assertThat(key.toString()).isEqualTo("AttestationKey[" + key.keyId() + "]");
    }
}
