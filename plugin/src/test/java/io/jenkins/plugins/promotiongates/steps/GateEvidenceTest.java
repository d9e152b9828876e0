package io.jenkins.plugins.promotiongates.steps;

import io.jenkins.plugins.promotiongates.engine.evidence.CollectedEvidence;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceKind;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin gathers the shared evidence fixtures (engine/src/test/resources/evidence, gathered the CLI way by
 * cli.EvidenceTest) on the "agent" (the callables, serialized there and back as remoting does) into the same request
 * evidence as the golden files say: SHA-512 where the bundle says so, the same refusal for an oversized bundle.
 */
class GateEvidenceTest {
    private static final Path FIXTURES = Path.of("../engine/src/test/resources/evidence");

    @TempDir
    Path directory;

    @Test
    void shouldGatherTheSharedFixturesIntoTheSameEvidenceAsTheCli() throws Exception {
        Path workspace = copyOfFixtures();

        assertThat(gather(workspace).describe())
                .isEqualTo(Files.readString(FIXTURES.resolve("expected-evidence.txt")));
    }

    @Test
    void shouldRefuseAnOversizedBundleAsTheCliDoes() throws Exception {
        Path workspace = copyOfFixtures();
        Files.write(workspace.resolve("lib.bin.sigstore.json"), new byte[(int) EvidenceKind.BUNDLE.maxBytes() + 1]);

        CollectedEvidence evidence = gather(workspace);

        assertThat(evidence.describe()).isEqualTo(Files.readString(FIXTURES.resolve("expected-oversized.txt")));
        assertThat(evidence.refusals()).singleElement().satisfies(r ->
                assertThat(r.code()).isEqualTo(ReasonCode.EVIDENCE_TOO_LARGE));
    }

    @Test
    void shouldRefuseAnOversizedTestReport() throws Exception {
        Path workspace = copyOfFixtures();
        try (var out = Files.newOutputStream(workspace.resolve("TEST-huge.xml"))) {
            out.write("<testsuites>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] suite = "<testsuite tests=\"1\"/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (long written = 0; written <= EvidenceKind.TEST_REPORT.maxBytes(); written += suite.length) {
                out.write(suite);
            }
        }

        CollectTestResults.Found found = roundTrip(new CollectTestResults("TEST-*.xml").invoke(workspace.toFile(),
                null));

        assertThat(found.evidence()).isNull();
        assertThat(found.refusal()).isNotNull();
        assertThat(found.refusal().code()).isEqualTo(ReasonCode.EVIDENCE_TOO_LARGE);
        assertThat(found.refusal().path()).isEqualTo("TEST-huge.xml");
    }

    @Test
    void shouldRehashInTheAlgorithmTheGateRecorded() throws Exception {
        Path workspace = copyOfFixtures();
        String sha512 = gather(workspace).artifacts().get(0).artifact().digest().toString();

        CollectArtifacts.Found found = roundTrip(roundTrip(CollectArtifacts.rehash(Map.of("app.bin", sha512)))
                .invoke(workspace.toFile(), null));

        assertThat(found.refusals()).isEmpty();
        assertThat(found.artifacts()).singleElement().satisfies(c -> {
            assertThat(c.digest()).isEqualTo(sha512);
            assertThat(Digest.parse(c.digest()).algorithm()).isEqualTo(Digest.Algorithm.SHA512);
        });
    }

    private Path copyOfFixtures() throws IOException {
        Path workspace = Files.createDirectory(directory.resolve("workspace"));
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path file : files.toList()) {
                Files.copy(file, workspace.resolve(file.getFileName()));
            }
        }
        return workspace;
    }

    private static CollectedEvidence gather(Path workspace) throws Exception {
        CollectArtifacts.Found artifacts = roundTrip(roundTrip(CollectArtifacts.withEvidence("*.bin", null, null))
                .invoke(workspace.toFile(), null));
        CollectTestResults.Found tests = roundTrip(roundTrip(new CollectTestResults("TEST-*.xml"))
                .invoke(workspace.toFile(), null));
        return GateEvidence.of(artifacts, tests);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
