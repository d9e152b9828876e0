package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.ManagedKey;

import java.util.Map;

/** A managed key's file did not match its pin when the policy was applied ({@code SIGNING_KEY_PIN_MISMATCH}). */
final class SigningKeyPinMismatchException extends PinMismatchException {
    private static final long serialVersionUID = 1L;

    SigningKeyPinMismatchException(ManagedKey key) {
        super(String.valueOf(key.problem()), Map.of("signingKey", key.keyId(), "path",
                key.publicKeyPath().toString(), "pinnedSha256", key.sha256(), "detail", String.valueOf(key.problem())));
    }

    @Override
    ReasonCode code() {
        return ReasonCode.SIGNING_KEY_PIN_MISMATCH;
    }
}
