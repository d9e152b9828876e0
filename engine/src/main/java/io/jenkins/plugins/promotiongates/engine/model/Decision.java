package io.jenkins.plugins.promotiongates.engine.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a gate decided and why: every check with its outcome and reason. A denial is a normal value, never an
 * exception. The outcome can never be better than the worst check, and a decision without checks is a denial
 * (deny by default), which the compact constructor enforces.
 *
 * @param outcome       allow, pending (a human must decide) or deny
 * @param environment   the environment the promotion targets
 * @param correlationId joins this decision with its approvals, credential uses and deployment in the audit trail
 * @param policyHash    SHA-256 of the policy in force when deciding
 * @param decidedAt     the injected clock's time of the decision
 * @param checks        every check that ran, in evaluation order
 * @param escalation    present when a human must decide and the gate says what and why
 */
public record Decision(Outcome outcome, String environment, String correlationId, String policyHash, Instant decidedAt,
        List<CheckResult> checks, @CheckForNull Escalation escalation) {
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(policyHash, "policyHash");
        Objects.requireNonNull(decidedAt, "decidedAt");
        checks = List.copyOf(checks);
        Outcome worst = worstOf(checks);
        if (worst.isWorseThan(outcome)) {
            throw new IllegalArgumentException("Outcome " + outcome + " is better than its worst check (" + worst + ")");
        }
    }

    /** The decision that the checks imply: the worst check wins, and no checks at all means deny. */
    public static Decision fromChecks(String environment, String correlationId, String policyHash, Instant decidedAt,
            List<CheckResult> checks, @CheckForNull Escalation escalation) {
        return new Decision(worstOf(checks), environment, correlationId, policyHash, decidedAt, checks, escalation);
    }

    /** A fail-closed denial for an error that stopped evaluation (store down, unexpected exception, bad input). */
    public static Decision denied(String environment, String correlationId, String policyHash, Instant decidedAt,
            CheckResult reason) {
        return new Decision(Outcome.DENY, environment, correlationId, policyHash, decidedAt, List.of(reason), null);
    }

    private static Outcome worstOf(List<CheckResult> checks) {
        if (checks.isEmpty()) {
            return Outcome.DENY;
        }
        Outcome worst = Outcome.ALLOW;
        for (CheckResult check : checks) {
            worst = worst.worst(check.status().outcome());
        }
        return worst;
    }

    public boolean isAllowed() {
        return outcome == Outcome.ALLOW;
    }

    /** The checks that explain why this is not a plain allow: failures, pending items and warn-mode findings. */
    public List<CheckResult> reasons() {
        return checks.stream().filter(CheckResult::isProblem).toList();
    }

    public Decision withEscalation(Escalation newEscalation) {
        return new Decision(outcome, environment, correlationId, policyHash, decidedAt, checks, newEscalation);
    }
}
