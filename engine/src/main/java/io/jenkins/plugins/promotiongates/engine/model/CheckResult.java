package io.jenkins.plugins.promotiongates.engine.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One check of a gate and what it concluded, with a human reason and the evidence it looked at.
 *
 * @param gate     the rule that ran, as named in the policy reference (e.g. {@code signature}, {@code window})
 * @param status   what the check concluded
 * @param code     stable code to branch on; {@link ReasonCode#OK} for a pass
 * @param message  one sentence for people: what was expected and what was found
 * @param evidence the values the check looked at (expected/actual, digests, times), sorted by key
 */
public record CheckResult(String gate, CheckStatus status, ReasonCode code, String message, Map<String, String> evidence) {
    public CheckResult {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        evidence = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(evidence, "evidence")));
    }

    public static CheckResult passed(String gate, String message, Map<String, String> evidence) {
        return new CheckResult(gate, CheckStatus.PASSED, ReasonCode.OK, message, evidence);
    }

    public static CheckResult failed(String gate, ReasonCode code, String message, Map<String, String> evidence) {
        return new CheckResult(gate, CheckStatus.FAILED, code, message, evidence);
    }

    public static CheckResult pending(String gate, ReasonCode code, String message, Map<String, String> evidence) {
        return new CheckResult(gate, CheckStatus.PENDING, code, message, evidence);
    }

    public static CheckResult notApplicable(String gate, String message) {
        return new CheckResult(gate, CheckStatus.NOT_APPLICABLE, ReasonCode.OK, message, Map.of());
    }

    /** The same finding under a rule in warn mode: recorded, marked, not blocking. */
    public CheckResult inMode(RuleMode mode) {
        if (mode == RuleMode.WARN && status == CheckStatus.FAILED) {
            return new CheckResult(gate, CheckStatus.WARNED, code, "[warn mode] " + message, evidence);
        }
        return this;
    }

    public boolean isProblem() {
        return status == CheckStatus.FAILED || status == CheckStatus.PENDING || status == CheckStatus.WARNED;
    }
}
