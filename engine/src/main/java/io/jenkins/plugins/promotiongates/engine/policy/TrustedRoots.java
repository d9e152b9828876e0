package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a trusted root file once, when its policy is loaded, and checks it against its pin. */
final class TrustedRoots {
    /** Real trusted roots are tens of kilobytes; anything this large is not one. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private TrustedRoots() {
    }

    static TrustedRoot read(String name, Path file, String pin) {
        byte[] bytes;
        try {
            bytes = readBounded(file);
        } catch (IOException e) {
            return TrustedRoot.unusable(name, file, pin, TrustedRoot.State.UNREADABLE, "trusted root '" + name
                    + "' (" + file + ") cannot be read: " + e.getMessage());
        }
        String actual = PolicyLoader.sha256(bytes);
        if (!actual.equals(pin)) {
            return TrustedRoot.unusable(name, file, pin, TrustedRoot.State.MISMATCH, "trusted root '" + name
                    + "' (" + file + ") has SHA-256 " + actual + ", but the policy pins " + pin + ": the file "
                    + "changed since it was pinned; restore it, or check the new root and pin " + actual);
        }
        try {
            String content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return TrustedRoot.pinned(name, file, pin, content);
        } catch (CharacterCodingException e) {
            return TrustedRoot.unusable(name, file, pin, TrustedRoot.State.UNREADABLE, "trusted root '" + name
                    + "' (" + file + ") is not valid UTF-8");
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
            throw new IOException("it is " + size + " bytes; a trusted root has at most " + MAX_BYTES);
        }
        return Files.readAllBytes(file);
    }
}
