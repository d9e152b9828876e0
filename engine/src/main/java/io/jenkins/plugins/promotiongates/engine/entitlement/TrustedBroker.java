package io.jenkins.plugins.promotiongates.engine.entitlement;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.util.Objects;

/**
 * An identity broker key the admin trusts to sign agent entitlements.
 *
 * @param keyId     the JWS {@code kid} the broker puts in its header
 * @param algorithm {@code ES256} or {@code EdDSA} (Ed25519; {@code Ed25519} is accepted as a synonym)
 * @param publicKey the public key as a JWK (JSON) or PEM ({@code -----BEGIN PUBLIC KEY-----})
 * @param issuer    the {@code iss} this key must sign with, or null to accept any non-empty issuer for this key
 */
public record TrustedBroker(String keyId, String algorithm, String publicKey, @CheckForNull String issuer) {
    public TrustedBroker {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** A broker key whose tokens may carry any issuer name. */
    public TrustedBroker(String keyId, String algorithm, String publicKey) {
        this(keyId, algorithm, publicKey, null);
    }
}
