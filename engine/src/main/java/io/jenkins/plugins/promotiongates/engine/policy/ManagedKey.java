package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A self-managed signing key (no certificate, no OIDC issuer), pinned by the SHA-256 of its file and read once, when
 * the policy is loaded (applied by an admin), as trusted roots are: the verifier is built from {@link #pem()}, never
 * from the file again, so a key file replaced later changes nothing until the policy is applied again, and then a
 * content that no longer matches the pin makes every gate that needs the key deny.
 *
 * @param keyId         the name decisions and messages use for the key
 * @param publicKeyPath PEM public key, resolved relative to the policy file
 * @param sha256        the pin: SHA-256 (lower-case hex) of the file's bytes, from the policy
 * @param state         whether the content read matched the pin
 * @param pem           the file's content as read when the policy was loaded; only when {@link TrustedRoot.State#PINNED}
 * @param fingerprint   {@code SHA256:<hex>} of the key's DER encoding, the identity the verifier reports for a bundle
 *                      it signed; only when pinned
 * @param problem       why the key cannot be used (names both digests for a mismatch); only when not pinned
 */
public record ManagedKey(String keyId, Path publicKeyPath, String sha256, TrustedRoot.State state,
        @CheckForNull String pem, @CheckForNull String fingerprint, @CheckForNull String problem) {
    public ManagedKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKeyPath, "publicKeyPath");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(state, "state");
    }

    /** A key whose content matched its pin. */
    static ManagedKey pinned(String keyId, Path path, String sha256, String pem, String fingerprint) {
        return new ManagedKey(keyId, path, sha256, TrustedRoot.State.PINNED, Objects.requireNonNull(pem, "pem"),
                Objects.requireNonNull(fingerprint, "fingerprint"), null);
    }

    /** A key that cannot be used, and why. */
    static ManagedKey unusable(String keyId, Path path, String sha256, TrustedRoot.State state, String problem) {
        if (state == TrustedRoot.State.PINNED) {
            throw new IllegalArgumentException("an unusable key is not pinned");
        }
        return new ManagedKey(keyId, path, sha256, state, null, null, Objects.requireNonNull(problem, "problem"));
    }

    /** The {@code keyId=sha256:<hex>} form decisions record for the keys they used. */
    public String describePin() {
        return keyId + "=sha256:" + sha256;
    }

    @Override
    public String toString() {
        return "ManagedKey[" + keyId + ", " + publicKeyPath + ", sha256 " + sha256 + ", " + state + "]";
    }
}
