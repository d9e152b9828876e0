package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;

/** The requested environment is defined in the policy; every check that needs it depends on this one. */
final class EnvironmentCheck implements GateCheck {
    @Override
    public String name() {
        return "environment";
    }

    @Override
    public boolean needsEnvironment() {
        return false;
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        Policy policy = context.policy();
        EnvironmentPolicy env = context.environment();
        if (env == null) {
            String requested = context.request().environment();
            return CheckResult.failed("environment", ReasonCode.UNKNOWN_ENVIRONMENT, "Environment '" + requested
                    + "' is not defined in the policy; expected one of " + policy.environmentNames() + ".",
                    ev("environment", requested, "known", String.join(", ", policy.environmentNames())));
        }
        return CheckResult.passed("environment", "Environment '" + env.name() + "' is defined (position "
                + (env.position() + 1) + " of " + policy.environmentNames().size() + ").",
                ev("environment", env.name()));
    }
}
