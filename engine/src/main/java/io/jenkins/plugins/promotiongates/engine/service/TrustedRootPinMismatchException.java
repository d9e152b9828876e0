package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.policy.TrustedRoot;

import java.util.Map;

/**
 * A trusted root's file did not match its pin when the policy was applied: every gate that needs the root denies
 * with {@link io.jenkins.plugins.promotiongates.engine.model.ReasonCode#TRUST_ROOT_PIN_MISMATCH} until an admin
 * restores the file or pins the new one.
 */
final class TrustedRootPinMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> evidence;

    TrustedRootPinMismatchException(TrustedRoot root) {
        super(root.problem());
        evidence = Map.of("trustedRoot", root.name(), "path", root.path().toString(), "pinnedSha256", root.sha256(),
                "detail", String.valueOf(root.problem()));
    }

    /** What the denial records: the root, its file, the pin and the full explanation (with the file's digest). */
    Map<String, String> evidence() {
        return evidence;
    }
}
