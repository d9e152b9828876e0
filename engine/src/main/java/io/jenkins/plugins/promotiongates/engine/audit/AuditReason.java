package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.util.List;
import java.util.Objects;

/**
 * One reason recorded with an event: the stable code, the gate that produced it and the sentence people read.
 *
 * @param code    stable reason code
 * @param gate    the rule that ran (e.g. {@code signature}, {@code window})
 * @param message what was expected and what was found
 */
public record AuditReason(ReasonCode code, String gate, String message) {
    public AuditReason {
        Objects.requireNonNull(code, "code");
        NewEvent.requireText("reason gate", gate, 256);
        NewEvent.requireText("reason message", message, 64 * 1024);
    }

    public static AuditReason of(CheckResult check) {
        return new AuditReason(check.code(), check.gate(), check.message());
    }

    /** The reasons of a decision (its failures, pending items and warnings) as audit reasons. */
    public static List<AuditReason> of(List<CheckResult> checks) {
        return checks.stream().map(AuditReason::of).toList();
    }
}
