package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads a trusted root file once, when its policy is loaded, and checks it against its pin. */
final class TrustedRoots {
    /** Real trusted roots are tens of kilobytes; anything this large is not one. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private static final PinnedFile FILE = new PinnedFile("trusted root", "root", "a trusted root", MAX_BYTES);

    private TrustedRoots() {
    }

    static TrustedRoot read(String name, Path file, String pin) {
        byte[] bytes;
        try {
            bytes = FILE.read(file);
        } catch (IOException e) {
            return TrustedRoot.unusable(name, file, pin, TrustedRoot.State.UNREADABLE,
                    FILE.unreadable(name, file, e));
        }
        String mismatch = FILE.pinMismatch(name, file, pin, bytes);
        if (mismatch != null) {
            return TrustedRoot.unusable(name, file, pin, TrustedRoot.State.MISMATCH, mismatch);
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
        return FILE.sha256Of(file);
    }
}
