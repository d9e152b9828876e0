package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.TrustedRoot;

import java.util.Map;

/** A trusted root's file did not match its pin when the policy was applied ({@code TRUST_ROOT_PIN_MISMATCH}). */
final class TrustedRootPinMismatchException extends PinMismatchException {
    private static final long serialVersionUID = 1L;

    TrustedRootPinMismatchException(TrustedRoot root) {
        super(String.valueOf(root.problem()), Map.of("trustedRoot", root.name(), "path", root.path().toString(),
                "pinnedSha256", root.sha256(), "detail", String.valueOf(root.problem())));
    }

    @Override
    ReasonCode code() {
        return ReasonCode.TRUST_ROOT_PIN_MISMATCH;
    }
}
