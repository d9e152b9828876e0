package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.IdentityRule;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.SignatureRule;
import io.jenkins.plugins.promotiongates.engine.verification.ArtifactVerifier;
import io.jenkins.plugins.promotiongates.engine.verification.IdentityPolicy;
import io.jenkins.plugins.promotiongates.engine.verification.ManagedKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifiers are costly to build (parsing trusted roots, certificate stores) and safe to share, so they are built once
 * per policy version and environment and reused by every gate.
 */
final class VerifierCache {
    /** What verifying an environment's artifacts needs: the verifier and who may have signed. */
    record EnvironmentVerification(ArtifactVerifier verifier, List<IdentityPolicy> identities) {
    }

    private final Map<String, EnvironmentVerification> cache = new ConcurrentHashMap<>();

    /** The verification set-up for an environment with a signature rule; built on first use. */
    EnvironmentVerification forEnvironment(Policy policy, EnvironmentPolicy environment, SignatureRule rule) {
        String key = policy.hash() + "/" + environment.name();
        EnvironmentVerification cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        EnvironmentVerification built = build(rule);
        if (cache.size() > 256) {
            cache.clear(); // old policy versions; bounded so that policy churn cannot grow memory
        }
        cache.put(key, built);
        return built;
    }

    private static EnvironmentVerification build(SignatureRule rule) {
        try {
            ArtifactVerifier.Builder builder = ArtifactVerifier.builder();
            for (var root : rule.trustedRoots()) {
                builder.trustedRoot(root.path());
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
            for (var key : rule.keys()) {
                identities.add(IdentityPolicy.key(ManagedKey.load(key.publicKeyPath())));
            }
            return new EnvironmentVerification(builder.build(), List.copyOf(identities));
        } catch (IOException e) {
            throw new UncheckedIOException("trusted root or signing key unreadable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A malformed root or key file is the admin's configuration, not the requester's input: report it as
            // an unavailable trust root rather than letting it surface as an invalid request.
            throw new UncheckedIOException("trusted root or signing key unusable: " + e.getMessage(),
                    new IOException(e));
        }
    }
}
