package io.jenkins.plugins.promotiongates.engine.entitlement;

import io.jenkins.plugins.promotiongates.engine.model.RepositoryNames;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether a checked entitlement covers what is asked: the environment, the action and the repository must each be
 * listed. Pure functions; the policy evaluator decides where and in which mode to apply them.
 *
 * <p>Environments and actions match exactly. A repository entry matches the job's repository when it equals the
 * repository's last path segments after normalisation (scheme, user, {@code .git} and trailing slashes dropped,
 * lower case): {@code docs-site} matches {@code https://github.com/acme/docs-site.git}, and so does
 * {@code acme/docs-site}; brokers that want to pin the host list {@code github.com/acme/docs-site}. An unknown job
 * repository never matches (fail closed).
 */
public final class EntitlementScope {
    /** The gate name that scope results carry. */
    public static final String GATE = "entitlement";

    private EntitlementScope() {
    }

    /**
     * Checks a request against its own entitlement: the requester must be the agent it was issued to, and the
     * target environment, the action ({@code promote} or {@code rollback}) and the job's repository must be covered.
     * A request without an entitlement fails with {@link ReasonCode#ENTITLEMENT_MISSING}.
     */
    public static CheckResult check(PromotionRequest request) {
        EntitlementEvidence entitlement = request.entitlement();
        if (entitlement == null) {
            return CheckResult.failed(GATE, ReasonCode.ENTITLEMENT_MISSING, "Requester '" + request.requester().id()
                    + "' presented no entitlement", Map.of("requester", request.requester().id()));
        }
        if (entitlement.valid() && !request.requester().id().equals(entitlement.agentId())) {
            return CheckResult.failed(GATE, ReasonCode.ENTITLEMENT_OUT_OF_SCOPE, "The entitlement was issued to agent '"
                    + entitlement.agentId() + "' but presented by '" + request.requester().id() + "'",
                    Map.of("requester", request.requester().id(), "entitlement.agent_id", entitlement.agentId()));
        }
        return check(entitlement, request.environment(), request.action().name().toLowerCase(Locale.ROOT),
                request.run().repository());
    }

    /**
     * Checks one entitlement against an environment, an action and the job's repository (null when unknown, which
     * fails). An invalid entitlement fails with its own reason code.
     */
    public static CheckResult check(EntitlementEvidence entitlement, String environment, String action,
            @CheckForNull String repository) {
        if (!entitlement.valid()) {
            return CheckResult.failed(GATE, entitlement.failure(), "The entitlement is not valid: "
                    + entitlement.detail(), Map.of("entitlement.failure", entitlement.failure().name()));
        }
        Map<String, String> evidence = new TreeMap<>();
        evidence.put("entitlement.agent_id", String.valueOf(entitlement.agentId()));
        evidence.put("entitlement.environments", String.join(",", entitlement.environments()));
        evidence.put("entitlement.actions", String.join(",", entitlement.actions()));
        evidence.put("entitlement.repos", String.join(",", entitlement.repositories()));
        evidence.put("requested.environment", environment);
        evidence.put("requested.action", action);
        evidence.put("requested.repository", repository == null ? "(unknown)" : repository);

        List<String> outside = new ArrayList<>();
        if (!entitlement.environments().contains(environment)) {
            outside.add("environment '" + environment + "' is not in " + entitlement.environments());
        }
        if (!entitlement.actions().contains(action)) {
            outside.add("action '" + action + "' is not in " + entitlement.actions());
        }
        if (repository == null) {
            outside.add("the job's repository is unknown, so it cannot be matched against "
                    + entitlement.repositories());
        } else if (entitlement.repositories().stream().noneMatch(entry -> repositoryMatches(entry, repository))) {
            outside.add("repository '" + repository + "' is not in " + entitlement.repositories());
        }
        if (!outside.isEmpty()) {
            return CheckResult.failed(GATE, ReasonCode.ENTITLEMENT_OUT_OF_SCOPE, "Outside the entitlement of agent '"
                    + entitlement.agentId() + "' (task '" + entitlement.task() + "'): " + String.join("; ", outside),
                    evidence);
        }
        return CheckResult.passed(GATE, "Agent '" + entitlement.agentId() + "' is entitled to " + action + " "
                + repository + " to " + environment, evidence);
    }

    /** Whether an entitlement's repository entry names the given repository (see the class comment). */
    public static boolean repositoryMatches(String entry, String repository) {
        String wanted = normalize(entry);
        String actual = normalize(repository);
        if (wanted.isEmpty() || actual.isEmpty()) {
            return false;
        }
        return actual.equals(wanted) || actual.endsWith("/" + wanted);
    }

    /** The shared repository rule, compared case-insensitively (entitlements are written by hand). */
    private static String normalize(String repository) {
        return RepositoryNames.normalize(repository).toLowerCase(Locale.ROOT);
    }
}
