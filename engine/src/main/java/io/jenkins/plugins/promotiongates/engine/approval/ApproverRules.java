package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may decide a pending request. Shared by the state machine (which refuses votes) and the pending-approval list
 * (which shows each user only what they may decide), so both always agree.
 */
public final class ApproverRules {
    static final String GATE = "approval";

    private ApproverRules() {
    }

    /**
     * Whether {@code approver} may vote on {@code request}: passed, or failed with the first rule broken, checked in
     * this order: conflict of interest (requester, run starter, commit author: {@link ReasonCode#SELF_APPROVAL_FORBIDDEN}),
     * Jenkins' SYSTEM identity, agent identity, Approve permission, approver-group membership (all {@link ReasonCode#APPROVER_NOT_AUTHORIZED}).
     */
    public static CheckResult eligibility(ApprovalRequest request, Approver approver) {
        String key = approver.key();
        String user = approver.userId();
        if (key.equals(Approver.normalize(request.requester().id()))) {
            return refuse(ReasonCode.SELF_APPROVAL_FORBIDDEN, user + " requested this promotion and may not decide it",
                    Map.of("user", user, "role", "requester"));
        }
        if (request.runStarter() != null && key.equals(Approver.normalize(request.runStarter()))) {
            return refuse(ReasonCode.SELF_APPROVAL_FORBIDDEN, user + " started run " + request.binding().runId()
                    + " and may not decide its promotion", Map.of("user", user, "role", "run starter"));
        }
        for (String author : request.commitAuthors()) {
            if (key.equals(Approver.normalize(author))) {
                return refuse(ReasonCode.SELF_APPROVAL_FORBIDDEN, user
                        + " authored commits being promoted and may not decide their promotion",
                        Map.of("user", user, "role", "commit author"));
            }
        }
        if (Requester.isSystem(user)) {
            // Jenkins' internal identity acts for no person: a vote cast as SYSTEM is never a human approval.
            return refuse(ReasonCode.APPROVER_NOT_AUTHORIZED, user + " is Jenkins' internal identity; only people "
                    + "may approve", Map.of("user", user, "system", "true"));
        }
        if (approver.agent()) {
            return refuse(ReasonCode.APPROVER_NOT_AUTHORIZED, user + " is an agent identity; only people may approve",
                    Map.of("user", user, "agent", "true"));
        }
        if (!approver.hasApprovePermission()) {
            return refuse(ReasonCode.APPROVER_NOT_AUTHORIZED, user + " lacks the Approve permission",
                    Map.of("user", user, "permission", "Approve"));
        }
        Set<String> eligible = eligibleGroups(request.requirement(), approver);
        if (eligible.isEmpty()) {
            return refuse(ReasonCode.APPROVER_NOT_AUTHORIZED, user + " is in none of the approver groups "
                    + new TreeSet<>(request.requirement().approverGroups()),
                    Map.of("user", user, "expected.groups", new TreeSet<>(request.requirement().approverGroups()).toString(),
                            "actual.groups", new TreeSet<>(approver.groups()).toString()));
        }
        return CheckResult.passed(GATE, user + " may decide as a member of " + eligible,
                Map.of("user", user, "groups", eligible.toString()));
    }

    /** The approver's groups that the requirement names (exact match), sorted. */
    public static Set<String> eligibleGroups(ApprovalRequirement requirement, Approver approver) {
        Set<String> eligible = new TreeSet<>(approver.groups());
        eligible.retainAll(requirement.approverGroups());
        return eligible;
    }

    private static CheckResult refuse(ReasonCode code, String message, Map<String, String> evidence) {
        return CheckResult.failed(GATE, code, message, evidence);
    }
}
