package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.CertificateChainInvalid;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.GITHUB_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

/** The leaf must chain to a CA of the trusted root and carry an SCT of one of its CT logs. */
class CertificateChainTest {
    private static final String RELEASE = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";

    @ParameterizedTest(name = "{0} from staging -> {1}")
    @CsvSource({
            "certificateAuthorities, not issued by a certificate authority",
            "ctlogs, no SCT verifies"})
    void shouldRefuseACertificateTheTrustedRootDoesNotVouchFor(String section, String detail) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(FIXTURES.resolve("trusted-roots/public-good.json").toFile());
        ObjectNode staging = (ObjectNode) mapper.readTree(FIXTURES.resolve(
                "trusted-roots/staging-from-conformance-rekor2-happy-path.json").toFile());
        root.set(section, staging.get(section));
        ArtifactVerifier verifier = ArtifactVerifier.builder()
                .trustedRoot(TrustedRoot.parse(root.toString(), "mixed-root")).build();
        String jar = "maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar";

        VerificationResult result = verifier.verify(new ArtifactRef("sigstore-java-1.0.0.jar",
                ArtifactDigester.digest(FIXTURES.resolve(jar), Digest.Algorithm.SHA256)),
                Files.readString(FIXTURES.resolve(jar + ".sigstore.json"), StandardCharsets.UTF_8),
                IdentityPolicy.exact(RELEASE, GITHUB_ISSUER), null, null);

        assertThat(result.failures()).singleElement().isInstanceOfSatisfying(CertificateChainInvalid.class,
                failure -> assertThat(failure.detail()).contains(detail));
    }
}
