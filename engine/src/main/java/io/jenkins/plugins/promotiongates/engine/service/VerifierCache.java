package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.IdentityRule;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.SignatureRule;
import io.jenkins.plugins.promotiongates.engine.policy.TrustedRoot;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactVerifier;
import io.jenkins.plugins.promotiongates.engine.verification.IdentityPolicy;
import io.jenkins.plugins.promotiongates.engine.verification.ManagedKey;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifiers are costly to build (parsing trusted roots, certificate stores) and safe to share, so they are built once
 * per policy version, environment and trust-file state, and reused by every gate. Their results are cached too.
 *
 * <p>Why caching results is sound: {@link ArtifactVerifier#verify} is a pure function of the verifier (its trusted
 * roots), the bundle, the provenance bundle, the artifact digest and the identity policy. It reads no clock: every
 * validity check (certificate, log key, timestamp authority) uses the time the transparency log or timestamp
 * authority vouched for, which is part of the bundle. So the same inputs always give the same result, and a result
 * is keyed by all of them: the verifier key (policy hash and environment, so that a new policy builds a new verifier
 * and misses every earlier result),
 * the identity alternative (derived from that policy), SHA-256 of the bundle JSON,
 * SHA-256 of the provenance JSON or "-", and the artifact digest. A tampered artifact has another digest and is
 * verified afresh (and denied). Exceptions (unreadable trust files) are never cached. The cache is bounded (least
 * recently used first out), so floods of distinct bundles cost memory only up to the bound.
 *
 * <p>Trusted roots and managed keys are never read here: the verifier is built from the content the policy read when
 * it was applied, which matched the file's pin (so the policy hash identifies it). A file swapped under a running
 * service changes nothing; a root or key whose file did not match its pin (or could not be read) when the policy was
 * applied fails every environment that uses it ({@link TrustedRootPinMismatchException},
 * {@link SigningKeyPinMismatchException}, or an unavailable root).
 */
final class VerifierCache {
    static final int DEFAULT_RESULTS = 10_000;
    private static final int MAX_VERIFIERS = 256;

    /** The verification call, a seam for tests that count how often the verifier really runs. */
    @FunctionalInterface
    interface Verification {
        VerificationResult verify(ArtifactVerifier verifier, ArtifactRef artifact, String bundleJson,
                IdentityPolicy identity, @CheckForNull String provenanceJson);
    }

    /** What verifying an environment's artifacts needs: the verifier and who may have signed. */
    final class EnvironmentVerification {
        private final String key;
        private final ArtifactVerifier verifier;
        private final List<IdentityPolicy> identities;

        EnvironmentVerification(String key, ArtifactVerifier verifier, List<IdentityPolicy> identities) {
            this.key = key;
            this.verifier = verifier;
            this.identities = List.copyOf(identities);
        }

        /** The identity alternatives, in the policy's order; {@link #verify} takes an index into this list. */
        List<IdentityPolicy> identities() {
            return identities;
        }

        /** The result of verifying the artifact's bundle against the identity at {@code identityIndex}; cached. */
        VerificationResult verify(ArtifactRef artifact, String bundleJson, @CheckForNull String provenanceJson,
                int identityIndex) {
            IdentityPolicy identity = identities.get(identityIndex);
            String resultKey = key + "\n" + identityIndex + "\n" + sha256(bundleJson) + "\n"
                    + (provenanceJson == null ? "-" : sha256(provenanceJson)) + "\n" + artifact.digest();
            VerificationResult cached;
            synchronized (results) {
                cached = results.get(resultKey);
            }
            if (cached != null) {
                return cached;
            }
            VerificationResult result = verification.verify(verifier, artifact, bundleJson, identity, provenanceJson);
            synchronized (results) {
                results.put(resultKey, result);
            }
            return result;
        }
    }

    private final Map<String, EnvironmentVerification> verifiers = new ConcurrentHashMap<>();
    /** Guarded by itself; access order, so the least recently used result is evicted first. */
    private final LinkedHashMap<String, VerificationResult> results;
    private final Verification verification;

    VerifierCache() {
        this(DEFAULT_RESULTS, (verifier, artifact, bundle, identity, provenance) ->
                verifier.verify(artifact, bundle, identity, provenance, null));
    }

    VerifierCache(int maxResults, Verification verification) {
        if (maxResults < 1) {
            throw new IllegalArgumentException("maxResults must be at least 1, got " + maxResults);
        }
        this.verification = verification;
        this.results = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, VerificationResult> eldest) {
                return size() > maxResults;
            }
        };
    }

    /** The verification set-up for an environment with a signature rule; built on first use. */
    EnvironmentVerification forEnvironment(Policy policy, EnvironmentPolicy environment, SignatureRule rule) {
        // The policy hash covers the pins, and roots and keys are read with the policy: nothing else to key on.
        String key = policy.hash() + "/" + environment.name();
        EnvironmentVerification cached = verifiers.get(key);
        if (cached != null) {
            return cached;
        }
        EnvironmentVerification built = build(key, rule);
        if (verifiers.size() > MAX_VERIFIERS) {
            verifiers.clear(); // old policy versions; bounded so that policy churn cannot grow memory
        }
        verifiers.put(key, built);
        return built;
    }

    private EnvironmentVerification build(String key, SignatureRule rule) {
        try {
            ArtifactVerifier.Builder builder = ArtifactVerifier.builder();
            for (TrustedRoot root : rule.trustedRoots()) {
                switch (root.state()) {
                    case PINNED -> builder.trustedRoot(io.jenkins.plugins.promotiongates.engine.verification
                            .TrustedRoot.parse(root.content(), root.path().toString()));
                    case MISMATCH -> throw new TrustedRootPinMismatchException(root);
                    case UNREADABLE -> throw new IOException(root.problem());
                }
            }
            List<IdentityPolicy> identities = new ArrayList<>();
            if (!rule.identities().isEmpty()) {
                List<IdentityPolicy.Alternative> alternatives = new ArrayList<>();
                for (IdentityRule identity : rule.identities()) {
                    IdentityPolicy.SanMatcher san = identity.san() != null
                            ? IdentityPolicy.SanMatcher.exact(identity.san())
                            : IdentityPolicy.SanMatcher.regex(identity.sanRegex());
                    alternatives.add(new IdentityPolicy.Alternative(san, identity.issuer()));
                }
                identities.add(IdentityPolicy.anyOf(alternatives));
            }
            for (var managed : rule.keys()) {
                switch (managed.state()) {
                    case PINNED -> identities.add(IdentityPolicy.key(ManagedKey.parse(
                            java.util.Objects.requireNonNull(managed.pem()), managed.keyId())));
                    case MISMATCH -> throw new SigningKeyPinMismatchException(managed);
                    case UNREADABLE -> throw new IOException(managed.problem());
                }
            }
            return new EnvironmentVerification(key, builder.build(), identities);
        } catch (IOException e) {
            throw new UncheckedIOException("trusted root or signing key unreadable: " + e.getMessage(), e);
        } catch (PinMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            // A malformed root or key file is the admin's configuration, not the requester's input: report it as
            // an unavailable trust root rather than letting it surface as an invalid request.
            throw new UncheckedIOException("trusted root or signing key unusable: " + e.getMessage(),
                    new IOException(e));
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
