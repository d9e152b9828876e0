package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.FreezeRule;
import io.jenkins.plugins.promotiongates.engine.window.Freeze;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.describe;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.mode;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.putRequirement;

/** No freeze is active now, or the requested freeze exception goes to its approvers. */
final class FreezesCheck implements GateCheck {
    @Override
    public String name() {
        return "freezes";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return freezes(context.env(), context.request(), context.now());
    }

    private static CheckResult freezes(EnvironmentPolicy env, PromotionRequest request, Instant now) {
        Optional<FreezeRule> configured = env.freezes();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("freezes", "No freezes are configured for " + env.name() + ".");
        }
        FreezeRule rule = configured.get();
        Freeze freeze = rule.calendar().activeAt(now);
        if (freeze == null) {
            return CheckResult.passed("freezes", "No freeze of " + env.name() + " is active.", Map.of());
        }
        Map<String, String> evidence = ev("now", now.toString(), "freeze.from", freeze.from().toString(),
                "freeze.to", freeze.to().toString(), "freeze.timeZone", freeze.zone().getId(), "freeze.reason",
                freeze.reason(), "exceptionRequested", String.valueOf(request.freezeExceptionRequested()));
        ApprovalRequirement exception = rule.exception();
        String frozen = env.name() + " is frozen from " + freeze.from() + " to " + freeze.to() + " "
                + freeze.zone().getId() + " (" + freeze.reason() + ")";
        if (exception == null) {
            return mode(CheckResult.failed("freezes", ReasonCode.FREEZE_ACTIVE, frozen + ", and this freeze has no "
                    + "exception route.", evidence), rule.mode());
        }
        putRequirement(evidence, "exception.", exception);
        if (request.freezeExceptionRequested()) {
            return mode(CheckResult.pending("freezes", ReasonCode.FREEZE_EXCEPTION_NEEDS_APPROVAL, frozen
                    + "; the requested exception needs " + describe(exception) + ".", evidence), rule.mode());
        }
        return mode(CheckResult.failed("freezes", ReasonCode.FREEZE_ACTIVE, frozen + "; request the freeze "
                + "exception to ask for " + describe(exception) + ".", evidence), rule.mode());
    }
}
