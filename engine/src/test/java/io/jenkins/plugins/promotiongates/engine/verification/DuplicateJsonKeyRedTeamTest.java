package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.GITHUB_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 17 item 7 (JSON): a duplicate key makes a document mean different things to different readers (the first
 * value to one, the last to another), so bundles, provenance statements, log entry bodies and trusted roots with one
 * are refused, with the key and its position; so is a bundle field given under both its JSON and its proto name.
 * Watched failing before the fix: all five tests failed on the parsers that kept one value (the bundles verified,
 * the statement and the body parsed, the root loaded).
 */
class DuplicateJsonKeyRedTeamTest {
    private static final String JAR = "maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar";
    private static final String RELEASE = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";

    @Test
    void shouldRefuseABundleWithADuplicateKey() throws Exception {
        String bundle = Files.readString(FIXTURES.resolve(JAR + ".sigstore.json"), StandardCharsets.UTF_8).strip();
        // a reader that keeps the first value sees another signature over another digest
        String duplicated = "{\"messageSignature\":{\"messageDigest\":{\"algorithm\":\"SHA2_256\",\"digest\":"
                + "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"signature\":\"AAAA\"},"
                + bundle.substring(1);

        VerificationResult result = verifier().verify(artifact(), duplicated, IdentityPolicy.exact(RELEASE,
                GITHUB_ISSUER), null, null);

        assertThat(result.verified()).isFalse();
        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.reasonCode()).isEqualTo(ReasonCode.UNSUPPORTED_BUNDLE);
            assertThat(failure.message()).contains("duplicate key 'messageSignature' at line ");
        });
    }

    @Test
    void shouldRefuseABundleNamingAFieldBothByItsJsonAndItsProtoName() throws Exception {
        String bundle = Files.readString(FIXTURES.resolve(JAR + ".sigstore.json"), StandardCharsets.UTF_8).strip();
        // protobuf JSON reads either name: a reader preferring the proto name sees another signature
        String both = "{\"message_signature\":{\"message_digest\":{\"algorithm\":\"SHA2_256\",\"digest\":"
                + "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"signature\":\"AAAA\"}," + bundle.substring(1);

        VerificationResult result = verifier().verify(artifact(), both, IdentityPolicy.exact(RELEASE, GITHUB_ISSUER),
                null, null);

        assertThat(result.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.reasonCode()).isEqualTo(ReasonCode.UNSUPPORTED_BUNDLE);
            assertThat(failure.message()).contains("both 'messageSignature' and 'message_signature'");
        });
    }

    @Test
    void shouldRefuseAProvenanceStatementWithADuplicateKey() {
        String statement = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":"
                + "{\"sha256\":\"" + "ab".repeat(32) + "\"}}],\"predicateType\":\"https://slsa.dev/provenance/v1\","
                + "\"predicate\":{},\n\"subject\":[{\"name\":\"b\",\"digest\":{\"sha256\":\"" + "cd".repeat(32)
                + "\"}}]}";

        assertThatThrownBy(() -> InTotoStatement.parse(statement.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("duplicate key 'subject'")
                .hasMessageContaining("line 2");
    }

    @Test
    void shouldRefuseALogEntryBodyWithADuplicateKey() {
        String body = "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"kind\":\"dsse\",\"spec\":{}}";

        assertThatThrownBy(() -> JsonTrees.read(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("duplicate key 'kind'");
    }

    @Test
    void shouldRefuseATrustedRootWithADuplicateKey() throws Exception {
        String root = Files.readString(FIXTURES.resolve("trusted-roots/public-good.json"), StandardCharsets.UTF_8)
                .strip();
        // an attacker's log first: a reader keeping the first value would trust it
        String duplicated = "{\n\"tlogs\": [],\n" + root.substring(1);

        assertThatThrownBy(() -> TrustedRoot.parse(duplicated, "root.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("root.json").hasMessageContaining("duplicate key 'tlogs'")
                .hasMessageContaining("line ");
    }

    private static ArtifactVerifier verifier() throws IOException {
        return ArtifactVerifier.builder().trustedRoot(FIXTURES.resolve("trusted-roots/public-good.json")).build();
    }

    private static ArtifactRef artifact() throws IOException {
        return new ArtifactRef("sigstore-java-1.0.0.jar", ArtifactDigester.digest(FIXTURES.resolve(JAR),
                Digest.Algorithm.SHA256));
    }
}
