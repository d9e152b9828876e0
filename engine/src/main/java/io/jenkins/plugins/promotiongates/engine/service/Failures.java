package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** How the service's parts turn a failure into a denial with a reason: the same words and codes everywhere. */
final class Failures {
    static final String ENVIRONMENT_UNKNOWN = "unknown";
    static final String POLICY_UNKNOWN = "none";

    private Failures() {
    }

    static CheckResult storeDown(RuntimeException e) {
        return CheckResult.failed("audit", ReasonCode.STORE_UNAVAILABLE,
                "audit store unavailable: nothing is allowed without a record (" + describe(e) + ")", Map.of());
    }

    static ReasonCode failureCodeOf(RuntimeException e) {
        if (e instanceof PinMismatchException pin) {
            return pin.code();
        }
        if (e instanceof java.io.UncheckedIOException) {
            return ReasonCode.TRUST_ROOT_UNAVAILABLE;
        }
        if (e instanceof StoreUnavailableException) {
            return ReasonCode.STORE_UNAVAILABLE;
        }
        return ReasonCode.INTERNAL_ERROR;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + Identifiers.printable(message));
    }

    static String safeCorrelationId(String correlationId) {
        try {
            return Identifiers.requireSafeText("correlation id", correlationId, 128);
        } catch (RuntimeException e) {
            return "invalid-" + UUID.nameUUIDFromBytes(String.valueOf(correlationId).getBytes(StandardCharsets.UTF_8));
        }
    }

    static String validEnvironmentOr(@CheckForNull String environment) {
        try {
            return Identifiers.requireEnvironmentName(environment);
        } catch (RuntimeException e) {
            return ENVIRONMENT_UNKNOWN;
        }
    }
}
