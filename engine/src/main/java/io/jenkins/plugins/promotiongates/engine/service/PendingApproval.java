package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

import java.time.Instant;
import java.util.List;

/**
 * A promotion waiting for people, with everything the approval page shows.
 *
 * @param request    the request with its evidence
 * @param decision   the pending decision with every automatic check
 * @param approvedBy who approved so far
 * @param required   how many distinct approvals are needed
 * @param expiresAt  when the request times out (then rejected)
 */
public record PendingApproval(PromotionRequest request, Decision decision, List<String> approvedBy, int required,
        Instant expiresAt) {
    public PendingApproval {
        approvedBy = List.copyOf(approvedBy);
    }
}
