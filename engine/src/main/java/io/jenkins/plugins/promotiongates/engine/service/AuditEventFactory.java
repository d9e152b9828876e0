package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequest;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

import java.util.TreeSet;

/**
 * Builds every event the service records, so that the payload keys a store, a replay or an export reads are written
 * in one place. Building never writes: callers collect the events of one user action and append them together.
 */
final class AuditEventFactory {
    /** The actor of events the engine itself causes (closing an approval, a timeout, an anomaly signal). */
    static final String SERVICE_ACTOR = "promotion-gates";
    /** Payload key of the approval id ({@link io.jenkins.plugins.promotiongates.engine.audit.UniqueKeys#ordinal}). */
    static final String APPROVAL_ID = "approvalId";

    private final EventCodec codec = new EventCodec();

    EventCodec codec() {
        return codec;
    }

    /** An event about a promotion request, by its requester, joined by its correlation id. */
    NewEvent.Builder about(AuditEventType type, PromotionRequest request, @CheckForNull String policyHash) {
        NewEvent.Builder builder = NewEvent.builder(type, request.requester().id(), ActorKind.of(request.requester()))
                .correlationId(request.correlationId()).environment(request.environment()).run(request.run())
                .policyHash(policyHash);
        request.artifacts().forEach(a -> builder.digest(a.artifact().digest()));
        EntitlementEvidence entitlement = request.entitlement();
        if (entitlement != null && entitlement.agentId() != null) {
            builder.put(PayloadKeys.ENTITLEMENT_AGENT, entitlement.agentId());
            if (entitlement.task() != null) {
                builder.put(PayloadKeys.ENTITLEMENT_TASK, entitlement.task());
            }
        }
        return builder;
    }

    NewEvent requested(PromotionRequest request, String policyHash, String requestKey) {
        return about(AuditEventType.PROMOTION_REQUESTED, request, policyHash)
                .put(EventCodec.REQUEST, codec.write(request)).put(EventCodec.VERSION, EventCodec.CURRENT)
                .uniqueKey(requestKey).build();
    }

    /** The gate's decision, by the requester (anomaly counts read it so). */
    NewEvent gateDecision(PromotionRequest request, Decision decision) {
        return about(AuditEventType.DECISION, request, decision.policyHash())
                .outcome(decision.outcome())
                .reasons(AuditReason.of(decision.reasons()))
                .put(EventCodec.DECISION, codec.write(decision)).put(EventCodec.VERSION, EventCodec.CURRENT)
                .build();
    }

    NewEvent escalation(PromotionRequest request, Decision decision) {
        return about(AuditEventType.ESCALATION, request, decision.policyHash())
                .put(PayloadKeys.DETAIL, decision.escalation().decisionNeeded())
                .put("escalation", codec.write(decision.escalation())).build();
    }

    NewEvent approvalRequested(PromotionRequest request, ApprovalRequest approval, String approvalId, String key) {
        return about(AuditEventType.APPROVAL_REQUESTED, request, approval.binding().policyHash())
                .put(PayloadKeys.EXPIRES_AT, approval.expiresAt().toString())
                .put("required", Integer.toString(approval.requirement().required()))
                .put("approverGroups", String.join(",", new TreeSet<>(approval.requirement().approverGroups())))
                .put("distinctGroups", Boolean.toString(approval.requirement().distinctGroups()))
                .put("timeout", approval.requirement().timeout().toString())
                .put(APPROVAL_ID, approvalId)
                .uniqueKey(key)
                .build();
    }

    /** A vote as cast: the binding the voter was shown, not the request's, so that a replay refuses it again. */
    NewEvent vote(ApprovalVote vote, CheckResult reason, boolean counted, @CheckForNull String key) {
        boolean approve = vote.verdict() == ApprovalVote.Verdict.APPROVE;
        NewEvent.Builder builder = NewEvent.builder(
                approve ? AuditEventType.APPROVAL_GRANTED : AuditEventType.APPROVAL_REJECTED,
                vote.voter(), vote.voterIsAgent() ? ActorKind.AGENT : ActorKind.HUMAN)
                .correlationId(vote.correlationId()).environment(vote.environment())
                .digests(vote.digests())
                .run(vote.runId())
                .policyHash(vote.policyHash())
                .reason(AuditReason.of(reason))
                .outcome(counted ? Outcome.ALLOW : Outcome.DENY)
                .put("voterGroups", String.join(",", new TreeSet<>(vote.voterGroups())))
                .put("approvePermission", Boolean.toString(vote.hasApprovePermission()))
                .uniqueKey(key);
        if (vote.comment() != null && !vote.comment().isBlank()) {
            builder.put(PayloadKeys.COMMENT, vote.comment());
        }
        return builder.build();
    }

    /** An event the engine records about an approval request (closing, consumption, discounted vote). */
    NewEvent.Builder aboutApproval(AuditEventType type, String actor, ActorKind kind, ApprovalRequest approval) {
        return NewEvent.builder(type, actor, kind)
                .correlationId(approval.correlationId()).environment(approval.environment())
                .digests(approval.binding().digests());
    }

    /** The decision that answers an approval request, recorded once. */
    NewEvent finalDecision(ApprovalRequest approval, Decision decision, String key) {
        return NewEvent.builder(AuditEventType.DECISION, SERVICE_ACTOR, ActorKind.SYSTEM)
                .correlationId(decision.correlationId()).environment(decision.environment())
                .digests(approval.binding().digests()).run(approval.binding().runId())
                .policyHash(decision.policyHash()).outcome(decision.outcome())
                .reasons(AuditReason.of(decision.reasons()))
                .put(EventCodec.DECISION, codec.write(decision)).put(EventCodec.VERSION, EventCodec.CURRENT)
                .uniqueKey(key).build();
    }
}
