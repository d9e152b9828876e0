package io.jenkins.plugins.promotiongates.engine.ledger;

import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.time.Instant;
import java.util.Optional;

/**
 * The read side of the ledger that policy evaluation needs: which environments a digest has already reached.
 * Evaluation stays a pure function of (policy, request, clock, this view).
 */
public interface PromotionHistory {
    /**
     * When this digest was last deployed successfully to the environment (a {@code recordDeployment} success),
     * or empty if it never was. The promotion-order and canary-soak checks read this.
     */
    Optional<Instant> lastSuccessfulDeployment(Digest digest, String environment);

    /** A history in which nothing was ever deployed. */
    static PromotionHistory empty() {
        return (digest, environment) -> Optional.empty();
    }
}
