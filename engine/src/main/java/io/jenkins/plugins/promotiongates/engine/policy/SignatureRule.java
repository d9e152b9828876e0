package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.RuleMode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may have signed what is promoted: keyless identities (SAN + issuer) checked against the named trusted
 * roots, and/or managed keys. Exact identities are indexed in a hash map, so matching does not slow down as the
 * list grows; regex identities are compiled once.
 */
public final class SignatureRule {
    private final RuleMode mode;
    private final List<TrustedRoot> trustedRoots;
    private final List<IdentityRule> identities;
    private final List<ManagedKey> keys;
    private final Map<String, Set<String>> exactIssuersBySan;
    private final Pattern[] sanPatterns;
    private final String[] patternIssuers;
    private final Set<String> keyIds;

    public SignatureRule(RuleMode mode, List<TrustedRoot> trustedRoots, List<IdentityRule> identities,
            List<ManagedKey> keys) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.trustedRoots = List.copyOf(trustedRoots);
        this.identities = List.copyOf(identities);
        this.keys = List.copyOf(keys);
        if (this.identities.isEmpty() && this.keys.isEmpty()) {
            throw new IllegalArgumentException("a signature rule needs identities or keys");
        }
        Map<String, Set<String>> exact = new HashMap<>();
        List<Pattern> patterns = new ArrayList<>();
        List<String> patternIssuerList = new ArrayList<>();
        for (IdentityRule identity : this.identities) {
            if (identity.san() != null) {
                exact.computeIfAbsent(identity.san(), san -> new HashSet<>()).add(identity.issuer());
            } else {
                patterns.add(Pattern.compile(Objects.requireNonNull(identity.sanRegex())));
                patternIssuerList.add(identity.issuer());
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        exact.forEach((san, set) -> frozen.put(san, Set.copyOf(set)));
        this.exactIssuersBySan = Map.copyOf(frozen);
        this.sanPatterns = patterns.toArray(new Pattern[0]);
        this.patternIssuers = patternIssuerList.toArray(new String[0]);
        Set<String> ids = new HashSet<>();
        // The verifier names a key-signed bundle's signer by the key's fingerprint; a policy test case by its keyId.
        this.keys.forEach(key -> {
            ids.add(key.keyId());
            if (key.fingerprint() != null) {
                ids.add(key.fingerprint());
            }
        });
        this.keyIds = Set.copyOf(ids);
    }

    /** How a signer's identity compares with this rule. */
    public enum Match {
        /** An identity (or managed key) accepts this signer. */
        MATCHED,
        /** Some identity has this SAN, but none with this issuer. */
        ISSUER_MISMATCH,
        /** No identity accepts this SAN. */
        IDENTITY_MISMATCH
    }

    public Match match(@CheckForNull String identity, @CheckForNull String issuer) {
        if (identity == null) {
            return Match.IDENTITY_MISMATCH;
        }
        if (issuer == null) {
            return keyIds.contains(identity) ? Match.MATCHED : Match.IDENTITY_MISMATCH;
        }
        boolean sanKnown = false;
        Set<String> exactIssuers = exactIssuersBySan.get(identity);
        if (exactIssuers != null) {
            if (exactIssuers.contains(issuer)) {
                return Match.MATCHED;
            }
            sanKnown = true;
        }
        for (int i = 0; i < sanPatterns.length; i++) {
            if (sanPatterns[i].matcher(identity).matches()) {
                if (patternIssuers[i].equals(issuer)) {
                    return Match.MATCHED;
                }
                sanKnown = true;
            }
        }
        return sanKnown ? Match.ISSUER_MISMATCH : Match.IDENTITY_MISMATCH;
    }

    public RuleMode mode() {
        return mode;
    }

    /** The trusted roots the verifier must check keyless signatures against (paths already resolved). */
    public List<TrustedRoot> trustedRoots() {
        return trustedRoots;
    }

    /** The accepted identities as plain values, in policy order (for the verifier and the approval page). */
    public List<IdentityRule> identities() {
        return identities;
    }

    public List<ManagedKey> keys() {
        return keys;
    }

    /** The first few accepted identities, for a message. */
    public String describeIdentities() {
        List<String> all = new ArrayList<>();
        identities.forEach(identity -> all.add(identity.describe()));
        keys.forEach(key -> all.add("key " + key.keyId()));
        int shown = Math.min(all.size(), 3);
        String head = String.join("; ", all.subList(0, shown));
        return all.size() > shown ? head + "; … (" + all.size() + " in all)" : head;
    }
}
