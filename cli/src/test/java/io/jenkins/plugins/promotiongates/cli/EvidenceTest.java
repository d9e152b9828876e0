package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import io.jenkins.plugins.promotiongates.engine.evidence.CollectedEvidence;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI gathers the shared evidence fixtures (engine/src/test/resources/evidence, gathered the Jenkins way by the
 * plugin's GateEvidenceTest) into the same request evidence as the golden files say, and refuses an oversized
 * evidence file with a recorded denial.
 */
class EvidenceTest {
    private static final Path FIXTURES = Path.of("../engine/src/test/resources/evidence");

    @TempDir
    Path directory;

    @Test
    void shouldGatherTheSharedFixturesIntoTheSameEvidenceAsJenkins() throws Exception {
        Path workspace = copyOfFixtures();

        CollectedEvidence evidence = gather(workspace);

        assertThat(evidence.describe()).isEqualTo(Files.readString(FIXTURES.resolve("expected-evidence.txt")));
    }

    @Test
    void shouldRefuseAnOversizedBundleAsJenkinsDoes() throws Exception {
        Path workspace = copyOfFixtures();
        Files.write(workspace.resolve("lib.bin.sigstore.json"), new byte[(int) EvidenceKind.BUNDLE.maxBytes() + 1]);

        CollectedEvidence evidence = gather(workspace);

        assertThat(evidence.describe()).isEqualTo(Files.readString(FIXTURES.resolve("expected-oversized.txt")));
    }

    @Test
    void shouldRecordADenialWhenTheGateIsGivenAnOversizedBundle() throws IOException {
        Workspace workspace = CliHarness.workspace(directory);
        Path big = directory.resolve("big.sigstore.json");
        Files.write(big, new byte[(int) EvidenceKind.BUNDLE.maxBytes() + 1]);

        Result result = new CliHarness(TUESDAY_MORNING).run(workspace.gate("staging", "alice", "42", "--bundle",
                big.toString()));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.json().get("outcome").asText()).isEqualTo("DENY");
        assertThat(result.failedCodes()).containsExactly("EVIDENCE_TOO_LARGE");
    }

    @Test
    void shouldRefuseAnOversizedJUnitReportWithARecordedDenial() throws IOException {
        Workspace workspace = CliHarness.workspace(directory);
        Path report = directory.resolve("TEST-huge.xml");
        try (var out = Files.newOutputStream(report)) {
            out.write("<testsuites>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] suite = "<testsuite tests=\"1\"/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (long written = 0; written <= EvidenceKind.TEST_REPORT.maxBytes(); written += suite.length) {
                out.write(suite);
            }
        }

        Result result = new CliHarness(TUESDAY_MORNING).run(workspace.gate("staging", "alice", "42", "--junit",
                report.toString()));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.failedCodes()).containsExactly("EVIDENCE_TOO_LARGE");
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

    private static CollectedEvidence gather(Path workspace) throws CliException {
        Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false,
                false);
        return Evidence.gather(List.of(workspace.resolve("app.bin"), workspace.resolve("lib.bin")), List.of(),
                List.of(), List.of(workspace.resolve("TEST-suite.xml")), output);
    }
}
