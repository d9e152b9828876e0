package io.jenkins.plugins.promotiongates.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import jenkins.MasterToSlaveFileCallable;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs on the agent that holds the workspace: finds the artifacts, hashes them (SHA-256, streamed; the artifact
 * never travels to the controller) and reads their small evidence documents. Names are workspace-relative with
 * forward slashes. With {@code hashOnly} it only re-hashes the named files (credential binding's swap check).
 * {@code FileCallable} is named again because the stubs cannot show it through MasterToSlaveFileCallable.
 */
final class CollectArtifacts extends MasterToSlaveFileCallable<List<CollectArtifacts.Collected>>
        implements FilePath.FileCallable<List<CollectArtifacts.Collected>> {
    private static final long serialVersionUID = 1L;
    /** Evidence documents larger than this are refused rather than shipped to the controller. */
    static final long MAX_EVIDENCE_BYTES = 4L * 1024 * 1024;
    static final String BUNDLE_SUFFIX = ".sigstore.json";
    static final String PROVENANCE_SUFFIX = ".intoto.jsonl";

    private final List<String> patterns;
    @CheckForNull
    private final String bundle;
    @CheckForNull
    private final String provenance;
    private final boolean hashOnly;

    private CollectArtifacts(List<String> patterns, @CheckForNull String bundle, @CheckForNull String provenance,
            boolean hashOnly) {
        this.patterns = List.copyOf(patterns);
        this.bundle = bundle;
        this.provenance = provenance;
        this.hashOnly = hashOnly;
    }

    /** Artifacts matching the comma-separated globs, with their bundle and provenance. */
    static CollectArtifacts withEvidence(String globs, @CheckForNull String bundle, @CheckForNull String provenance) {
        List<String> patterns = new ArrayList<>();
        for (String glob : globs.split(",")) {
            if (!glob.isBlank()) {
                patterns.add(glob.trim());
            }
        }
        return new CollectArtifacts(patterns, bundle, provenance, false);
    }

    /** Just the digests of exactly these workspace-relative files (a missing file is an error). */
    static CollectArtifacts rehash(List<String> names) {
        return new CollectArtifacts(names, null, null, true);
    }

    /**
     * One artifact as found on the agent.
     *
     * @param name           workspace-relative path
     * @param sha256         hex digest of the content
     * @param bundleJson     the Sigstore bundle, if present
     * @param provenanceJson the provenance document, if present
     */
    record Collected(String name, String sha256, @CheckForNull String bundleJson, @CheckForNull String provenanceJson)
            implements Serializable {
    }

    @Override
    public List<Collected> invoke(File workspace, VirtualChannel channel) throws IOException {
        Path root = workspace.toPath().toAbsolutePath().normalize();
        List<Collected> found = new ArrayList<>();
        if (hashOnly) {
            for (String name : patterns) {
                found.add(new Collected(name, sha256(inside(root, name)), null, null));
            }
            return found;
        }
        List<PathMatcher> matchers = patterns.stream()
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().endsWith(BUNDLE_SUFFIX) && !f.toString().endsWith(PROVENANCE_SUFFIX))
                    .filter(f -> matchers.stream().anyMatch(m -> m.matches(root.relativize(f))))
                    .sorted().toList();
        }
        if (files.size() > 1 && (bundle != null || provenance != null)) {
            throw new IOException("'bundle' and 'provenance' name one file, but " + files.size()
                    + " artifacts match " + patterns + "; leave them out to use <artifact>" + BUNDLE_SUFFIX
                    + " and <artifact>" + PROVENANCE_SUFFIX + " beside each artifact");
        }
        for (Path file : files) {
            String name = root.relativize(file).toString().replace(File.separatorChar, '/');
            Path bundleFile = bundle != null ? inside(root, bundle) : file.resolveSibling(file.getFileName() + BUNDLE_SUFFIX);
            Path provenanceFile = provenance != null ? inside(root, provenance)
                    : file.resolveSibling(file.getFileName() + PROVENANCE_SUFFIX);
            found.add(new Collected(name, sha256(file), readSmall(bundleFile), readSmall(provenanceFile)));
        }
        return found;
    }

    /** Resolves a workspace-relative path and refuses anything that escapes the workspace. */
    private static Path inside(Path root, String relative) throws IOException {
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            throw new IOException("'" + relative + "' is outside the workspace");
        }
        return file;
    }

    @CheckForNull
    private static String readSmall(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        if (Files.size(file) > MAX_EVIDENCE_BYTES) {
            throw new IOException(file.getFileName() + " is larger than " + MAX_EVIDENCE_BYTES + " bytes");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
