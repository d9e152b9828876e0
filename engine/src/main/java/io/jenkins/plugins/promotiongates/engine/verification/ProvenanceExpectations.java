package io.jenkins.plugins.promotiongates.engine.verification;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.List;

/**
 * What the SLSA provenance must state. An empty list means "not constrained"; but asking for a builder or a
 * source while no provenance is present is a failure, never a skip.
 *
 * @param builderIds         trusted builder ids; an id without {@code @ref} also matches that builder at any ref
 * @param sourceRepositories accepted repositories, as {@code github.com/OWNER/REPO} or full URIs
 * @param sourceRefs         accepted git refs, {@code refs/tags/…} or {@code refs/heads/…}
 */
public record ProvenanceExpectations(List<String> builderIds, List<String> sourceRepositories,
        List<String> sourceRefs) {
    public ProvenanceExpectations {
        builderIds = copy(builderIds);
        sourceRepositories = copy(sourceRepositories);
        sourceRefs = copy(sourceRefs);
        for (String ref : sourceRefs) {
            if (!ref.startsWith("refs/")) {
                throw new IllegalArgumentException("Source ref '" + ref
                        + "': expected a full git ref such as refs/tags/v1.2.0 or refs/heads/main");
            }
        }
        for (String repository : sourceRepositories) {
            if (SourceRepositories.normalize(repository).isEmpty()) {
                throw new IllegalArgumentException("Source repository '" + repository
                        + "': expected github.com/OWNER/REPO or a URI");
            }
        }
    }

    /** No constraints: provenance facts are still extracted for the policy to match. */
    public static ProvenanceExpectations none() {
        return new ProvenanceExpectations(List.of(), List.of(), List.of());
    }

    public boolean constrainsAnything() {
        return !builderIds.isEmpty() || !sourceRepositories.isEmpty() || !sourceRefs.isEmpty();
    }

    /** Exact match, or the expected id has no {@code @ref} and equals the actual id without its ref. */
    public static boolean builderMatches(String expected, @CheckForNull String actual) {
        if (actual == null) {
            return false;
        }
        if (expected.equals(actual)) {
            return true;
        }
        int at = actual.lastIndexOf('@');
        return !expected.contains("@") && at > 0 && actual.substring(0, at).equals(expected);
    }

    private static List<String> copy(@CheckForNull List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
