package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.Objects;

/**
 * One accepted signer: a certificate identity (SAN) given exactly or as a regular expression that must match
 * the whole SAN, and the OIDC issuer that must have vouched for it. Exactly one of {@code san} and
 * {@code sanRegex} is set.
 */
public record IdentityRule(@CheckForNull String san, @CheckForNull String sanRegex, String issuer) {
    public IdentityRule {
        Objects.requireNonNull(issuer, "issuer");
        if ((san == null) == (sanRegex == null)) {
            throw new IllegalArgumentException("exactly one of san and sanRegex must be set");
        }
    }

    /** The SAN or the regex, for messages. */
    public String describe() {
        return (san != null ? san : "/" + sanRegex + "/") + " from " + issuer;
    }
}
