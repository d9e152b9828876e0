package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads a managed key's file once, when its policy is loaded, and checks it against its pin. */
final class ManagedKeys {
    /** A PEM public key is well under a kilobyte (RSA 4096: about 800 bytes); anything this large is not one. */
    static final long MAX_BYTES = 64L * 1024;

    private static final PinnedFile FILE = new PinnedFile("managed key", "key", "a public key file", MAX_BYTES);

    private ManagedKeys() {
    }

    static ManagedKey read(String keyId, Path file, String pin) {
        byte[] bytes;
        try {
            bytes = FILE.read(file);
        } catch (IOException e) {
            return ManagedKey.unusable(keyId, file, pin, TrustedRoot.State.UNREADABLE,
                    FILE.unreadable(keyId, file, e));
        }
        String mismatch = FILE.pinMismatch(keyId, file, pin, bytes);
        if (mismatch != null) {
            return ManagedKey.unusable(keyId, file, pin, TrustedRoot.State.MISMATCH, mismatch);
        }
        String pem = new String(bytes, StandardCharsets.US_ASCII);
        String fingerprint = fingerprint(pem);
        if (fingerprint == null) {
            return ManagedKey.unusable(keyId, file, pin, TrustedRoot.State.UNREADABLE, "managed key '" + keyId
                    + "' (" + file + ") is not a PEM public key (EC, RSA or Ed25519 SubjectPublicKeyInfo)");
        }
        return ManagedKey.pinned(keyId, file, pin, pem, fingerprint);
    }

    /**
     * {@code SHA256:<hex>} of the key's DER encoding as the JDK re-encodes it: the name the verifier gives a
     * key-signed bundle's signer ({@code verification.ManagedKey#fingerprint}, which the package design keeps out of
     * reach here; SigningKeyPinRedTeamTest allows a release only if both agree). Null when it is not such a key.
     */
    @CheckForNull
    private static String fingerprint(String pem) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        int start = pem.indexOf(begin);
        int stop = pem.indexOf("-----END PUBLIC KEY-----");
        if (start < 0 || stop < start) {
            return null;
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return "SHA256:" + PolicyLoader.sha256(key.getEncoded());
            } catch (GeneralSecurityException | ClassCastException e) {
                // the DER names its algorithm, but KeyFactory must be asked by name: try the next one
            }
        }
        return null;
    }

    /** The file's SHA-256 for the "paste this" hint, or null when it cannot be read. */
    @CheckForNull
    static String sha256Of(Path file) {
        return FILE.sha256Of(file);
    }
}
