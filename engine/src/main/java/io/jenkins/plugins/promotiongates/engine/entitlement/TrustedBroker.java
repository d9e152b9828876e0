package io.jenkins.plugins.promotiongates.engine.entitlement;

import java.util.Objects;

/**
 * An identity broker key the admin trusts to sign agent entitlements.
 *
 * @param keyId     the JWS {@code kid} the broker puts in its header
 * @param algorithm {@code ES256} or {@code EdDSA} (Ed25519)
 * @param publicKey the public key as a JWK (JSON) or PEM ({@code -----BEGIN PUBLIC KEY-----})
 */
public record TrustedBroker(String keyId, String algorithm, String publicKey) {
    public TrustedBroker {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
