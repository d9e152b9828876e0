package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.describe;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.putRequirement;

/** The environment's human approval rule: pending until approvers decide, or denied if authors are unknown and that blocks. */
final class ApprovalsCheck implements GateCheck {
    @Override
    public String name() {
        return "approvals";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return approvals(context.env(), context.request());
    }

    private static CheckResult approvals(EnvironmentPolicy env, PromotionRequest request) {
        Optional<ApprovalRequirement> configured = env.approvals();
        if (configured.isEmpty()) {
            return CheckResult.notApplicable("approvals", "No human approval is required for " + env.name() + ".");
        }
        ApprovalRequirement requirement = configured.get();
        Map<String, String> evidence = new TreeMap<>();
        putRequirement(evidence, "", requirement);
        evidence.put("requester", request.requester().id());
        evidence.put("commitAuthors", String.join(",", new TreeSet<>(request.run().commitAuthors())));
        evidence.put("commitAuthors.known", Boolean.toString(request.run().commitAuthorsKnown()));
        if (!request.run().commitAuthorsKnown()) {
            String unknown = "the commit authors of " + request.run().id() + " could not be determined, so an "
                    + "author approving their own change cannot be excluded";
            if (env.blocksUnknownCommitAuthors()) {
                return CheckResult.failed("approvals", ReasonCode.COMMIT_AUTHORS_UNKNOWN, env.name() + " needs "
                        + describe(requirement) + ", but " + unknown + " (approvals.unknownCommitAuthors: block).",
                        evidence);
            }
            return CheckResult.pending("approvals", ReasonCode.APPROVAL_REQUIRED, env.name() + " needs "
                    + describe(requirement) + "; the requester can never approve. Warning: " + unknown
                    + " (approvals.unknownCommitAuthors: allow).", evidence);
        }
        return CheckResult.pending("approvals", ReasonCode.APPROVAL_REQUIRED, env.name() + " needs "
                + describe(requirement) + "; the requester and the commit authors can never approve.", evidence);
    }
}
