package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.Objects;

/**
 * Where a policy-bound credential id resolved, as the plugin found it: the facts the engine judges before a
 * credential is bound (a folder credential or a credentials parameter with the same id must never replace the
 * production secret).
 *
 * @param trustedMatches how many credentials with this id the admin-named store(s) hold (exactly one is required)
 * @param store          the store the single trusted match came from, e.g. {@code system}, if there is one
 * @param fingerprint    that credential's fingerprint (an opaque hash that names it without revealing the secret)
 * @param runResolution  what the run's own lookup (parameters, then folders, then the system store) resolves the
 *                       id to, compared with the trusted match
 * @param detail         what the plugin saw, for the record (no secret)
 */
public record CredentialOrigin(int trustedMatches, @CheckForNull String store, @CheckForNull String fingerprint,
        RunResolution runResolution, String detail) {
    public CredentialOrigin {
        Objects.requireNonNull(runResolution, "runResolution");
        Objects.requireNonNull(detail, "detail");
    }

    /** What the run's own credential lookup gives for the id. */
    public enum RunResolution {
        /** The very credential of the trusted store. */
        SAME,
        /** Nothing (the trusted credential is not available to runs, e.g. system-only scope). */
        NONE,
        /** Another credential: a credentials parameter or a folder store shadows the trusted one. */
        OTHER
    }
}
