package io.jenkins.plugins.promotiongates.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceCollector;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusal;
import io.jenkins.plugins.promotiongates.engine.evidence.EvidenceRefusedException;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.service.SubmittedArtifact;
import jenkins.MasterToSlaveFileCallable;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs on the agent that holds the workspace: finds the artifacts and their evidence documents and hands them to the
 * engine's {@link EvidenceCollector}, which reads the documents under the documented size limits and hashes each
 * artifact (streamed; the artifact never travels to the controller) in the algorithm its bundle declares, as the
 * CLI does. Names are workspace-relative with forward slashes. With {@code hashOnly} it only re-hashes the named
 * files in the algorithm of the digest the gate recorded (credential binding's swap check).
 * {@code FileCallable} is named again because the stubs cannot show it through MasterToSlaveFileCallable.
 *
 * <p>The artifacts are the files in the workspace: paths are resolved against the workspace's real path
 * ({@code toRealPath}); a symbolic link (to a file or a directory, the link itself or any directory above the file)
 * and a path leaving the workspace are refused, and so is a glob that matches nothing, and an evidence document over
 * its limit. Refusals are returned with their reason code, never thrown, so the gate records them as a denial
 * through the engine.
 */
final class CollectArtifacts extends MasterToSlaveFileCallable<CollectArtifacts.Found>
        implements FilePath.FileCallable<CollectArtifacts.Found> {
    private static final long serialVersionUID = 1L;
    static final String BUNDLE_SUFFIX = ".sigstore.json";
    static final String PROVENANCE_SUFFIX = ".intoto.jsonl";

    private final List<String> patterns;
    /** With {@code hashOnly}: the digest the gate recorded for each name, whose algorithm is used again. */
    private final Map<String, String> recorded;
    @CheckForNull
    private final String bundle;
    @CheckForNull
    private final String provenance;
    private final boolean hashOnly;

    private CollectArtifacts(List<String> patterns, Map<String, String> recorded, @CheckForNull String bundle,
            @CheckForNull String provenance, boolean hashOnly) {
        this.patterns = List.copyOf(patterns);
        this.recorded = new TreeMap<>(recorded);
        this.bundle = bundle;
        this.provenance = provenance;
        this.hashOnly = hashOnly;
    }

    /** Artifacts matching the comma-separated globs, with their bundle and provenance. */
    static CollectArtifacts withEvidence(String globs, @CheckForNull String bundle, @CheckForNull String provenance) {
        List<String> patterns = new ArrayList<>();
        for (String glob : globs.split(",", -1)) {
            if (!glob.isBlank()) {
                patterns.add(glob.trim());
            }
        }
        return new CollectArtifacts(patterns, Map.of(), bundle, provenance, false);
    }

    /**
     * Just the digests of exactly these workspace-relative files, each in the algorithm of the digest the gate
     * recorded for it (name → {@code sha256:…}/{@code sha512:…}); a missing or refused file is a refusal.
     */
    static CollectArtifacts rehash(Map<String, String> recorded) {
        return new CollectArtifacts(List.copyOf(new TreeMap<>(recorded).keySet()), recorded, null, null, true);
    }

    /**
     * One artifact as found on the agent.
     *
     * @param name           workspace-relative path
     * @param digest         digest of the content, {@code algorithm:hex} (the algorithm its bundle declares)
     * @param bundleJson     the Sigstore bundle, if present
     * @param provenanceJson the provenance document, if present
     */
    record Collected(String name, String digest, @CheckForNull String bundleJson, @CheckForNull String provenanceJson)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        /** As the engine takes it. */
        SubmittedArtifact toSubmitted() {
            return new SubmittedArtifact(new ArtifactRef(name, Digest.parse(digest)), bundleJson, provenanceJson);
        }
    }

    /**
     * What the agent found: the artifacts, and what it refused (the gate denies when anything was refused):
     * {@code ARTIFACT_NOT_FOUND}, {@code ARTIFACT_SYMLINK_REFUSED}, {@code ARTIFACT_OUTSIDE_WORKSPACE} or
     * {@code EVIDENCE_TOO_LARGE}, with the glob or workspace-relative path concerned.
     */
    record Found(List<Collected> artifacts, List<EvidenceRefusal> refusals) implements Serializable {
        private static final long serialVersionUID = 1L;

        Found {
            artifacts = List.copyOf(artifacts);
            refusals = List.copyOf(refusals);
        }
    }

    /** Thrown inside the walk to carry a refusal out of a helper. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient EvidenceRefusal refusal;

        Refused(ReasonCode code, String path, String message) {
            super(message, null, false, false);
            this.refusal = new EvidenceRefusal(code, path, message);
        }
    }

    @Override
    public Found invoke(File workspace, VirtualChannel channel) throws IOException {
        Path root = workspace.toPath().toRealPath();
        List<Collected> found = new ArrayList<>();
        List<EvidenceRefusal> refusals = new ArrayList<>();
        if (hashOnly) {
            for (String name : patterns) {
                try {
                    Digest.Algorithm algorithm = Digest.parse(recorded.get(name)).algorithm();
                    Digest digest = EvidenceCollector.digest(open(inside(root, name)), algorithm);
                    found.add(new Collected(name, digest.toString(), null, null));
                } catch (Refused e) {
                    refusals.add(e.refusal);
                }
            }
            return new Found(found, refusals);
        }
        List<Path> files = new ArrayList<>();
        for (String pattern : patterns) {
            try {
                List<Path> matched = match(root, pattern);
                if (matched.isEmpty()) {
                    refusals.add(new EvidenceRefusal(ReasonCode.ARTIFACT_NOT_FOUND, pattern, "no file in the workspace "
                            + "matches '" + pattern + "'"));
                }
                matched.stream().filter(f -> !files.contains(f)).forEach(files::add);
            } catch (Refused e) {
                refusals.add(e.refusal);
            }
        }
        files.sort(null);
        if (!refusals.isEmpty()) {
            return new Found(List.of(), refusals);
        }
        if (files.size() > 1 && (bundle != null || provenance != null)) {
            throw new IOException("'bundle' and 'provenance' name one file, but " + files.size()
                    + " artifacts match " + patterns + "; leave them out to use <artifact>" + BUNDLE_SUFFIX
                    + " and <artifact>" + PROVENANCE_SUFFIX + " beside each artifact");
        }
        for (Path file : files) {
            String name = relativeName(root, file);
            try {
                Path bundleFile = bundle != null ? inside(root, bundle)
                        : file.resolveSibling(file.getFileName() + BUNDLE_SUFFIX);
                Path provenanceFile = provenance != null ? inside(root, provenance)
                        : file.resolveSibling(file.getFileName() + PROVENANCE_SUFFIX);
                SubmittedArtifact collected = EvidenceCollector.artifact(name, open(file),
                        evidence(root, bundleFile), evidence(root, provenanceFile));
                found.add(new Collected(name, collected.artifact().digest().toString(), collected.bundleJson(),
                        collected.provenanceJson()));
            } catch (Refused e) {
                refusals.add(e.refusal);
            } catch (EvidenceRefusedException e) {
                refusals.add(e.refusal());
            }
        }
        return refusals.isEmpty() ? new Found(found, List.of()) : new Found(List.of(), refusals);
    }

    /**
     * The regular files the glob matches, walking without following links. A link the glob matches, or a linked
     * directory the glob could reach into, is refused rather than skipped: a skipped link would hide the attempt.
     */
    private static List<Path> match(Path root, String pattern) throws IOException, Refused {
        if (leavesWorkspace(pattern)) {
            throw new Refused(ReasonCode.ARTIFACT_OUTSIDE_WORKSPACE, pattern, "'" + pattern
                    + "' leaves the workspace (absolute, or with a '..' segment)");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        String[] segments = pattern.split("/");
        List<Path> matched = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Path relative = root.relativize(file);
                if (attributes.isSymbolicLink()) {
                    if (matcher.matches(relative) || couldReachBelow(segments, relative)) {
                        links.add(relative);
                    }
                } else if (attributes.isRegularFile() && matcher.matches(relative)
                        && !relative.toString().endsWith(BUNDLE_SUFFIX) && !relative.toString().endsWith(PROVENANCE_SUFFIX)) {
                    matched.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (!links.isEmpty()) {
            String first = links.get(0).toString().replace(File.separatorChar, '/');
            throw new Refused(ReasonCode.ARTIFACT_SYMLINK_REFUSED, pattern, "'" + pattern + "' reaches the symbolic "
                    + "link '" + first + "'" + (links.size() > 1 ? " (and " + (links.size() - 1) + " more)" : "")
                    + "; artifacts must be files in the workspace, not links");
        }
        return matched;
    }

    private static boolean leavesWorkspace(String path) {
        String unix = path.replace('\\', '/');
        return unix.startsWith("/") || unix.matches("^[A-Za-z]:.*") || Arrays.asList(unix.split("/")).contains("..");
    }

    /** Whether the glob's segments could match something strictly below this directory ({@code **} spans levels). */
    static boolean couldReachBelow(String[] pattern, Path directory) {
        List<String> names = new ArrayList<>();
        directory.forEach(name -> names.add(name.toString()));
        return reachesBelow(pattern, 0, names, 0);
    }

    private static boolean reachesBelow(String[] pattern, int p, List<String> names, int n) {
        if (n == names.size()) {
            return p < pattern.length; // the directory is consumed and segments remain for what lies below it
        }
        if (p == pattern.length) {
            return false;
        }
        if (pattern[p].equals("**")) {
            return reachesBelow(pattern, p + 1, names, n) || reachesBelow(pattern, p, names, n + 1);
        }
        if (pattern[p].contains("**")) {
            return true; // e.g. 'lib**': spans levels from here on, so anything below may match
        }
        PathMatcher segment = FileSystems.getDefault().getPathMatcher("glob:" + pattern[p]);
        return segment.matches(Path.of(names.get(n))) && reachesBelow(pattern, p + 1, names, n + 1);
    }

    /**
     * Resolves a workspace-relative path: refused if it leaves the workspace, if it or a directory above it (below the
     * workspace root) is a symbolic link, or if it is not a regular file.
     */
    private static Path inside(Path root, String relative) throws Refused {
        if (leavesWorkspace(relative)) {
            throw new Refused(ReasonCode.ARTIFACT_OUTSIDE_WORKSPACE, relative, "'" + relative
                    + "' is outside the workspace");
        }
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            throw new Refused(ReasonCode.ARTIFACT_OUTSIDE_WORKSPACE, relative, "'" + relative
                    + "' is outside the workspace");
        }
        refuseLinks(root, file, relative);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(ReasonCode.ARTIFACT_NOT_FOUND, relative, "'" + relative
                    + "' is not a file in the workspace");
        }
        return file;
    }

    /** Refuses the path if it, or any directory between the workspace root and it, is a symbolic link. */
    private static void refuseLinks(Path root, Path file, String shown) throws Refused {
        Path current = root;
        for (Path name : root.relativize(file)) {
            current = current.resolve(name);
            if (Files.isSymbolicLink(current)) {
                throw new Refused(ReasonCode.ARTIFACT_SYMLINK_REFUSED, shown, "'" + shown + "' goes through the "
                        + "symbolic link '" + relativeName(root, current) + "'; artifacts and their evidence must be "
                        + "files in the workspace, not links");
            }
        }
    }

    private static String relativeName(Path root, Path file) {
        return root.relativize(file).toString().replace(File.separatorChar, '/');
    }

    /** An evidence document to read, or null when there is none; a link on its way is refused. */
    @CheckForNull
    private static EvidenceCollector.NamedFile evidence(Path root, Path file) throws Refused {
        if (Files.isSymbolicLink(file)) {
            refuseLinks(root, file, relativeName(root, file));
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return new EvidenceCollector.NamedFile(relativeName(root, file), open(file));
    }

    /** NOFOLLOW_LINKS: a file swapped for a link after the walk is not opened through the link. */
    private static EvidenceCollector.Opener open(Path file) {
        return () -> Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    }
}
