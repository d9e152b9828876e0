package io.jenkins.plugins.promotiongates.engine.entitlement;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSProvider;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;

/**
 * Ed25519 for nimbus through the JDK's own EdDSA provider (Java 15+). Nimbus' built-in Ed25519 classes need Google
 * Tink; the JDK implementation is as well kept and adds no dependency. Nimbus still parses and encodes the JWS.
 */
final class Ed25519Jdk {
    /** The JWS algorithm names for Ed25519: the RFC 8037 {@code EdDSA} and the fully specified {@code Ed25519}. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private static final int KEY_LENGTH = 32;
    private static final int SIGNATURE_LENGTH = 64;
    /** DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410), followed by the 32 raw key bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519Jdk() {
    }

    /** The JDK public key for the raw 32-byte key of a JWK ({@code x}). */
    static PublicKey publicKeyFromRaw(byte[] x) throws GeneralSecurityException {
        if (x.length != KEY_LENGTH) {
            throw new GeneralSecurityException("an Ed25519 key has 32 bytes, got " + x.length);
        }
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_LENGTH);
        System.arraycopy(x, 0, encoded, X509_PREFIX.length, KEY_LENGTH);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

    /** The raw 32 key bytes of a JDK Ed25519 public key, as a JWK's {@code x}. */
    static byte[] rawOf(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length);
    }

    /** What nimbus asks of both the verifier and the signer: the algorithms and a JCA context it may configure. */
    private abstract static class Algorithms implements JWSProvider {
        private final JCAContext jcaContext = new JCAContext();

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ALGORITHMS;
        }

        @Override
        public JCAContext getJCAContext() {
            return jcaContext;
        }
    }

    /** Verifies EdDSA JWS signatures with one Ed25519 public key. */
    static final class Verifier extends Algorithms implements JWSVerifier {
        private final PublicKey key;

        Verifier(PublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            if (!ALGORITHMS.contains(header.getAlgorithm())) {
                throw new JOSEException("Ed25519 key cannot verify alg " + header.getAlgorithm());
            }
            byte[] bytes = signature.decode();
            if (bytes.length != SIGNATURE_LENGTH) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(bytes);
            } catch (GeneralSecurityException e) {
                // A malformed signature is simply not a valid one.
                return false;
            }
        }
    }

    /** Signs EdDSA JWS with one Ed25519 private key (used by {@link EntitlementMinter}). */
    static final class Signer extends Algorithms implements JWSSigner {
        private final PrivateKey key;

        Signer(PrivateKey key) {
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(key);
                signer.update(signingInput);
                return Base64URL.encode(signer.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed: " + e.getMessage(), e);
            }
        }
    }
}
