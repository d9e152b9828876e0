package io.jenkins.plugins.promotiongates.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactDigester;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactVerifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers what a gate needs for each artifact, as the Jenkins plugin does on an agent: the digest (in the algorithm
 * the bundle names) and the bundle and provenance documents, found beside the artifact unless given.
 */
final class Evidence {
    /** Bundles and provenance are small JSON documents; anything larger is refused rather than read into memory. */
    private static final long MAX_DOCUMENT_BYTES = 16L * 1024 * 1024;
    private static final long PROGRESS_THRESHOLD = 64L * 1024 * 1024;

    private Evidence() {
    }

    static List<SubmittedArtifact> gather(List<Path> artifacts, List<Path> bundles, List<Path> provenance,
            Output output) throws CliException {
        if (!bundles.isEmpty() && bundles.size() != artifacts.size()) {
            throw new CliException(ExitCodes.USAGE, "give one --bundle per --artifact (" + artifacts.size()
                    + " artifacts, " + bundles.size() + " bundles), or none to use ARTIFACT.sigstore.json");
        }
        if (!provenance.isEmpty() && provenance.size() != artifacts.size()) {
            throw new CliException(ExitCodes.USAGE, "give one --provenance per --artifact (" + artifacts.size()
                    + " artifacts, " + provenance.size() + " provenance files), or none to use ARTIFACT.intoto.jsonl");
        }
        List<SubmittedArtifact> submitted = new ArrayList<>();
        for (int i = 0; i < artifacts.size(); i++) {
            Path artifact = artifacts.get(i);
            if (!Files.isRegularFile(artifact)) {
                throw new CliException(ExitCodes.USAGE, "artifact " + artifact + " does not exist or is not a file");
            }
            String bundle = bundles.isEmpty() ? readIfPresent(sibling(artifact, ".sigstore.json"))
                    : readRequired(bundles.get(i), "bundle");
            String provenanceJson = provenance.isEmpty() ? readIfPresent(sibling(artifact, ".intoto.jsonl"))
                    : readRequired(provenance.get(i), "provenance");
            Digest.Algorithm algorithm = bundle == null ? Digest.Algorithm.SHA256
                    : ArtifactVerifier.digestAlgorithmFor(bundle);
            Digest digest = digest(artifact, algorithm, output);
            submitted.add(new SubmittedArtifact(new ArtifactRef(artifact.getFileName().toString(), digest), bundle,
                    provenanceJson));
        }
        return submitted;
    }

    static Digest digest(Path artifact, Digest.Algorithm algorithm, Output output) throws CliException {
        try {
            long size = Files.size(artifact);
            if (output.isInteractive() && size >= PROGRESS_THRESHOLD) {
                output.err().printf("hashing %s (%d MiB)…%n", artifact.getFileName(), size / (1024 * 1024));
                output.err().flush();
            }
            return ArtifactDigester.digest(artifact, algorithm);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read artifact " + artifact + ": " + Problems.cause(e), e);
        }
    }

    private static Path sibling(Path artifact, String suffix) {
        return artifact.resolveSibling(artifact.getFileName() + suffix);
    }

    @CheckForNull
    private static String readIfPresent(Path file) throws CliException {
        return Files.isRegularFile(file) ? readRequired(file, "evidence") : null;
    }

    static String readRequired(Path file, String what) throws CliException {
        try {
            if (Files.size(file) > MAX_DOCUMENT_BYTES) {
                throw new CliException(ExitCodes.USAGE, what + " " + file + " is larger than 16 MiB; refused");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + what + " " + file + ": " + Problems.cause(e), e);
        }
    }
}
