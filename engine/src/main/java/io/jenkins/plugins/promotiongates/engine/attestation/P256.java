package io.jenkins.plugins.promotiongates.engine.attestation;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.HexFormat;

/** The one curve attestations are signed with (ECDSA P-256, SHA-256) and the key id derived from a public key. */
final class P256 {
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final ECParameterSpec CURVE = curve();

    private P256() {
    }

    /** Whether the key is an EC key on NIST P-256 (same field, coefficients, generator, order and cofactor). */
    static boolean isP256(Key key) {
        if (!(key instanceof ECKey ec)) {
            return false;
        }
        ECParameterSpec params = ec.getParams();
        return params.getCurve().equals(CURVE.getCurve()) && params.getGenerator().equals(CURVE.getGenerator())
                && params.getOrder().equals(CURVE.getOrder()) && params.getCofactor() == CURVE.getCofactor();
    }

    static ECParameterSpec params() {
        return CURVE;
    }

    /** Lower-case hex SHA-256 of the SubjectPublicKeyInfo DER: stable for the key, whatever file it came from. */
    static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks SHA-256", e);
        }
    }

    private static ECParameterSpec curve() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK lacks the P-256 curve", e);
        }
    }
}
