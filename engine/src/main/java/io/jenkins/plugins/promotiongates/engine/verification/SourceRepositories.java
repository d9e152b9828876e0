package io.jenkins.plugins.promotiongates.engine.verification;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.Locale;

/**
 * Compares source repositories written in different forms: {@code github.com/OWNER/REPO} (as slsa-verifier takes
 * it), {@code https://github.com/OWNER/REPO}, {@code git+https://github.com/OWNER/REPO@refs/tags/v1} or
 * {@code …/REPO.git}. Pure functions, reusable by the policy evaluator.
 */
public final class SourceRepositories {
    private SourceRepositories() {
    }

    /**
     * Reduces a repository reference to {@code host/path}: no scheme, no {@code git+}, no credentials, no
     * {@code @ref} or {@code #fragment}, no {@code .git} or trailing slash; the host is lower-cased. Returns an
     * empty string when nothing remains.
     */
    public static String normalize(String repository) {
        String value = repository.trim();
        if (value.startsWith("git+")) {
            value = value.substring(4);
        }
        int scheme = value.indexOf("://");
        if (scheme >= 0) {
            value = value.substring(scheme + 3);
        }
        int slash = value.indexOf('/');
        int credentials = value.indexOf('@');
        if (credentials >= 0 && (slash < 0 || credentials < slash)) {
            value = value.substring(credentials + 1);
            slash = value.indexOf('/');
        }
        int hash = value.indexOf('#');
        if (hash >= 0) {
            value = value.substring(0, hash);
        }
        int ref = value.indexOf('@', Math.max(slash, 0));
        if (ref >= 0) {
            value = value.substring(0, ref);
        }
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        if (value.endsWith(".git")) {
            value = value.substring(0, value.length() - 4);
        }
        slash = value.indexOf('/');
        String host = slash < 0 ? value : value.substring(0, slash);
        String path = slash < 0 ? "" : value.substring(slash);
        int port = host.indexOf(':');
        if (port >= 0 && host.endsWith(":443")) {
            host = host.substring(0, port);
        }
        return host.toLowerCase(Locale.ROOT) + path;
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
