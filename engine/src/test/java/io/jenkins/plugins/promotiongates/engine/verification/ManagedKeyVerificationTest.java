package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SignatureInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.UnsupportedBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Instant;

import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.BEACON;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.GITHUB_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Bundles signed with a managed key (cosign key pair, KMS), which sigstore-java 2.0.0 cannot verify. */
class ManagedKeyVerificationTest {
    private static final byte[] ARTIFACT = "promote me\n".getBytes(StandardCharsets.UTF_8);
    private static final long INTEGRATED = 1_750_000_000L;

    private final TestLog log = new TestLog();
    private final KeyPair signer = TestLog.newP256();

    private VerificationResult verify(String bundle, IdentityPolicy identity) throws Exception {
        String root = log.trustedRoot(Files.readString(FIXTURES.resolve("trusted-roots/public-good.json"),
                StandardCharsets.UTF_8), Instant.parse("2025-01-01T00:00:00Z"), null);
        ArtifactRef artifact = new ArtifactRef("app.bin", ArtifactDigester.digest(ARTIFACT, Digest.Algorithm.SHA256));
        return ArtifactVerifier.builder().trustedRoot(TrustedRoot.parse(root, "test")).build()
                .verify(artifact, bundle, identity, null, null);
    }

    private ManagedKey key(KeyPair pair) {
        return ManagedKey.parse(TestLog.pem("PUBLIC KEY", pair.getPublic().getEncoded()), "cosign.pub");
    }

    @Test
    void shouldVerifyABundleSignedWithTheManagedKey() throws Exception {
        String bundle = log.logKeySigned(ARTIFACT, signer, INTEGRATED);

        VerificationResult result = verify(bundle, IdentityPolicy.key(key(signer)));

        assertThat(result.failures()).isEmpty();
        assertThat(result.identity()).isEqualTo(key(signer).fingerprint()).startsWith("SHA256:");
        assertThat(result.integratedTime()).isEqualTo(Instant.ofEpochSecond(INTEGRATED));
        assertThat(result.logIndex()).isZero();
    }

    @ParameterizedTest(name = "{0} with SHA-{1}")
    @CsvSource({"secp384r1, 384", "secp256r1, 512"})
    void shouldVerifyOtherCurvesAndDigests(String curve, String bits) throws Exception {
        KeyPair key = TestLog.newEc(curve);
        String bundle = log.logKeySigned(ARTIFACT, key, INTEGRATED, bits);
        Digest.Algorithm algorithm = ArtifactVerifier.digestAlgorithmFor(bundle);
        String root = log.trustedRoot(Files.readString(FIXTURES.resolve("trusted-roots/public-good.json"),
                StandardCharsets.UTF_8), Instant.parse("2025-01-01T00:00:00Z"), null);
        ArtifactVerifier verifier = ArtifactVerifier.builder().trustedRoot(TrustedRoot.parse(root, "test")).build();

        VerificationResult right = verifier.verify(new ArtifactRef("app.bin", ArtifactDigester.digest(ARTIFACT,
                algorithm)), bundle, IdentityPolicy.key(key(key)), null, null);
        VerificationResult sha256 = verifier.verify(new ArtifactRef("app.bin", ArtifactDigester.digest(ARTIFACT,
                Digest.Algorithm.SHA256)), bundle, IdentityPolicy.key(key(key)), null, null);

        assertThat(algorithm.prefix()).isEqualTo("sha" + bits);
        assertThat(right.failures()).isEmpty();
        assertThat(sha256.failures()).first().isInstanceOf(VerificationFailure.DigestMismatch.class);
    }

    @Test
    void shouldRefuseABundleSignedWithAnotherKey() throws Exception {
        String bundle = log.logKeySigned(ARTIFACT, TestLog.newP256(), INTEGRATED);

        assertThat(verify(bundle, IdentityPolicy.key(key(signer))).failures()).first()
                .isInstanceOf(SignatureInvalid.class);
    }

    @Test
    void shouldRefuseAKeySignedBundleWhenACertificateIdentityIsRequired() throws Exception {
        String bundle = log.logKeySigned(ARTIFACT, signer, INTEGRATED);

        assertThat(verify(bundle, IdentityPolicy.exact(BEACON, GITHUB_ISSUER)).failures()).singleElement()
                .isInstanceOf(UnsupportedBundle.class);
    }

    @Test
    void shouldRejectAKeyFileThatIsNotAPemPublicKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> ManagedKey.parse("not a key", "cosign.pub"))
                .withMessageContaining("cosign.pub").withMessageContaining("BEGIN PUBLIC KEY");
        assertThatIllegalArgumentException().isThrownBy(() -> ManagedKey.parse(
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "k.pub"))
                .withMessageContaining("EC, RSA or Ed25519");
    }
}
