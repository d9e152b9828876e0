package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.attestation.AttestationKey;
import io.jenkins.plugins.promotiongates.engine.attestation.GateAttestation;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second reading of the attestation format: the engine's own Sigstore bundle parser (written for bundles from
 * cosign and sigstore tooling) reads our bundle, and its PAE is the one our signature covers.
 */
class GateAttestationFormatTest {
    @Test
    void shouldBeReadByTheEnginesBundleParserWithAVerifyingSignatureOverItsPae() throws Exception {
        KeyPair pair = TestLog.newP256();
        AttestationKey key = AttestationKey.fromPkcs8Pem(TestLog.pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
                "test.pem");
        GateAttestation attestation = GateAttestation.builder(Clock.fixed(Instant.parse("2026-12-08T03:00:00Z"),
                        ZoneOffset.UTC))
                .subject("app.jar", Digest.sha256("a".repeat(64)))
                .verifierId("https://jenkins.example/promotion-gates")
                .resourceUri("https://jenkins.example/job/app/42/")
                .policy("https://jenkins.example/promotion-gates/policy", "c".repeat(64))
                .environment("production")
                .correlationId("corr-1")
                .build();

        SigstoreBundle bundle = SigstoreBundle.parse(new String(attestation.sign(key), StandardCharsets.UTF_8));
        SigstoreBundle.Dsse dsse = bundle.dsse();
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initVerify(ManagedKey.parse(key.publicKeyPem(), "key.pub").publicKey());
        signature.update(dsse.pae());

        assertThat(bundle.version()).isEqualTo("0.3");
        assertThat(bundle.publicKeyHint()).isTrue();
        assertThat(bundle.tlogEntries()).isEmpty();
        assertThat(dsse.payloadType()).isEqualTo(InTotoStatement.PAYLOAD_TYPE);
        assertThat(dsse.payload()).isEqualTo(attestation.statement());
        assertThat(dsse.signatures()).hasSize(1);
        assertThat(signature.verify(dsse.signatures().get(0))).isTrue();
        assertThat(InTotoStatement.STATEMENT_TYPES).contains(GateAttestation.STATEMENT_TYPE);
    }
}
