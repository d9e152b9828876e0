package io.jenkins.plugins.promotiongates.engine.gate;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything the gate checks may read for one request, fixed before the first check runs: the policy and the
 * requested environment's part of it, the request, the promotion history, the quarantine state of the request's
 * identities and the evaluation time.
 *
 * @param policy      the policy in force
 * @param environment the requested environment's policy, or null when the policy does not define it
 * @param request     the request with its verified evidence
 * @param history     the deployments so far (read by the order check)
 * @param quarantines the quarantines of the requester and the job, read once before evaluating
 * @param now         the evaluation time, from the injected clock
 */
record GateContext(Policy policy, @CheckForNull EnvironmentPolicy environment, PromotionRequest request,
        PromotionHistory history, QuarantineState quarantines, Instant now) {
    GateContext {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(quarantines, "quarantines");
        Objects.requireNonNull(now, "now");
    }

    /** The environment's policy, for checks that {@linkplain GateCheck#needsEnvironment() need it}. */
    EnvironmentPolicy env() {
        return Objects.requireNonNull(environment, "the environment is unknown");
    }
}
