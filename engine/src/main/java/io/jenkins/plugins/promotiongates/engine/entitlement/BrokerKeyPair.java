package io.jenkins.plugins.promotiongates.engine.entitlement;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Locale;

/**
 * A broker signing key generated in memory, for the CLI demo, tests and the examples in {@code docs/agents.md}.
 * A real broker keeps its private key in its own key store; only {@link #trustedBroker(String)} goes to the policy.
 * Not a record, so that the private key never appears in {@code toString()} or comparisons.
 */
public final class BrokerKeyPair {
    private final String keyId;
    private final JWSAlgorithm algorithm;
    private final KeyPair keyPair;

    private BrokerKeyPair(String keyId, JWSAlgorithm algorithm, KeyPair keyPair) {
        this.keyId = keyId;
        this.algorithm = algorithm;
        this.keyPair = keyPair;
    }

    /** Generates a fresh key: {@code ES256} (P-256) or {@code EdDSA} (Ed25519). */
    public static BrokerKeyPair generate(String keyId, String algorithm) {
        Identifiers.requireSafeText("key id", keyId, 256);
        try {
            switch (algorithm.toUpperCase(Locale.ROOT)) {
                case "ES256" -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    return new BrokerKeyPair(keyId, JWSAlgorithm.ES256, generator.generateKeyPair());
                }
                case "EDDSA", "ED25519" -> {
                    return new BrokerKeyPair(keyId, JWSAlgorithm.EdDSA,
                            KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
                }
                default -> throw new IllegalArgumentException("Unsupported broker algorithm '"
                        + Identifiers.printable(algorithm) + "': expected ES256 or EdDSA");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate a " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    public String keyId() {
        return keyId;
    }

    /** {@code ES256} or {@code EdDSA}, as a {@link TrustedBroker} names it. */
    public String algorithm() {
        return algorithm.getName();
    }

    /** The public key as a JWK with this key's {@code kid}. */
    public String publicJwk() {
        if (algorithm.equals(JWSAlgorithm.ES256)) {
            return new ECKey.Builder(Curve.P_256, (ECPublicKey) keyPair.getPublic()).keyID(keyId).build()
                    .toJSONString();
        }
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Ed25519Jdk.rawOf(keyPair.getPublic())))
                .keyID(keyId).build().toJSONString();
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}). */
    public String publicPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(keyPair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** The entry an admin puts into the policy to trust this key. */
    public TrustedBroker trustedBroker(@CheckForNull String issuer) {
        return new TrustedBroker(keyId, algorithm(), publicJwk(), issuer);
    }

    JWSAlgorithm jwsAlgorithm() {
        return algorithm;
    }

    JWSSigner signer() {
        if (algorithm.equals(JWSAlgorithm.ES256)) {
            try {
                return new ECDSASigner((ECPrivateKey) keyPair.getPrivate());
            } catch (JOSEException e) {
                throw new IllegalStateException("Cannot sign with key '" + keyId + "': " + e.getMessage(), e);
            }
        }
        return new Ed25519Jdk.Signer(keyPair.getPrivate());
    }

    @Override
    public String toString() {
        return "BrokerKeyPair[" + keyId + ", " + algorithm + "]";
    }
}
