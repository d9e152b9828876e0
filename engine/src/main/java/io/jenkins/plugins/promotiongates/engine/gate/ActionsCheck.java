package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.actionName;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;

/** Whether the environment lists the requested action (promote or rollback). */
final class ActionsCheck implements GateCheck {
    @Override
    public String name() {
        return "actions";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return action(context.env(), context.request());
    }

    private static CheckResult action(EnvironmentPolicy env, PromotionRequest request) {
        String action = actionName(request.action());
        if (env.allows(request.action())) {
            return CheckResult.passed("actions", "The policy allows " + action + " in " + env.name() + ".",
                    ev("action", action));
        }
        String allowed = env.actions().isEmpty() ? "no actions"
                : "only " + env.actions().stream().map(Checks::actionName).sorted().toList();
        return CheckResult.failed("actions", ReasonCode.NO_RULE_ALLOWS, "No rule allows " + action + " in "
                + env.name() + ": expected an action the environment lists, but it allows " + allowed + ".",
                ev("action", action, "allowed", env.actions().stream().map(Checks::actionName).sorted()
                        .toList().toString()));
    }
}
