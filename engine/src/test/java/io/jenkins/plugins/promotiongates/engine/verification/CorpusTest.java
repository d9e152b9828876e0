package io.jenkins.plugins.promotiongates.engine.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.CertificateChainInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.CertificateExpiredAtIntegration;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.CheckpointInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.DigestMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.IdentityMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.InclusionProofInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SetInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SignatureInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.SourceRefMismatch;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.TimestampInvalid;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationFailure.UnsupportedBundle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every row of the fixture corpus (fixtures/MANIFEST.tsv) through the verifier exactly as the CLI contract
 * and verify-corpus.sh do, and checks the expected outcome and, for failures MANIFEST.md explains, the cause.
 */
class CorpusTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    static final String BEACON = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
            + ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

    /** The failure cause MANIFEST.md states for each failing row. */
    private static final Map<String, Class<? extends VerificationFailure>> CAUSES = Map.ofEntries(
            Map.entry("tampered/sigstore-java-1.0.0-byteflip_fail", DigestMismatch.class),
            Map.entry("tampered/sigstore-java-1.0.0-wrong-identity_fail", IdentityMismatch.class),
            Map.entry("conformance/bundle-unknown-version_fail", UnsupportedBundle.class),
            Map.entry("conformance/checkpoint-wrong-roothash_fail", CheckpointInvalid.class),
            Map.entry("conformance/dsse-invalid-sig_fail", SignatureInvalid.class),
            Map.entry("conformance/inclusion-proof-corrupted-hash_fail", InclusionProofInvalid.class),
            Map.entry("conformance/intoto-expired-certificate_fail", CertificateChainInvalid.class),
            Map.entry("conformance/intoto-set-outside-signing-cert-validity_fail",
                    CertificateExpiredAtIntegration.class),
            Map.entry("conformance/invalid-checkpoint-signature_fail", CheckpointInvalid.class),
            Map.entry("conformance/message-digest-mismatch_fail", DigestMismatch.class),
            Map.entry("conformance/set-invalid-signature_fail", SetInvalid.class),
            Map.entry("conformance/rekor2-timestamp-payload-mismatch_fail", TimestampInvalid.class),
            Map.entry("conformance/intoto-tsa-timestamp-outside-cert-validity_fail",
                    CertificateExpiredAtIntegration.class),
            Map.entry("conformance/signature-mismatch_fail", SignatureInvalid.class),
            Map.entry("conformance/wrong-material_fail", DigestMismatch.class),
            Map.entry("slsa/gha_generic-v2.1.0-push-v13.0.30-wrong-tag_fail", SourceRefMismatch.class),
            Map.entry("slsa/gha_delegator-v2.1.0-push-v14.2-wrong-versioned-tag_fail", SourceRefMismatch.class));

    private static final Map<String, ArtifactVerifier> VERIFIERS = new ConcurrentHashMap<>();

    /** One MANIFEST.tsv row. */
    record Row(String casePath, String artifact, String bundle, String trustedRoot, String identity, String issuer,
            String expected) {
        @Override
        public String toString() {
            return casePath + " -> " + expected;
        }
    }

    static Stream<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(FIXTURES.resolve("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
            String[] cells = line.split("\t", -1);
            if (cells[0].equals("case_path") || line.isBlank()) {
                continue;
            }
            rows.add(new Row(cells[0], cells[1], cells[2], cells[3], cells[4].isEmpty() ? BEACON : cells[4],
                    cells[5].isEmpty() ? GITHUB_ISSUER : cells[5], cells[6]));
        }
        return rows.stream();
    }

    static ArtifactVerifier verifierFor(String trustedRoot) {
        return VERIFIERS.computeIfAbsent(trustedRoot, root -> {
            try {
                return ArtifactVerifier.builder().trustedRoot(FIXTURES.resolve(root)).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Expectations from the case's policy.json, as verify-corpus.sh derives them. */
    static ProvenanceExpectations expectations(Path caseDir) throws IOException {
        Path policy = caseDir.resolve("policy.json");
        if (!Files.exists(policy)) {
            return ProvenanceExpectations.none();
        }
        JsonNode json = new ObjectMapper().readTree(policy.toFile());
        String ref = json.hasNonNull("tag") ? "refs/tags/" + json.get("tag").asText()
                : json.hasNonNull("versionedTag") ? "refs/tags/" + json.get("versionedTag").asText()
                : json.hasNonNull("branch") ? "refs/heads/" + json.get("branch").asText() : null;
        return new ProvenanceExpectations(json.hasNonNull("builderId") ? List.of(json.get("builderId").asText())
                : List.of(), json.hasNonNull("source") ? List.of(json.get("source").asText()) : List.of(),
                ref == null ? List.of() : List.of(ref));
    }

    static VerificationResult verify(Row row) throws IOException {
        Path artifact = FIXTURES.resolve(row.artifact());
        String bundle = Files.readString(FIXTURES.resolve(row.bundle()), StandardCharsets.UTF_8);
        Digest digest = ArtifactDigester.digest(artifact, ArtifactVerifier.digestAlgorithmFor(bundle));
        Path caseDir = FIXTURES.resolve(row.casePath());
        if (!Files.isDirectory(caseDir)) {
            caseDir = caseDir.getParent();
        }
        return verifierFor(row.trustedRoot()).verify(new ArtifactRef(artifact.getFileName().toString(), digest),
                bundle, IdentityPolicy.exact(row.identity(), row.issuer()), null, expectations(caseDir));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldGiveTheExpectedOutcomeForEveryManifestRow(Row row) throws IOException {
        VerificationResult result = verify(row);

        assertThat(result.verified()).as("%s: %s", row.casePath(), result.failures())
                .isEqualTo(row.expected().equals("pass"));
        assertThat(result.signature().verified() || !result.verified()).isTrue();
        if (row.expected().equals("fail") && CAUSES.containsKey(row.casePath())) {
            assertThat(result.failures()).as(row.casePath())
                    .first().isInstanceOf(CAUSES.get(row.casePath()));
        }
    }
}
