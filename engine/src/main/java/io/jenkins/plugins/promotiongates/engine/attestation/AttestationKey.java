package io.jenkins.plugins.promotiongates.engine.attestation;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The managed key that signs attestations: an ECDSA P-256 private key read from a PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}). Any other key is refused when it is read, so a bundle is never signed with
 * a key a verifier configured for P-256 would reject.
 */
public final class AttestationKey {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private AttestationKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = P256.keyId(publicKey);
    }

    /**
     * Reads a PKCS#8 PEM private key.
     *
     * @param name where the PEM came from (file, credential id), for messages
     * @throws IllegalArgumentException naming the source and what was expected, for anything but a P-256 key
     */
    public static AttestationKey fromPkcs8Pem(String pem, String name) {
        int start = pem.indexOf(BEGIN);
        int stop = pem.indexOf(END);
        if (start < 0 || stop < start) {
            throw new IllegalArgumentException("Attestation key " + name + ": expected a PKCS#8 PEM '" + BEGIN
                    + "' block, found none");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(start + BEGIN.length(), stop));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Attestation key " + name + ": the PEM body is not base64: "
                    + e.getMessage(), e);
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Attestation key " + name + ": expected an ECDSA P-256 private key,"
                    + " the PKCS#8 data is not an EC key (" + e.getMessage() + ")", e);
        }
        if (!(key instanceof ECPrivateKey ec) || !P256.isP256(ec)) {
            throw new IllegalArgumentException("Attestation key " + name + ": expected an ECDSA P-256 (secp256r1)"
                    + " private key, found an EC key on another curve");
        }
        return new AttestationKey(ec, publicKeyOf(ec));
    }

    /** Q = d·G: PKCS#8 need not carry the public key, and the key id is computed from it. */
    private static PublicKey publicKeyOf(ECPrivateKey key) {
        ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
        org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(key.getS()).normalize();
        BigInteger x = q.getAffineXCoord().toBigInteger();
        BigInteger y = q.getAffineYCoord().toBigInteger();
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256.params()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot build a P-256 public key", e);
        }
    }

    /** Hex SHA-256 of the public key's SubjectPublicKeyInfo DER; the bundle's key hint and DSSE {@code keyid}. */
    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as a PEM {@code PUBLIC KEY} block, what verifiers are given. */
    public String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** An ASN.1 DER ECDSA signature over the message with SHA-256. */
    byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(P256.SIGNATURE_ALGORITHM);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 signing failed", e);
        }
    }

    @Override
    public String toString() {
        // never the private key
        return "AttestationKey[" + keyId + "]";
    }
}
