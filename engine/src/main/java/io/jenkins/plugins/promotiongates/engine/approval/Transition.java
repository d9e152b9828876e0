package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;

import java.util.Objects;

/**
 * The answer to a withdrawal or a consumption.
 *
 * @param state    the state afterwards (unchanged when refused, except for a time-out that was due)
 * @param accepted whether the change happened
 * @param reason   why; a failure with its reason code when refused
 */
public record Transition(ApprovalState state, boolean accepted, CheckResult reason) {
    public Transition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }
}
