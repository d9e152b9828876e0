package io.jenkins.plugins.promotiongates.engine.entitlement;

import io.jenkins.plugins.promotiongates.engine.model.Identifiers;

import java.time.Duration;
import java.util.List;

/**
 * What a broker grants one agent for one task; {@link EntitlementMinter} signs it.
 *
 * @param agentId      the agent's id, as it will request promotions
 * @param task         the one task the entitlement serves
 * @param repositories repositories it may act on
 * @param actions      actions it may perform, e.g. {@code promote}
 * @param environments environments it may promote to; empty means none
 * @param ttl          lifetime in whole minutes (short: minutes, not days)
 */
public record EntitlementClaims(String agentId, String task, List<String> repositories, List<String> actions,
        List<String> environments, Duration ttl) {
    public EntitlementClaims {
        Identifiers.requireSafeText("agent id", agentId, 256);
        Identifiers.requireSafeText("task", task, 1024);
        repositories = List.copyOf(repositories);
        actions = List.copyOf(actions);
        environments = List.copyOf(environments);
        environments.forEach(Identifiers::requireEnvironmentName);
        if (ttl.toMinutes() < 1 || !ttl.equals(Duration.ofMinutes(ttl.toMinutes()))) {
            throw new IllegalArgumentException("ttl must be a positive number of whole minutes, got " + ttl);
        }
    }
}
