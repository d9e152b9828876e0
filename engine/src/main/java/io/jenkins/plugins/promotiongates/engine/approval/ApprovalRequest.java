package io.jenkins.plugins.promotiongates.engine.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.Requester;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A promotion waiting for human approval: what it is bound to, what the policy requires and who must not approve it.
 * Carries no evidence documents; the approval page reads those from the ledger by correlation id.
 *
 * @param correlationId joins the request with its votes and the promotion in the audit trail
 * @param binding       what an approval for this request is bound to
 * @param requirement   how many approvals from which groups, and the timeout
 * @param requester     who asked for the promotion
 * @param runStarter    the user who started the run, if a user did
 * @param commitAuthors the authors of the commits being promoted, as far as the SCM tells
 * @param requestedAt   when approval was requested (from the injected clock)
 */
public record ApprovalRequest(String correlationId, ApprovalBinding binding, ApprovalRequirement requirement,
        Requester requester, @CheckForNull String runStarter, List<String> commitAuthors, Instant requestedAt) {
    public ApprovalRequest {
        Identifiers.requireSafeText("correlation id", correlationId, 128);
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(requester, "requester");
        commitAuthors = List.copyOf(commitAuthors);
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** The approval request for a promotion the gate left pending, requested now. */
    public static ApprovalRequest forPromotion(PromotionRequest promotion, String policyHash,
            ApprovalRequirement requirement, Clock clock) {
        return new ApprovalRequest(promotion.correlationId(), ApprovalBinding.of(promotion, policyHash), requirement,
                promotion.requester(), promotion.run().startedBy(), promotion.run().commitAuthors(), clock.instant());
    }

    /**
     * When the request times out: {@code requestedAt + timeout}. The request is open before this instant only; a vote
     * cast exactly at {@code expiresAt} is too late.
     */
    public Instant expiresAt() {
        return requestedAt.plus(requirement.timeout());
    }

    public String environment() {
        return binding.environment();
    }

    /** Whether the request has expired at the given time ({@code expiresAt} itself counts as expired). */
    public boolean isExpiredAt(Instant time) {
        return !time.isBefore(expiresAt());
    }
}
