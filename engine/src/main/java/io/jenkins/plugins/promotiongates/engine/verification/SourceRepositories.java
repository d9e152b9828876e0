package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.model.RepositoryNames;

import edu.umd.cs.findbugs.annotations.CheckForNull;


/**
 * Compares source repositories written in different forms: {@code github.com/OWNER/REPO} (as slsa-verifier takes
 * it), {@code https://github.com/OWNER/REPO}, {@code git+https://github.com/OWNER/REPO@refs/tags/v1} or
 * {@code …/REPO.git}. Pure functions, reusable by the policy evaluator.
 */
public final class SourceRepositories {
    private SourceRepositories() {
    }

    /** The repository as {@code host/path}: the one rule of {@link RepositoryNames#normalize}. */
    public static String normalize(String repository) {
        return RepositoryNames.normalize(repository);
    }

    /** True if both name the same repository; GitHub paths compare case-insensitively as GitHub does. */
    public static boolean matches(String expected, @CheckForNull String actual) {
        if (actual == null) {
            return false;
        }
        String left = normalize(expected);
        String right = normalize(actual);
        if (left.startsWith("github.com/")) {
            return left.equalsIgnoreCase(right);
        }
        return !left.isEmpty() && left.equals(right);
    }
}
