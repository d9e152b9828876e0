package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.strings.StringMatcher;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.CertificateExpiredAtIntegration;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.InclusionProofMissing;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.TlogOutsideValidity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.BEACON;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.GITHUB_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The gaps of sigstore-java 2.0.0 this verifier closes. Each test first shows the bare library accepting the
 * bundle (so the test would fail on it), then shows this verifier refusing it with the precise cause.
 */
class StricterThanSigstoreJavaTest {
    /** conformance/happy-path-v0.1: integrated 2023-07-12T15:56:36Z, certificate valid 15:56:35 .. 16:06:35. */
    private static final long INTEGRATED = 1_689_177_396L;
    private static final Instant LOG_START = Instant.parse("2021-01-12T11:53:27Z");

    @TempDir
    Path temp;

    private final TestLog log = new TestLog();

    private static String read(String path) throws Exception {
        return Files.readString(FIXTURES.resolve(path), StandardCharsets.UTF_8);
    }

    private static ArtifactRef artifact() throws Exception {
        return new ArtifactRef("a.txt", ArtifactDigester.digest(FIXTURES.resolve("conformance/a.txt"),
                Digest.Algorithm.SHA256));
    }

    private static VerificationResult verify(String rootJson, String bundle, boolean requireProof) throws Exception {
        ArtifactVerifier verifier = ArtifactVerifier.builder().trustedRoot(TrustedRoot.parse(rootJson, "test-root"))
                .requireInclusionProof(requireProof).build();
        return verifier.verify(artifact(), bundle, IdentityPolicy.exact(BEACON, GITHUB_ISSUER), null, null);
    }

    private void assertBareSigstoreJavaAccepts(String rootJson, String bundle) throws Exception {
        Path root = temp.resolve("trusted_root.json");
        Files.writeString(root, rootJson, StandardCharsets.UTF_8);
        KeylessVerifier bare = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(root)).build();
        VerificationOptions options = VerificationOptions.builder().addCertificateMatchers(
                VerificationOptions.CertificateMatcher.fulcio().subjectAlternativeName(StringMatcher.string(BEACON))
                        .issuer(StringMatcher.string(GITHUB_ISSUER)).build()).build();
        byte[] digest = HexFormat.of().parseHex(artifact().digest().hex());
        assertThatCode(() -> bare.verify(digest, Bundle.from(new StringReader(bundle)), options))
                .as("sigstore-java 2.0.0 accepts this bundle").doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAnEntryIntegratedAfterTheCertificateExpired() throws Exception {
        String rootJson = log.trustedRoot(read("trusted-roots/public-good.json"), LOG_START, null);
        String bundle = log.resign(read("conformance/happy-path-v0.1/bundle.sigstore.json"), INTEGRATED + 3600);
        assertBareSigstoreJavaAccepts(rootJson, bundle);

        VerificationResult result = verify(rootJson, bundle, true);

        assertThat(result.verified()).isFalse();
        assertThat(result.failures()).singleElement().isInstanceOfSatisfying(CertificateExpiredAtIntegration.class,
                failure -> {
                    assertThat(failure.time()).isEqualTo(Instant.ofEpochSecond(INTEGRATED + 3600));
                    assertThat(failure.notAfter()).isEqualTo(Instant.parse("2023-07-12T16:06:35Z"));
                });
        assertThat(result.signature().failure()).isEqualTo(ReasonCode.CERTIFICATE_EXPIRED_AT_INTEGRATION);
    }

    @Test
    void shouldAcceptTheSameEntryWhenResignedInsideTheCertificateValidity() throws Exception {
        String rootJson = log.trustedRoot(read("trusted-roots/public-good.json"), LOG_START, null);
        String bundle = log.resign(read("conformance/happy-path-v0.1/bundle.sigstore.json"), INTEGRATED);

        assertThat(verify(rootJson, bundle, true).failures()).isEmpty();
    }

    @Test
    void shouldRefuseAnEntryIntegratedAfterTheLogKeyValidityEnded() throws Exception {
        Instant end = Instant.ofEpochSecond(INTEGRATED - 1);
        String rootJson = log.trustedRoot(read("trusted-roots/public-good.json"), LOG_START, end);
        String bundle = log.resign(read("conformance/happy-path-v0.1/bundle.sigstore.json"), INTEGRATED);
        assertBareSigstoreJavaAccepts(rootJson, bundle);

        VerificationResult result = verify(rootJson, bundle, true);

        assertThat(result.failures()).singleElement().isInstanceOfSatisfying(TlogOutsideValidity.class,
                failure -> assertThat(failure.time()).isEqualTo(Instant.ofEpochSecond(INTEGRATED)));
    }

    @Test
    void shouldRefuseAnEntryIntegratedBeforeTheLogKeyValidityStarted() throws Exception {
        String rootJson = log.trustedRoot(read("trusted-roots/public-good.json"),
                Instant.ofEpochSecond(INTEGRATED + 1), null);
        String bundle = log.resign(read("conformance/happy-path-v0.1/bundle.sigstore.json"), INTEGRATED);
        assertBareSigstoreJavaAccepts(rootJson, bundle);

        assertThat(verify(rootJson, bundle, true).failures()).singleElement()
                .isInstanceOf(TlogOutsideValidity.class);
    }

    @Test
    void shouldAcceptAnEntryIntegratedExactlyAtTheEndOfTheLogKeyValidity() throws Exception {
        String rootJson = log.trustedRoot(read("trusted-roots/public-good.json"), LOG_START,
                Instant.ofEpochSecond(INTEGRATED));
        String bundle = log.resign(read("conformance/happy-path-v0.1/bundle.sigstore.json"), INTEGRATED);

        assertThat(verify(rootJson, bundle, true).failures()).isEmpty();
    }

    @Test
    void shouldRefuseAnEntryWithoutInclusionProofWhenOneIsRequired() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode bundle = (ObjectNode) mapper.readTree(read("conformance/happy-path-v0.1/bundle.sigstore.json"));
        bundle.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.2"); // v0.1 needs only the SET
        ((ObjectNode) bundle.get("verificationMaterial").get("tlogEntries").get(0)).remove("inclusionProof");
        String rootJson = read("trusted-roots/public-good.json");

        assertThat(verify(rootJson, bundle.toString(), true).failures()).singleElement()
                .isInstanceOf(InclusionProofMissing.class);
        assertThat(verify(rootJson, bundle.toString(), false).failures())
                .as("the signed entry timestamp alone suffices when no proof is required").isEmpty();
    }

    @Test
    void shouldRefuseAnEntryWithNeitherInclusionProofNorSignedTimestampEvenWhenNoProofIsRequired()
            throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode bundle = (ObjectNode) mapper.readTree(read("conformance/happy-path-v0.1/bundle.sigstore.json"));
        ObjectNode entry = (ObjectNode) bundle.get("verificationMaterial").get("tlogEntries").get(0);
        entry.remove("inclusionProof");
        entry.remove("inclusionPromise");

        assertThat(verify(read("trusted-roots/public-good.json"), bundle.toString(), false).failures())
                .extracting(VerificationFailure::reasonCode)
                .contains(ReasonCode.INCLUSION_PROOF_MISSING, ReasonCode.TIMESTAMP_INVALID);
    }
}
