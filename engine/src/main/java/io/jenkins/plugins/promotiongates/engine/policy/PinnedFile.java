package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file the policy pins by its SHA-256 (a trusted root, a managed key): read once, when the policy is loaded, within
 * a size bound, and compared with its pin. What the content must then be is the caller's to check.
 *
 * @param label how messages name the kind of file, e.g. "trusted root"
 * @param noun the short word in "check the new … and pin", e.g. "root"
 * @param sizeLimitName how the size error names the file, e.g. "a trusted root"
 * @param maxBytes the largest file accepted
 */
record PinnedFile(String label, String noun, String sizeLimitName, long maxBytes) {

    /** The file's bytes, or an I/O error (unreadable, or over the bound) whose message says why. */
    byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IOException("it is " + size + " bytes; " + sizeLimitName + " has at most " + maxBytes);
        }
        return Files.readAllBytes(file);
    }

    /** Why the file cannot be used as it could not be read. */
    String unreadable(String name, Path file, IOException e) {
        return label + " '" + name + "' (" + file + ") cannot be read: " + e.getMessage();
    }

    /** Why the bytes cannot be used as pinned, or null when they match the pin. */
    @CheckForNull
    String pinMismatch(String name, Path file, String pin, byte[] bytes) {
        String actual = PolicyLoader.sha256(bytes);
        return actual.equals(pin) ? null : label + " '" + name + "' (" + file + ") has SHA-256 " + actual
                + ", but the policy pins " + pin + ": the file changed since it was pinned; restore it, or check the "
                + "new " + noun + " and pin " + actual;
    }

    /** The file's SHA-256 for the "paste this" hint, or null when it cannot be read. */
    @CheckForNull
    String sha256Of(Path file) {
        try {
            return PolicyLoader.sha256(read(file));
        } catch (IOException e) {
            return null;
        }
    }
}
