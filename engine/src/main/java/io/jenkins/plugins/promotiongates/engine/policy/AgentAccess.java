package io.jenkins.plugins.promotiongates.engine.policy;

import java.util.Locale;

/** Whether automated agents may request promotions to an environment. */
public enum AgentAccess {
    /** Humans only (the default). */
    NEVER,
    /** Agents with a covering entitlement, and then a human approves. */
    WITH_APPROVAL,
    /** Agents with a covering entitlement. */
    ALLOWED;

    /** The spelling in the policy file: {@code never}, {@code with-approval}, {@code allowed}. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
