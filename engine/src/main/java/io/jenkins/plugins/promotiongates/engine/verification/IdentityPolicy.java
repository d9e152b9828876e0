package io.jenkins.plugins.promotiongates.engine.verification;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Who may have signed: either a list of (identity, issuer) alternatives for keyless certificates, or a managed
 * public key. An empty list is a configuration error, never "anyone" (sigstore-java treats no matcher as a match).
 *
 * @param alternatives the certificate identities accepted; any one matching is enough
 * @param managedKey   when set, the bundle must be signed by this key and the alternatives are not consulted
 */
public record IdentityPolicy(List<Alternative> alternatives, @CheckForNull ManagedKey managedKey) {
    public IdentityPolicy {
        alternatives = List.copyOf(alternatives);
        if (alternatives.isEmpty() && managedKey == null) {
            throw new IllegalArgumentException("Identity policy is empty: configure at least one certificate identity "
                    + "(SAN, exact or regex) with its OIDC issuer, or a managed public key; "
                    + "verification without an identity would accept any signer");
        }
    }

    /** Keyless: any of these alternatives. */
    public static IdentityPolicy anyOf(List<Alternative> alternatives) {
        return new IdentityPolicy(alternatives, null);
    }

    /** Keyless: exactly this SAN from this issuer. */
    public static IdentityPolicy exact(String san, String issuer) {
        return anyOf(List.of(new Alternative(SanMatcher.exact(san), issuer)));
    }

    /** Keyless: a SAN matching this regular expression (whole match) from this issuer. */
    public static IdentityPolicy regex(String sanRegex, String issuer) {
        return anyOf(List.of(new Alternative(SanMatcher.regex(sanRegex), issuer)));
    }

    /** Managed key (cosign key pair, KMS key): the key replaces identity and issuer requirements. */
    public static IdentityPolicy key(ManagedKey key) {
        return new IdentityPolicy(List.of(), Objects.requireNonNull(key, "key"));
    }

    /** Human-readable list of the accepted identities, for failure messages. */
    List<String> describeIdentities() {
        return alternatives.stream().map(a -> a.san().toString()).toList();
    }

    /** One accepted (SAN, issuer) pair. The issuer is compared exactly. */
    public record Alternative(SanMatcher san, String issuer) {
        public Alternative {
            Objects.requireNonNull(san, "san");
            Objects.requireNonNull(issuer, "issuer");
            if (issuer.isBlank()) {
                throw new IllegalArgumentException("Identity policy: the OIDC issuer of '" + san + "' is empty");
            }
        }
    }

    /** Matches a certificate's SAN exactly or with a regular expression that must match the whole SAN. */
    public record SanMatcher(String value, boolean regex, @CheckForNull Pattern pattern) {
        public SanMatcher {
            Objects.requireNonNull(value, "value");
            if (value.isBlank()) {
                throw new IllegalArgumentException("Identity policy: the identity (SAN) is empty");
            }
            if (regex) {
                try {
                    pattern = Pattern.compile(value);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("Identity policy: invalid identity regex '" + value + "': "
                            + e.getDescription(), e);
                }
            } else {
                pattern = null;
            }
        }

        public static SanMatcher exact(String san) {
            return new SanMatcher(san, false, null);
        }

        public static SanMatcher regex(String regex) {
            return new SanMatcher(regex, true, null);
        }

        public boolean matches(@CheckForNull String san) {
            if (san == null) {
                return false;
            }
            return pattern == null ? value.equals(san) : pattern.matcher(san).matches();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SanMatcher that && value.equals(that.value) && regex == that.regex;
        }

        @Override
        public int hashCode() {
            return Objects.hash(value, regex);
        }

        @Override
        public String toString() {
            return regex ? "regex:" + value : value;
        }
    }
}
