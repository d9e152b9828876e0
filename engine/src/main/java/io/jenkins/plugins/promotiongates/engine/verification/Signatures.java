package io.jenkins.plugins.promotiongates.engine.verification;

import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.security.GeneralSecurityException;
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
    private static final byte[] SHA512_INFO = HexFormat.of().parseHex("3051300d060960864801650304020305000440");

    private Signatures() {
    }

    /** Verifies a signature over a message (DSSE PAE, checkpoint note, SET). */
    static boolean verifyMessage(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(messageAlgorithm(key));
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    /** Verifies a signature made over the artifact's digest (hashedrekord), without the artifact's bytes. */
    static boolean verifyDigest(PublicKey key, Digest digest, byte[] signature) throws GeneralSecurityException {
        byte[] hash = HexFormat.of().parseHex(digest.hex());
        Signature verifier;
        if (key instanceof ECPublicKey) {
            verifier = Signature.getInstance("NONEwithECDSA");
            verifier.initVerify(key);
        } else if (key instanceof RSAPublicKey) {
            verifier = Signature.getInstance("NONEwithRSA");
            verifier.initVerify(key);
            verifier.update(digest.algorithm() == Digest.Algorithm.SHA512 ? SHA512_INFO : SHA256_INFO);
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
