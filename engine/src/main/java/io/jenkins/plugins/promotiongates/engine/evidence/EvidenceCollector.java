package io.jenkins.plugins.promotiongates.engine.evidence;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;
import io.jenkins.plugins.promotiongates.engine.testresults.JUnitReports;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactDigester;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactVerifier;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one evidence collector of the plugin and the CLI: given how to open the artifact and its evidence files, it
 * reads every evidence file under its {@link EvidenceKind} limit, hashes the artifact with the algorithm its bundle
 * declares (SHA-256 without a bundle) and sums test reports. Callers only find and open the files (the plugin on
 * the agent, through the workspace's real path; the CLI from the paths given), so the same files give the same
 * request evidence on both sides, and an oversized file is the same recorded denial on both.
 */
public final class EvidenceCollector {
    private EvidenceCollector() {
    }

    /** Opens one file for reading; called at most once per read. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * One artifact with its evidence.
     *
     * @param name       the artifact's name in the request (workspace-relative in Jenkins, the file name in the CLI)
     * @param artifact   the artifact's content, streamed once
     * @param bundle     its Sigstore bundle, or null when there is none
     * @param provenance its provenance document, or null when there is none
     * @throws EvidenceRefusedException an evidence file is over its limit
     */
    public static SubmittedArtifact artifact(String name, Opener artifact, @CheckForNull NamedFile bundle,
            @CheckForNull NamedFile provenance) throws IOException, EvidenceRefusedException {
        String bundleJson = bundle == null ? null : read(EvidenceKind.BUNDLE, bundle);
        String provenanceJson = provenance == null ? null : read(EvidenceKind.PROVENANCE, provenance);
        Digest digest = digest(artifact, digestAlgorithm(bundleJson));
        return new SubmittedArtifact(new ArtifactRef(name, digest), bundleJson, provenanceJson);
    }

    /**
     * The algorithm the bundle declares for the artifact (its {@code messageDigest}, the DSSE statement's subject
     * digests, or its log entry), as the verifier will compare it; SHA-256 without a bundle or when it names none.
     */
    public static Digest.Algorithm digestAlgorithm(@CheckForNull String bundleJson) {
        return bundleJson == null ? Digest.Algorithm.SHA256 : ArtifactVerifier.digestAlgorithmFor(bundleJson);
    }

    /** Streams the content once through the algorithm (re-hashing an artifact the gate already named). */
    public static Digest digest(Opener artifact, Digest.Algorithm algorithm) throws IOException {
        try (InputStream in = artifact.open()) {
            return ArtifactDigester.digest(in, algorithm);
        }
    }

    /**
     * Sums the counts of the reports, each read under the {@link EvidenceKind#TEST_REPORT} limit; the names are used
     * in messages. A malformed report is a {@code MalformedReportException} naming it (never zero failures).
     */
    public static TestEvidence testReports(Map<String, Opener> reports) throws IOException, EvidenceRefusedException {
        TestEvidence sum = new TestEvidence(0, 0, 0);
        for (Map.Entry<String, Opener> report : reports.entrySet()) {
            NamedFile file = new NamedFile(report.getKey(), report.getValue());
            Bounded in = new Bounded(file.opener().open(), EvidenceKind.TEST_REPORT.maxBytes());
            try (in) {
                sum = JUnitReports.sum(report.getKey(), sum, JUnitReports.read(report.getKey(), in));
            } catch (IOException e) {
                // The XML reader wraps what the stream throws; the stream knows whether it was the limit.
                if (in.exceeded) {
                    throw tooLarge(EvidenceKind.TEST_REPORT, file);
                }
                throw e;
            }
        }
        return sum;
    }

    /** The file's text (UTF-8), refused when it is larger than its kind allows. */
    public static String read(EvidenceKind kind, NamedFile file) throws IOException, EvidenceRefusedException {
        try (InputStream in = file.opener().open()) {
            byte[] bytes = in.readNBytes(Math.toIntExact(kind.maxBytes() + 1));
            if (bytes.length > kind.maxBytes()) {
                throw tooLarge(kind, file);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A file to read and the name messages and refusals give it. */
    public record NamedFile(String name, Opener opener) {
    }

    private static EvidenceRefusedException tooLarge(EvidenceKind kind, NamedFile file) {
        return new EvidenceRefusedException(new EvidenceRefusal(ReasonCode.EVIDENCE_TOO_LARGE, file.name(),
                kind.label() + " '" + file.name() + "' is larger than the " + kind.describeLimit()
                        + " limit; refused unread"));
    }

    /** A stream that fails once more than {@code limit} bytes were read from it, and remembers that it did. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;
        private boolean exceeded;

        Bounded(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws IOException {
            remaining -= n;
            if (remaining < 0) {
                exceeded = true;
                throw new IOException("over the size limit");
            }
        }
    }
}
