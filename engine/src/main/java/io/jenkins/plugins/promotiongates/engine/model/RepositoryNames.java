package io.jenkins.plugins.promotiongates.engine.model;

import java.util.Locale;

/**
 * One spelling for a source repository, so that {@code github.com/o/r}, {@code https://github.com/o/r.git},
 * {@code git+https://github.com/o/r@refs/tags/v1}, {@code …/r#subdir} and {@code git@github.com:o/r} compare equal.
 * The allowlist, the provenance check and verification all use this one rule. Only the host is lower-cased: path
 * case is kept so that a mismatch fails closed rather than guessing.
 */
public final class RepositoryNames {
    private RepositoryNames() {
    }

    /**
     * The repository as {@code host/owner/name}, without scheme, user, ref suffix, fragment, {@code .git} or trailing
     * slash; an empty string when nothing remains.
     */
    public static String normalize(String repository) {
        String value = repository.trim();
        if (value.startsWith("git+")) {
            value = value.substring(4);
        }
        int scheme = value.indexOf("://");
        if (scheme >= 0) {
            value = value.substring(scheme + 3);
        } else if (value.indexOf('@') >= 0 && value.indexOf(':') > value.indexOf('@')
                && value.indexOf('/') > value.indexOf(':')) {
            // scp-like syntax: git@host:owner/name
            value = value.substring(0, value.indexOf(':')) + "/" + value.substring(value.indexOf(':') + 1);
        }
        int slash = value.indexOf('/');
        int at = value.indexOf('@');
        if (at >= 0 && (slash < 0 || at < slash)) {
            value = value.substring(at + 1);
            slash = value.indexOf('/');
        }
        int fragment = value.indexOf('#');
        if (fragment >= 0) {
            value = value.substring(0, fragment);
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
        String hostLower = host.toLowerCase(Locale.ROOT);
        int port = hostLower.indexOf(':');
        if (port >= 0 && hostLower.endsWith(":443")) {
            hostLower = hostLower.substring(0, port);
        }
        return slash < 0 ? hostLower : hostLower + value.substring(slash);
    }
}
