package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;

/**
 * One gate: a pure function of the evaluation context to exactly one {@link CheckResult} named {@link #name()}.
 * A check never writes and never reads anything but its context; a rule that is off is {@code NOT_APPLICABLE}.
 */
interface GateCheck {
    /** The gate's name, as the policy reference and every decision's checks show it. */
    String name();

    /**
     * Whether the check needs the environment's policy; when the environment is unknown such a check is not
     * evaluated (it is {@code NOT_APPLICABLE}) and {@link GateContext#env()} would fail.
     */
    default boolean needsEnvironment() {
        return true;
    }

    /** The check's result for this request. */
    CheckResult evaluate(GateContext context);
}
