package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

/**
 * Builders pre-filled from a promotion request, so that every event of a promotion carries the same join fields
 * (correlation id, environment, digests, job, run) and the entitlement it was requested under.
 */
public final class AuditEvents {
    private AuditEvents() {
    }

    /** An event about this promotion caused by its requester (e.g. PROMOTION_REQUESTED). */
    public static NewEvent.Builder byRequester(AuditEventType type, PromotionRequest request) {
        return about(type, request, request.requester().id(), ActorKind.of(request.requester()));
    }

    /** An event about this promotion caused by someone else (an approver, the gate itself as {@code system}). */
    public static NewEvent.Builder about(AuditEventType type, PromotionRequest request, String actor, ActorKind kind) {
        NewEvent.Builder builder = NewEvent.builder(type, actor, kind).correlationId(request.correlationId())
                .environment(request.environment()).run(request.run());
        for (ArtifactEvidence artifact : request.artifacts()) {
            builder.digest(artifact.artifact().digest());
        }
        EntitlementEvidence entitlement = request.entitlement();
        if (entitlement != null && entitlement.agentId() != null) {
            builder.put(PayloadKeys.ENTITLEMENT_AGENT, entitlement.agentId());
        }
        if (entitlement != null && entitlement.task() != null) {
            builder.put(PayloadKeys.ENTITLEMENT_TASK, entitlement.task());
        }
        return builder;
    }

    /**
     * The gate's DECISION for this promotion, with outcome, policy hash and reasons (failures, pending items and
     * warnings). Its actor is the requester whose request was decided, so that {@link AuditStore#countDecisionsSince}
     * counts an identity's denials. A policy hash that is not a SHA-256 (no policy loaded) is left out rather than
     * recorded wrongly.
     */
    public static NewEvent.Builder decision(PromotionRequest request, Decision decision) {
        NewEvent.Builder builder = byRequester(AuditEventType.DECISION, request)
                .outcome(decision.outcome()).reasons(AuditReason.of(decision.reasons()));
        if (decision.policyHash().matches("[0-9a-f]{64}")) {
            builder.policyHash(decision.policyHash());
        }
        return builder;
    }
}
