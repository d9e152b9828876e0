package io.jenkins.plugins.promotiongates.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.evidence.CollectedEvidence;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceCollector;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceCollector.NamedFile;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceKind;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusal;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusedException;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds and opens what a gate needs for each artifact: the artifact, and its bundle and provenance (found beside it
 * unless given), and the JUnit reports. Reading, size limits and hashing (in the algorithm the bundle names) are the
 * engine's {@link EvidenceCollector}, the same as in Jenkins; an oversized file is a refusal the service records as a
 * denial. A file named on the command line that does not exist is a usage error.
 */
final class Evidence {
    private static final long PROGRESS_THRESHOLD = 64L * 1024 * 1024;

    private Evidence() {
    }

    static CollectedEvidence gather(List<Path> artifacts, List<Path> bundles, List<Path> provenance,
            List<Path> junitReports, Output output) throws CliException {
        if (!bundles.isEmpty() && bundles.size() != artifacts.size()) {
            throw new CliException(ExitCodes.USAGE, "give one --bundle per --artifact (" + artifacts.size()
                    + " artifacts, " + bundles.size() + " bundles), or none to use ARTIFACT.sigstore.json");
        }
        if (!provenance.isEmpty() && provenance.size() != artifacts.size()) {
            throw new CliException(ExitCodes.USAGE, "give one --provenance per --artifact (" + artifacts.size()
                    + " artifacts, " + provenance.size() + " provenance files), or none to use ARTIFACT.intoto.jsonl");
        }
        List<SubmittedArtifact> submitted = new ArrayList<>();
        List<EvidenceRefusal> refusals = new ArrayList<>();
        for (int i = 0; i < artifacts.size(); i++) {
            Path artifact = artifacts.get(i);
            if (!Files.isRegularFile(artifact)) {
                throw new CliException(ExitCodes.USAGE, "artifact " + artifact + " does not exist or is not a file");
            }
            NamedFile bundle = bundles.isEmpty() ? ifPresent(sibling(artifact, ".sigstore.json"))
                    : required(bundles.get(i), "bundle");
            NamedFile provenanceFile = provenance.isEmpty() ? ifPresent(sibling(artifact, ".intoto.jsonl"))
                    : required(provenance.get(i), "provenance");
            progress(artifact, output);
            try {
                submitted.add(EvidenceCollector.artifact(name(artifact), () -> Files.newInputStream(artifact), bundle,
                        provenanceFile));
            } catch (EvidenceRefusedException e) {
                refusals.add(e.refusal());
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read artifact " + artifact + " or its evidence: "
                        + Problems.cause(e), e);
            }
        }
        TestEvidence tests = null;
        if (!junitReports.isEmpty()) {
            Map<String, EvidenceCollector.Opener> reports = new LinkedHashMap<>();
            for (Path report : junitReports) {
                reports.put(report.toString(), required(report, "JUnit report").opener());
            }
            try {
                tests = EvidenceCollector.testReports(reports);
            } catch (EvidenceRefusedException e) {
                refusals.add(e.refusal());
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, Problems.cause(e), e);
            }
        }
        return new CollectedEvidence(submitted, tests, refusals);
    }

    /** The entitlement token (trimmed); a token over its limit is refused unread. */
    static String entitlement(Path file) throws CliException, EvidenceRefusedException {
        try {
            return EvidenceCollector.read(EvidenceKind.ENTITLEMENT, required(file, "entitlement")).trim();
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read entitlement " + file + ": " + Problems.cause(e), e);
        }
    }

    private static void progress(Path artifact, Output output) {
        try {
            long size = Files.size(artifact);
            if (output.isInteractive() && size >= PROGRESS_THRESHOLD) {
                output.err().printf("hashing %s (%d MiB)…%n", artifact.getFileName(), size / (1024 * 1024));
                output.err().flush();
            }
        } catch (IOException e) {
            // only the progress line is lost; reading the artifact reports the problem
        }
    }

    /** The name a file has in the request and in refusals: its file name, as the artifact's. */
    private static String name(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    private static Path sibling(Path artifact, String suffix) {
        return artifact.resolveSibling(artifact.getFileName() + suffix);
    }

    @CheckForNull
    private static NamedFile ifPresent(Path file) {
        return Files.isRegularFile(file) ? new NamedFile(name(file), () -> Files.newInputStream(file)) : null;
    }

    private static NamedFile required(Path file, String what) throws CliException {
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + what + " " + file + ": "
                    + (Files.exists(file) ? "not a file" : "no such file"));
        }
        return new NamedFile(name(file), () -> Files.newInputStream(file));
    }
}
