package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;

/** Signature checks for the key types Sigstore uses (ECDSA P-256/384/521, RSA PKCS#1 v1.5, Ed25519). */
final class Signatures {
    /** DER DigestInfo prefixes (RFC 8017 §9.2) so that RSA can verify a signature over a precomputed digest. */
    private static final byte[] SHA256_INFO = HexFormat.of().parseHex("3031300d060960864801650304020105000420");
    private static final byte[] SHA384_INFO = HexFormat.of().parseHex("3041300d060960864801650304020205000430");
    private static final byte[] SHA512_INFO = HexFormat.of().parseHex("3051300d060960864801650304020305000440");

    /**
     * ECDSA is the cost of a verification (five or more per bundle) and BouncyCastle's fixed-curve arithmetic verifies
     * several times faster than the JDK 17 provider. The instance is never registered globally nor modified.
     */
    private static final Provider ECDSA_PROVIDER = new BouncyCastleProvider();

    private Signatures() {
    }

    /**
     * The key in the provider's own form, for keys used again and again (log, CT and CA keys): BouncyCastle then
     * keeps its precomputed multiples of the key's point between verifications.
     */
    static PublicKey prepare(PublicKey key) {
        if (!(key instanceof ECPublicKey)) {
            return key;
        }
        try {
            return (PublicKey) KeyFactory.getInstance("EC", ECDSA_PROVIDER).translateKey(key);
        } catch (GeneralSecurityException e) {
            return key; // still verifiable, only without the cached precomputation
        }
    }

    /** A verifier for this key's type, BouncyCastle for EC keys. */
    static Signature newVerifier(String algorithm, PublicKey key) throws GeneralSecurityException {
        Signature verifier = key instanceof ECPublicKey ? Signature.getInstance(algorithm, ECDSA_PROVIDER)
                : Signature.getInstance(algorithm);
        verifier.initVerify(key);
        return verifier;
    }

    /** Verifies a signature over a message (DSSE PAE, checkpoint note, SET). */
    static boolean verifyMessage(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        Signature verifier = newVerifier(messageAlgorithm(key), key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    /** Verifies a signature made over the artifact's digest (hashedrekord), without the artifact's bytes. */
    static boolean verifyDigest(PublicKey key, Digest digest, byte[] signature) throws GeneralSecurityException {
        byte[] hash = HexFormat.of().parseHex(digest.hex());
        Signature verifier;
        if (key instanceof ECPublicKey) {
            verifier = newVerifier("NONEwithECDSA", key);
        } else if (key instanceof RSAPublicKey) {
            verifier = newVerifier("NONEwithRSA", key);
            verifier.update(switch (digest.algorithm()) {
                case SHA256 -> SHA256_INFO;
                case SHA384 -> SHA384_INFO;
                case SHA512 -> SHA512_INFO;
            });
        } else {
            throw new SignatureException(key.getAlgorithm() + " signs the artifact itself, not its digest: "
                    + "a hashedrekord over a digest cannot be verified with this key type");
        }
        verifier.update(hash);
        return verifier.verify(signature);
    }

    private static String messageAlgorithm(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (key instanceof RSAPublicKey) {
            return "SHA256withRSA";
        }
        return "Ed25519";
    }
}
