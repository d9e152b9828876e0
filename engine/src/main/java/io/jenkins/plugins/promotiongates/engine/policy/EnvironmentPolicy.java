package io.jenkins.plugins.promotiongates.engine.policy;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.allowlist.Allowlist;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of one environment, compiled and validated. A condition that is absent (or {@code enabled: false})
 * is off; everything else is deny by default: no listed action, no agents, no credentials.
 */
public final class EnvironmentPolicy {
    private final String name;
    private final int position;
    private final Set<PromotionRequest.Action> actions;
    private final AgentAccess agents;
    private final Set<String> credentials;
    @CheckForNull
    private final SignatureRule signature;
    @CheckForNull
    private final ProvenanceRule provenance;
    @CheckForNull
    private final Allowlist allowlist;
    @CheckForNull
    private final WindowRule windows;
    @CheckForNull
    private final FreezeRule freezes;
    @CheckForNull
    private final OrderRule order;
    @CheckForNull
    private final TestsRule tests;
    @CheckForNull
    private final RollbackPlanRule rollbackPlan;
    @CheckForNull
    private final EscalationRule escalation;
    @CheckForNull
    private final ApprovalRequirement approvals;
    private final boolean blockUnknownCommitAuthors;

    // One parameter per policy section; only the reader builds environments.
    EnvironmentPolicy(String name, int position, Set<PromotionRequest.Action> actions, AgentAccess agents,
            Set<String> credentials, @CheckForNull SignatureRule signature, @CheckForNull ProvenanceRule provenance,
            @CheckForNull Allowlist allowlist, @CheckForNull WindowRule windows, @CheckForNull FreezeRule freezes,
            @CheckForNull OrderRule order, @CheckForNull TestsRule tests, @CheckForNull RollbackPlanRule rollbackPlan,
            @CheckForNull EscalationRule escalation, @CheckForNull ApprovalRequirement approvals,
            boolean blockUnknownCommitAuthors) {
        this.name = name;
        this.position = position;
        this.actions = actions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(actions));
        this.agents = agents;
        this.credentials = Set.copyOf(credentials);
        this.signature = signature;
        this.provenance = provenance;
        this.allowlist = allowlist;
        this.windows = windows;
        this.freezes = freezes;
        this.order = order;
        this.tests = tests;
        this.rollbackPlan = rollbackPlan;
        this.escalation = escalation;
        this.approvals = approvals;
        this.blockUnknownCommitAuthors = blockUnknownCommitAuthors;
    }

    public String name() {
        return name;
    }

    /** Index in the promotion order, 0 for the first environment. */
    public int position() {
        return position;
    }

    /** The actions the policy explicitly allows here; anything else is denied. */
    public Set<PromotionRequest.Action> actions() {
        return actions;
    }

    public boolean allows(PromotionRequest.Action action) {
        return actions.contains(action);
    }

    public AgentAccess agents() {
        return agents;
    }

    /** Credential ids bound to this environment. */
    public Set<String> credentials() {
        return credentials;
    }

    public Optional<SignatureRule> signature() {
        return Optional.ofNullable(signature);
    }

    public Optional<ProvenanceRule> provenance() {
        return Optional.ofNullable(provenance);
    }

    public Optional<Allowlist> allowlist() {
        return Optional.ofNullable(allowlist);
    }

    public Optional<WindowRule> windows() {
        return Optional.ofNullable(windows);
    }

    public Optional<FreezeRule> freezes() {
        return Optional.ofNullable(freezes);
    }

    public Optional<OrderRule> order() {
        return Optional.ofNullable(order);
    }

    public Optional<TestsRule> tests() {
        return Optional.ofNullable(tests);
    }

    public Optional<RollbackPlanRule> rollbackPlan() {
        return Optional.ofNullable(rollbackPlan);
    }

    public Optional<EscalationRule> escalation() {
        return Optional.ofNullable(escalation);
    }

    /** What human approval this environment needs, if any (the approval engine counts the votes). */
    public Optional<ApprovalRequirement> approvals() {
        return Optional.ofNullable(approvals);
    }

    /**
     * {@code approvals.unknownCommitAuthors}: whether a request whose commit authors are unknown is denied
     * ({@code block}, the default where approvals are required) rather than left to the approvers with a warning
     * ({@code allow}).
     */
    public boolean blocksUnknownCommitAuthors() {
        return blockUnknownCommitAuthors;
    }

    @Override
    public String toString() {
        return "EnvironmentPolicy[" + name + "]";
    }
}
