package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.RepositoryNames;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.policy.AgentAccess;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;

import java.util.List;
import java.util.Map;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.actionName;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.ev;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.put;

/**
 * Agent rules: whether agents may request promotions here, and whether the agent's entitlement covers this
 * environment, action and repository. People pass; Jenkins' SYSTEM identity is never a person.
 */
final class AgentsCheck implements GateCheck {
    @Override
    public String name() {
        return "agents";
    }

    @Override
    public CheckResult evaluate(GateContext context) {
        return agents(context.env(), context.request());
    }

    private static CheckResult agents(EnvironmentPolicy env, PromotionRequest request) {
        if (!request.requester().isAgent()) {
            if (Requester.isSystem(request.requester().id())) {
                // SYSTEM is what Jenkins runs unattended work as: never a person, whatever the caller says.
                return CheckResult.failed("agents", ReasonCode.REQUESTER_NOT_A_PERSON, "The requester "
                        + request.requester().id() + " is Jenkins' internal identity, not a person; a run nobody "
                        + "started is automated and agent rules apply (" + env.name() + ": agents "
                        + env.agents().policyName() + ").", ev("requester", request.requester().id(),
                        "requester.source", request.requester().source().name()));
            }
            return CheckResult.notApplicable("agents", "The requester " + request.requester().id()
                    + " is a person (" + request.requester().source().name() + "); agent rules do not apply.");
        }
        String agent = request.requester().id();
        if (env.agents() == AgentAccess.NEVER) {
            return CheckResult.failed("agents", ReasonCode.AGENTS_NOT_ALLOWED, "Agent " + agent + " may not request "
                    + "promotions to " + env.name() + ": the policy allows humans only there.",
                    ev("agent", agent, "agents", env.agents().policyName()));
        }
        EntitlementEvidence entitlement = request.entitlement();
        if (entitlement == null) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_MISSING, "missing evidence: agent " + agent
                    + " presented no entitlement, and agents need one to promote to " + env.name() + ".",
                    ev("agent", agent, "missing", "entitlement"));
        }
        if (!entitlement.valid()) {
            return CheckResult.failed("agents", entitlement.failure(), "The entitlement of agent " + agent
                    + " is not valid: " + entitlement.detail(), ev("agent", agent, "detail", entitlement.detail()));
        }
        Map<String, String> evidence = ev("agent", agent, "entitlement.agentId", entitlement.agentId(),
                "entitlement.task", entitlement.task(), "entitlement.environments",
                entitlement.environments().toString(), "entitlement.actions", entitlement.actions().toString(),
                "entitlement.repositories", entitlement.repositories().toString(), "entitlement.issuer",
                entitlement.issuer(), "entitlement.expiresAt", String.valueOf(entitlement.expiresAt()));
        if (entitlement.agentId() != null && !entitlement.agentId().equals(agent)) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_INVALID, "The entitlement was issued to "
                    + entitlement.agentId() + ", but the requester is " + agent + ".", evidence);
        }
        if (!entitlement.environments().contains(env.name())) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_OUT_OF_SCOPE, "The entitlement of agent "
                    + agent + " covers environments " + entitlement.environments() + ", not " + env.name() + ".",
                    evidence);
        }
        String action = actionName(request.action());
        if (!entitlement.actions().contains(action)) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_OUT_OF_SCOPE, "The entitlement of agent "
                    + agent + " allows actions " + entitlement.actions() + ", not " + action + ".", evidence);
        }
        String repository = request.run().repository();
        if (repository == null) {
            return CheckResult.failed("agents", ReasonCode.MISSING_EVIDENCE, "missing evidence: the run names no "
                    + "source repository, so the entitlement's repositories " + entitlement.repositories()
                    + " cannot be checked.", evidence);
        }
        if (!coversRepository(entitlement.repositories(), repository)) {
            return CheckResult.failed("agents", ReasonCode.ENTITLEMENT_OUT_OF_SCOPE, "The entitlement of agent "
                    + agent + " covers repositories " + entitlement.repositories() + ", not "
                    + RepositoryNames.normalize(repository) + ".", put(evidence, "repository", repository));
        }
        if (env.agents() == AgentAccess.WITH_APPROVAL) {
            return CheckResult.pending("agents", ReasonCode.APPROVAL_REQUIRED, "Agent " + agent + " is entitled to "
                    + action + " in " + env.name() + ", and the policy requires a human to approve agent requests "
                    + "there.", evidence);
        }
        return CheckResult.passed("agents", "Agent " + agent + " is entitled to " + action + " in " + env.name()
                + " for task '" + entitlement.task() + "'.", evidence);
    }

    private static boolean coversRepository(List<String> entitled, String repository) {
        String normalized = RepositoryNames.normalize(repository);
        for (String candidate : entitled) {
            if (RepositoryNames.normalize(candidate).equals(normalized)) {
                return true;
            }
        }
        return false;
    }
}
