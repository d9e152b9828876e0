package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.BuilderUntrusted;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.IssuerMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.ProvenanceMissing;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.ProvenanceSubjectMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SourceRepoMismatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.FIXTURES;
import static io.jenkins.plugins.promotiongates.engine.verification.CorpusTest.GITHUB_ISSUER;
import static org.assertj.core.api.Assertions.assertThat;

/** SLSA provenance: facts, expectations, a separate provenance file, and concurrent use of one verifier. */
class ProvenanceVerificationTest {
    private static final String CASE = "slsa/gha_generic-v2.1.0-push-v14/";
    private static final String GENERATOR = "https://github.com/slsa-framework/slsa-github-generator/.github/"
            + "workflows/generator_generic_slsa3.yml";
    private static final String RELEASE = "https://github.com/sigstore/sigstore-java/.github/workflows/"
            + "release-sigstore-java-from-tag.yaml@refs/tags/v1.0.0";
    private static final ArtifactVerifier VERIFIER = CorpusTest.verifierFor("trusted-roots/public-good.json");

    private static String read(String path) throws Exception {
        return Files.readString(FIXTURES.resolve(path), StandardCharsets.UTF_8);
    }

    private static ArtifactRef artifact(String path) throws Exception {
        Path file = FIXTURES.resolve(path);
        return new ArtifactRef(file.getFileName().toString(), ArtifactDigester.digest(file, Digest.Algorithm.SHA256));
    }

    private static IdentityPolicy generator() {
        return IdentityPolicy.regex(GENERATOR.replace(".", "\\.") + "@refs/tags/v.*", GITHUB_ISSUER);
    }

    private static VerificationResult verifySlsa(ProvenanceExpectations expectations) throws Exception {
        return VERIFIER.verify(artifact(CASE + "binary-linux-amd64-push-v14"),
                read(CASE + "binary-linux-amd64-push-v14.intoto.jsonl"), generator(), null, expectations);
    }

    @Test
    void shouldExtractProvenanceFactsWithoutExpectations() throws Exception {
        VerificationResult result = verifySlsa(null);

        assertThat(result.verified()).isTrue();
        ProvenanceEvidence provenance = result.provenance();
        assertThat(provenance).isNotNull();
        assertThat(provenance.verified()).isTrue();
        assertThat(provenance.predicateType()).isEqualTo("https://slsa.dev/provenance/v0.2");
        assertThat(provenance.builderId()).isEqualTo(GENERATOR + "@refs/tags/v2.1.0");
        assertThat(provenance.sourceRepository()).isEqualTo("https://github.com/slsa-framework/example-package");
        assertThat(provenance.sourceRef()).isEqualTo("refs/tags/v14");
        assertThat(provenance.sourceCommit()).isEqualTo("4d329c75e7ec1725f7c9ce917a8799d408d06be3");
    }

    @Test
    void shouldRefuseAnUntrustedBuilderAndAnotherRepository() throws Exception {
        VerificationResult result = verifySlsa(new ProvenanceExpectations(List.of("https://evil/builder.yml"),
                List.of("github.com/acme/app"), List.of("refs/tags/v14")));

        assertThat(result.verified()).isFalse();
        assertThat(result.signature().verified()).as("the signature itself is fine").isTrue();
        assertThat(result.failures()).hasExactlyElementsOfTypes(BuilderUntrusted.class, SourceRepoMismatch.class);
        assertThat(result.provenance()).isNotNull();
        assertThat(result.provenance().failure()).isEqualTo(ReasonCode.BUILDER_UNTRUSTED);
    }

    @Test
    void shouldFailWhenExpectationsAskForProvenanceThatIsAbsent() throws Exception {
        VerificationResult result = VERIFIER.verify(artifact("maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar"),
                read("maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar.sigstore.json"),
                IdentityPolicy.exact(RELEASE, GITHUB_ISSUER), null,
                new ProvenanceExpectations(List.of(), List.of("github.com/sigstore/sigstore-java"), List.of()));

        assertThat(result.signature().verified()).isTrue();
        assertThat(result.provenance()).isNull();
        assertThat(result.failures()).singleElement().isInstanceOf(ProvenanceMissing.class);
    }

    @Test
    void shouldVerifyASeparateProvenanceFileAndItsSubject() throws Exception {
        IdentityPolicy both = IdentityPolicy.anyOf(List.of(generator().alternatives().get(0),
                new IdentityPolicy.Alternative(IdentityPolicy.SanMatcher.exact(RELEASE), GITHUB_ISSUER)));
        String provenance = read(CASE + "binary-linux-amd64-push-v14.intoto.jsonl");

        VerificationResult matching = VERIFIER.verify(artifact(CASE + "binary-linux-amd64-push-v14"),
                provenance, both, provenance, new ProvenanceExpectations(List.of(GENERATOR),
                        List.of("github.com/slsa-framework/example-package"), List.of("refs/tags/v14")));
        VerificationResult otherArtifact = VERIFIER.verify(
                artifact("maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar"),
                read("maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar.sigstore.json"), both, provenance, null);

        assertThat(matching.failures()).isEmpty();
        assertThat(otherArtifact.signature().verified()).isTrue();
        assertThat(otherArtifact.failures()).singleElement().isInstanceOf(ProvenanceSubjectMismatch.class);
    }

    @Test
    void shouldReportIssuerMismatchSeparatelyFromIdentityMismatch() throws Exception {
        VerificationResult result = VERIFIER.verify(artifact("maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar"),
                read("maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar.sigstore.json"),
                IdentityPolicy.exact(RELEASE, "https://accounts.google.com"), null, null);

        assertThat(result.failures()).singleElement().isInstanceOfSatisfying(IssuerMismatch.class,
                failure -> assertThat(failure.actual()).isEqualTo(GITHUB_ISSUER));
    }

    @Test
    void shouldVerifyConcurrentlyWithOneVerifier() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<VerificationResult>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                boolean genuine = i % 2 == 0;
                results.add(pool.submit(() -> VERIFIER.verify(artifact(genuine
                        ? "maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar"
                        : "tampered/sigstore-java-1.0.0-byteflip_fail/artifact"),
                        read("maven/sigstore-java/1.0.0/sigstore-java-1.0.0.jar.sigstore.json"),
                        IdentityPolicy.exact(RELEASE, GITHUB_ISSUER), null, null)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get().verified()).isEqualTo(i % 2 == 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
