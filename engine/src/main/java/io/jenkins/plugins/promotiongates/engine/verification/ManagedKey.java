package io.jenkins.plugins.promotiongates.engine.verification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A managed public key (cosign key pair, KMS key) in PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo) form: EC, RSA
 * or Ed25519. Its identity in evidence is the SHA-256 fingerprint of the DER encoding.
 *
 * @param publicKey the parsed key
 * @param name      where it came from (file name), for messages
 */
public record ManagedKey(PublicKey publicKey, String name) {
    public ManagedKey {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(name, "name");
    }

    public static ManagedKey load(Path pemFile) throws IOException {
        return parse(Files.readString(pemFile, StandardCharsets.US_ASCII), pemFile.toString());
    }

    /** Parses a PEM public key; a config error names the source and what was expected. */
    public static ManagedKey parse(String pem, String name) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int start = pem.indexOf(begin);
        int stop = pem.indexOf(end);
        if (start < 0 || stop < start) {
            throw new IllegalArgumentException("Key " + name + ": expected a PEM '" + begin + "' block (cosign.pub),"
                    + " found none");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Key " + name + ": the PEM body is not base64: " + e.getMessage(), e);
        }
        return new ManagedKey(decode(der, name), name);
    }

    static PublicKey decode(byte[] der, String name) {
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException | ClassCastException e) {
                // try the next algorithm: the DER names its own, but KeyFactory needs to be asked by name
            }
        }
        throw new IllegalArgumentException("Key " + name + ": expected an EC, RSA or Ed25519 public key "
                + "(SubjectPublicKeyInfo), could not decode it");
    }

    /** {@code SHA256:<hex>} of the key's DER encoding. */
    public String fingerprint() {
        try {
            return "SHA256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(publicKey.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks SHA-256", e);
        }
    }

    boolean sameKey(PublicKey other) {
        return Arrays.equals(publicKey.getEncoded(), other.getEncoded());
    }
}
