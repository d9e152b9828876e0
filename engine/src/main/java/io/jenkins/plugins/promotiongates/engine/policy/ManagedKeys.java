package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a managed key's file once, when its policy is loaded, and checks it against its pin. */
final class ManagedKeys {
    /** A PEM public key is well under a kilobyte (RSA 4096: about 800 bytes); anything this large is not one. */
    static final long MAX_BYTES = 64L * 1024;

    private ManagedKeys() {
    }

    static ManagedKey read(String keyId, Path file, String pin) {
        byte[] bytes;
        try {
            bytes = readBounded(file);
        } catch (IOException e) {
            return ManagedKey.unusable(keyId, file, pin, TrustedRoot.State.UNREADABLE, "managed key '" + keyId
                    + "' (" + file + ") cannot be read: " + e.getMessage());
        }
        String actual = PolicyLoader.sha256(bytes);
        if (!actual.equals(pin)) {
            return ManagedKey.unusable(keyId, file, pin, TrustedRoot.State.MISMATCH, "managed key '" + keyId
                    + "' (" + file + ") has SHA-256 " + actual + ", but the policy pins " + pin + ": the file "
                    + "changed since it was pinned; restore it, or check the new key and pin " + actual);
        }
        String pem = new String(bytes, StandardCharsets.US_ASCII);
        try {
            String fingerprint = io.jenkins.plugins.promotiongates.engine.verification.ManagedKey.parse(pem, keyId)
                    .fingerprint();
            return ManagedKey.pinned(keyId, file, pin, pem, fingerprint);
        } catch (IllegalArgumentException e) {
            return ManagedKey.unusable(keyId, file, pin, TrustedRoot.State.UNREADABLE, "managed key '" + keyId
                    + "' (" + file + ") is not a usable public key: " + e.getMessage());
        }
    }

    /** The file's SHA-256 for the "paste this" hint, or null when it cannot be read. */
    @CheckForNull
    static String sha256Of(Path file) {
        try {
            return PolicyLoader.sha256(readBounded(file));
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] readBounded(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException("it is " + size + " bytes; a public key file has at most " + MAX_BYTES);
        }
        return Files.readAllBytes(file);
    }
}
