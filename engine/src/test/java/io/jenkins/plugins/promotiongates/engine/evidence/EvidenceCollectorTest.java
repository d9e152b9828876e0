package io.jenkins.plugins.promotiongates.engine.evidence;

import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceCollector.NamedFile;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;
import io.jenkins.plugins.promotiongates.engine.testresults.MalformedReportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvidenceCollectorTest {
    /** Shared with cli.EvidenceTest and the plugin's steps.GateEvidenceTest (see its README). */
    static final Path FIXTURES = Path.of("src/test/resources/evidence");

    @Test
    void shouldGatherTheSharedFixturesAsTheGoldenFileSays() throws Exception {
        List<SubmittedArtifact> artifacts = new ArrayList<>();
        for (String name : List.of("app.bin", "lib.bin")) {
            artifacts.add(EvidenceCollector.artifact(name, opener(FIXTURES.resolve(name)),
                    ifPresent(FIXTURES.resolve(name + ".sigstore.json")),
                    ifPresent(FIXTURES.resolve(name + ".intoto.jsonl"))));
        }
        CollectedEvidence evidence = new CollectedEvidence(artifacts, EvidenceCollector.testReports(
                Map.of("TEST-suite.xml", opener(FIXTURES.resolve("TEST-suite.xml")))), List.of());

        assertThat(evidence.describe()).isEqualTo(Files.readString(FIXTURES.resolve("expected-evidence.txt")));
    }

    @Test
    void shouldHashWithSha512WhenTheBundleDeclaresSha512() throws Exception {
        SubmittedArtifact artifact = EvidenceCollector.artifact("app.bin", opener(FIXTURES.resolve("app.bin")),
                ifPresent(FIXTURES.resolve("app.bin.sigstore.json")), null);

        assertThat(artifact.artifact().digest().algorithm()).isEqualTo(Digest.Algorithm.SHA512);
        assertThat(artifact.artifact().digest().hex()).isEqualTo(
                "50d7199dc9fb2201df6558df85227a88ded8073d724f6dd4abe0fea505d09b402dcae15f6b90186e368628ea83a1712f"
                        + "f91807e37c755e9375f1190400b39a11"); // sha512sum app.bin
    }

    @Test
    void shouldHashWithSha256WithoutABundle() throws Exception {
        SubmittedArtifact artifact = EvidenceCollector.artifact("lib.bin", opener(FIXTURES.resolve("lib.bin")),
                null, null);

        assertThat(artifact.artifact().digest()).isEqualTo(Digest.sha256(
                "96d9e63694afa0618f5338c0342f4fa78db4fc980c34d1fb479b5af378f597a7")); // sha256sum lib.bin
    }

    @ParameterizedTest
    @EnumSource(value = EvidenceKind.class, names = {"BUNDLE", "PROVENANCE", "ENTITLEMENT"})
    void shouldReadADocumentOfExactlyItsLimit(EvidenceKind kind) throws Exception {
        String text = EvidenceCollector.read(kind, new NamedFile("doc", () -> zeros(kind.maxBytes(), null)));

        assertThat(text).hasSize(Math.toIntExact(kind.maxBytes()));
    }

    @ParameterizedTest
    @EnumSource(value = EvidenceKind.class, names = {"BUNDLE", "PROVENANCE", "ENTITLEMENT"})
    void shouldRefuseADocumentOneByteOverItsLimitWithoutReadingFurther(EvidenceKind kind) {
        AtomicLong read = new AtomicLong();

        assertThatThrownBy(() -> EvidenceCollector.read(kind, new NamedFile("big.json",
                () -> zeros(10 * kind.maxBytes(), read))))
                .isInstanceOfSatisfying(EvidenceRefusedException.class, e -> {
                    assertThat(e.refusal().code()).isEqualTo(ReasonCode.EVIDENCE_TOO_LARGE);
                    assertThat(e.refusal().path()).isEqualTo("big.json");
                    assertThat(e.refusal().message()).contains("'big.json'", kind.describeLimit(), kind.label());
                    assertThat(e.refusal().toCheck().code()).isEqualTo(ReasonCode.EVIDENCE_TOO_LARGE);
                });
        assertThat(read.get()).isEqualTo(kind.maxBytes() + 1);
    }

    @Test
    void shouldRefuseABundleOverItsLimitBeforeHashingTheArtifact() {
        AtomicLong hashed = new AtomicLong();

        assertThatThrownBy(() -> EvidenceCollector.artifact("app.bin", () -> zeros(1024, hashed),
                new NamedFile("app.bin.sigstore.json", () -> zeros(EvidenceKind.BUNDLE.maxBytes() + 1, null)), null))
                .isInstanceOfSatisfying(EvidenceRefusedException.class, e ->
                        assertThat(e.refusal().code()).isEqualTo(ReasonCode.EVIDENCE_TOO_LARGE));
        assertThat(hashed.get()).isZero();
    }

    @Test
    void shouldRefuseATestReportOverItsLimitWhileStreamingIt() {
        // A well-formed report that never ends: the limit, not the parser, must stop it.
        byte[] head = "<testsuites>".getBytes(StandardCharsets.UTF_8);
        byte[] suite = "<testsuite tests=\"1\"/>".getBytes(StandardCharsets.UTF_8);
        AtomicLong served = new AtomicLong();
        Map<String, EvidenceCollector.Opener> reports = new LinkedHashMap<>();
        reports.put("ok.xml", () -> new ByteArrayInputStream("<testsuite tests=\"2\"/>".getBytes(StandardCharsets.UTF_8)));
        reports.put("reports/huge.xml", () -> new SequenceInputStream(new ByteArrayInputStream(head),
                repeating(suite, served)));

        assertThatThrownBy(() -> EvidenceCollector.testReports(reports))
                .isInstanceOfSatisfying(EvidenceRefusedException.class, e -> {
                    assertThat(e.refusal().code()).isEqualTo(ReasonCode.EVIDENCE_TOO_LARGE);
                    assertThat(e.refusal().path()).isEqualTo("reports/huge.xml");
                    assertThat(e.refusal().message()).contains("64 MiB");
                });
        assertThat(served.get()).isLessThan(EvidenceKind.TEST_REPORT.maxBytes() + 1024 * 1024);
    }

    @Test
    void shouldStillReportAMalformedTestReportAsMalformed() {
        Map<String, EvidenceCollector.Opener> reports = Map.of("bad.xml",
                () -> new ByteArrayInputStream("<testsuite tests=\"x\"/>".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> EvidenceCollector.testReports(reports)).isInstanceOf(MalformedReportException.class)
                .hasMessageStartingWith("bad.xml");
    }

    @Test
    void shouldLeaveTheArtifactsOutWhenAnythingWasRefused() throws Exception {
        SubmittedArtifact lib = EvidenceCollector.artifact("lib.bin", opener(FIXTURES.resolve("lib.bin")), null, null);
        EvidenceRefusal refusal = new EvidenceRefusal(ReasonCode.EVIDENCE_TOO_LARGE, "x", "too large");

        CollectedEvidence evidence = new CollectedEvidence(List.of(lib), null, List.of(refusal));

        assertThat(evidence.artifacts()).isEmpty();
        assertThat(evidence.describe()).isEqualTo("tests none\nrefused EVIDENCE_TOO_LARGE x: too large\n");
    }

    @Test
    void shouldDocumentEveryLimitInOneTable() throws IOException {
        String doc = Files.readString(Path.of("../docs/verification.md"));

        for (EvidenceKind kind : EvidenceKind.values()) {
            assertThat(doc).as("docs/verification.md lists %s", kind)
                    .containsPattern("\\| " + kind.label() + "[^|]*\\| " + kind.describeLimit() + " \\|");
        }
    }

    private static EvidenceCollector.Opener opener(Path file) {
        return () -> Files.newInputStream(file);
    }

    private static NamedFile ifPresent(Path file) {
        return Files.isRegularFile(file) ? new NamedFile(file.getFileName().toString(), opener(file)) : null;
    }

    /** {@code size} bytes of '0' (a digit, so that the text is valid UTF-8), counting what was read. */
    private static InputStream zeros(long size, AtomicLong read) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return read(new byte[1], 0, 1) < 0 ? -1 : '0';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) '0');
                left -= n;
                if (read != null) {
                    read.addAndGet(n);
                }
                return n;
            }
        };
    }

    private static InputStream repeating(byte[] chunk, AtomicLong served) {
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                served.incrementAndGet();
                byte b = chunk[position];
                position = (position + 1) % chunk.length;
                return b & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = chunk[position];
                    position = (position + 1) % chunk.length;
                }
                served.addAndGet(len);
                return len;
            }
        };
    }
}
