package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.util.Map;

/**
 * A pinned trust file (a trusted root, a managed key) did not match its pin when the policy was applied: every gate
 * that needs it denies with {@link #code()} until an admin restores the file or pins the new one.
 */
abstract class PinMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, String> evidence;

    PinMismatchException(String message, Map<String, String> evidence) {
        super(message);
        this.evidence = Map.copyOf(evidence);
    }

    /** The reason code of the denial. */
    abstract ReasonCode code();

    /** What the denial records: the file's name and path, the pin and the full explanation (with the file's digest). */
    Map<String, String> evidence() {
        return evidence;
    }
}
