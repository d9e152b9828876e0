package io.jenkins.plugins.promotiongates.engine.policy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A self-managed signing key (no certificate, no OIDC issuer). The verifier checks signatures with the public key
 * and reports {@code keyId} as the signature's identity.
 *
 * @param keyId         the name or fingerprint the verifier reports
 * @param publicKeyPath PEM public key, resolved relative to the policy file
 */
public record ManagedKey(String keyId, Path publicKeyPath) {
    public ManagedKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKeyPath, "publicKeyPath");
    }
}
