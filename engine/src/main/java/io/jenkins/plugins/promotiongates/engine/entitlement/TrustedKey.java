package io.jenkins.plugins.promotiongates.engine.entitlement;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * A trusted broker's key, parsed and ready to verify: the only algorithms it accepts and the verifier for them.
 * Built from a {@link TrustedBroker}; every configuration mistake becomes a {@link BrokerKeyException}.
 */
record TrustedKey(String keyId, String algorithmName, Set<JWSAlgorithm> algorithms, JWSVerifier verifier,
        @CheckForNull String issuer) {
    private static final String PEM_PUBLIC_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_PUBLIC_END = "-----END PUBLIC KEY-----";
    private static final int MAX_KEY_TEXT = 16 * 1024;

    static TrustedKey parse(TrustedBroker broker) {
        String keyId = broker.keyId();
        try {
            Identifiers.requireSafeText("key id", keyId, 256);
        } catch (IllegalArgumentException e) {
            throw new BrokerKeyException(Identifiers.printable(keyId), e.getMessage(), e);
        }
        if (broker.issuer() != null && broker.issuer().isBlank()) {
            throw new BrokerKeyException(keyId, "issuer is blank: leave it out to accept any issuer for this key");
        }
        String algorithm = broker.algorithm().trim();
        String text = broker.publicKey().trim();
        if (text.length() > MAX_KEY_TEXT) {
            throw new BrokerKeyException(keyId, "public key is " + text.length() + " characters long; at most "
                    + MAX_KEY_TEXT + " are allowed");
        }
        return switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "ES256" -> new TrustedKey(keyId, "ES256", Set.of(JWSAlgorithm.ES256), esVerifier(keyId, text),
                    broker.issuer());
            case "EDDSA", "ED25519" -> new TrustedKey(keyId, "EdDSA", Ed25519Jdk.ALGORITHMS,
                    new Ed25519Jdk.Verifier(ed25519Key(keyId, text)), broker.issuer());
            default -> throw new BrokerKeyException(keyId, "algorithm '" + Identifiers.printable(algorithm)
                    + "' is not supported: expected ES256 or EdDSA");
        };
    }

    private static JWSVerifier esVerifier(String keyId, String text) {
        ECPublicKey key;
        if (text.startsWith("{")) {
            JWK jwk = jwk(keyId, text);
            if (!(jwk instanceof ECKey ecKey)) {
                throw new BrokerKeyException(keyId, "algorithm ES256 needs an EC JWK (kty EC), got kty "
                        + jwk.getKeyType());
            }
            if (!Curve.P_256.equals(ecKey.getCurve())) {
                throw new BrokerKeyException(keyId, "algorithm ES256 needs curve P-256, got " + ecKey.getCurve());
            }
            try {
                key = ecKey.toECPublicKey();
            } catch (JOSEException e) {
                throw new BrokerKeyException(keyId, "the EC JWK is not a valid P-256 public key: " + e.getMessage(), e);
            }
        } else {
            PublicKey publicKey = pem(keyId, text, "EC");
            if (!(publicKey instanceof ECPublicKey ecPublicKey)
                    || !Curve.P_256.equals(Curve.forECParameterSpec(ecPublicKey.getParams()))) {
                throw new BrokerKeyException(keyId, "algorithm ES256 needs a P-256 public key");
            }
            key = ecPublicKey;
        }
        try {
            return new ECDSAVerifier(key);
        } catch (JOSEException e) {
            throw new BrokerKeyException(keyId, "the key cannot verify ES256: " + e.getMessage(), e);
        }
    }

    private static PublicKey ed25519Key(String keyId, String text) {
        if (!text.startsWith("{")) {
            return pem(keyId, text, "Ed25519");
        }
        JWK jwk = jwk(keyId, text);
        if (!(jwk instanceof OctetKeyPair okp)) {
            throw new BrokerKeyException(keyId, "algorithm EdDSA needs an OKP JWK (kty OKP), got kty "
                    + jwk.getKeyType());
        }
        if (!Curve.Ed25519.equals(okp.getCurve())) {
            throw new BrokerKeyException(keyId, "algorithm EdDSA needs curve Ed25519, got " + okp.getCurve());
        }
        try {
            return Ed25519Jdk.publicKeyFromRaw(okp.getDecodedX());
        } catch (GeneralSecurityException e) {
            throw new BrokerKeyException(keyId, "the OKP JWK is not a valid Ed25519 public key: " + e.getMessage(), e);
        }
    }

    private static JWK jwk(String keyId, String text) {
        JWK jwk;
        try {
            jwk = JWK.parse(text);
        } catch (ParseException e) {
            throw new BrokerKeyException(keyId, "public key is not a valid JWK: " + e.getMessage(), e);
        }
        if (jwk.isPrivate()) {
            throw new BrokerKeyException(keyId, "the JWK contains private key material; configure the public key only");
        }
        if (jwk.getKeyID() != null && !jwk.getKeyID().equals(keyId)) {
            throw new BrokerKeyException(keyId, "the JWK's kid '" + Identifiers.printable(jwk.getKeyID())
                    + "' differs from the configured key id");
        }
        return jwk;
    }

    private static PublicKey pem(String keyId, String text, String keyFactory) {
        if (text.contains("PRIVATE KEY")) {
            throw new BrokerKeyException(keyId, "the PEM holds a private key; configure the public key only");
        }
        if (!text.startsWith(PEM_PUBLIC_BEGIN) || !text.endsWith(PEM_PUBLIC_END)) {
            throw new BrokerKeyException(keyId, "public key must be a JWK (JSON object) or a PEM block from "
                    + PEM_PUBLIC_BEGIN + " to " + PEM_PUBLIC_END);
        }
        String body = text.substring(PEM_PUBLIC_BEGIN.length(), text.length() - PEM_PUBLIC_END.length())
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return KeyFactory.getInstance(keyFactory).generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new BrokerKeyException(keyId, "the PEM is not a valid " + keyFactory + " public key: "
                    + e.getMessage(), e);
        }
    }
}
