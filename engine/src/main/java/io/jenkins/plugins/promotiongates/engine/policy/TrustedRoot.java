package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A named Sigstore {@code trusted_root.json}, pinned by the SHA-256 of its content and read once, when the policy is
 * loaded (applied by an admin): the verifier is built from {@link #content()}, never from the file again, so a file
 * replaced later changes nothing until the policy is applied again, and then a content that no longer matches the pin
 * makes every gate that needs the root deny.
 *
 * @param name    the name environments refer to
 * @param path    the file, resolved relative to the policy file
 * @param sha256  the pin: SHA-256 (lower-case hex) of the file's bytes, from the policy
 * @param state   whether the content read matched the pin
 * @param content the file's content as read when the policy was loaded; only when {@link State#PINNED}
 * @param problem why the root cannot be used (names both digests for a mismatch); only when not pinned
 */
public record TrustedRoot(String name, Path path, String sha256, State state, @CheckForNull String content,
        @CheckForNull String problem) {
    /** What was found when the file was read. */
    public enum State {
        /** The content matches the pin. */
        PINNED,
        /** The file's content has another SHA-256 than the pin: it changed since the admin pinned it. */
        MISMATCH,
        /** The file could not be read. */
        UNREADABLE
    }

    public TrustedRoot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(state, "state");
    }

    /** A root whose content matched its pin. */
    static TrustedRoot pinned(String name, Path path, String sha256, String content) {
        return new TrustedRoot(name, path, sha256, State.PINNED, Objects.requireNonNull(content, "content"), null);
    }

    /** A root that cannot be used, and why. */
    static TrustedRoot unusable(String name, Path path, String sha256, State state, String problem) {
        if (state == State.PINNED) {
            throw new IllegalArgumentException("an unusable root is not pinned");
        }
        return new TrustedRoot(name, path, sha256, state, null, Objects.requireNonNull(problem, "problem"));
    }

    /** The {@code name=sha256:<hex>} form decisions record for the roots they used. */
    public String describePin() {
        return name + "=sha256:" + sha256;
    }

    @Override
    public String toString() {
        return "TrustedRoot[" + name + ", " + path + ", sha256 " + sha256 + ", " + state + "]";
    }
}
