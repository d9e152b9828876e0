package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.RollbackPlanRule;

import java.util.Optional;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.missing;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.mode;

/** A rollback plan was given where the environment requires one. */
final class RollbackPlanCheck implements GateCheck {
    @Override
    public String name() {
        return "rollbackPlan";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return rollbackPlan(context.env(), context.request());
    }

    private static CheckResult rollbackPlan(EnvironmentPolicy env, PromotionRequest request) {
        Optional<RollbackPlanRule> configured = env.rollbackPlan();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("rollbackPlan", "No rollback plan is required for " + env.name() + ".");
        }
        String plan = request.rollbackPlan();
        if (plan == null || plan.isBlank()) {
            return mode(missing("rollbackPlan", "no rollback plan was given, but " + env.name() + " requires one",
                    ev("missing", "rollbackPlan")), configured.get().mode());
        }
        return CheckResult.passed("rollbackPlan", "A rollback plan was given: " + plan + ".", ev("rollbackPlan",
                plan));
    }
}
