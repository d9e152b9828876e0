package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalBinding;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalEvent;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequest;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalState;
import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.approval.Vote;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.audit.PolicyVersion;
import io.jenkins.plugins.promotiongates.engine.audit.UniqueKeys;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads promotions and their approval requests from the audit store: one {@link AuditStore#byCorrelationId} per
 * snapshot, never a write. Votes, withdrawals, time-outs and consumptions are replayed through
 * {@link ApprovalState#replay}, so every controller sharing the store rebuilds the same state.
 */
final class ApprovalRepository {
    private final AuditStore store;
    private final EventCodec codec;

    ApprovalRepository(AuditStore store, EventCodec codec) {
        this.store = Objects.requireNonNull(store, "store");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    AuditStore store() {
        return store;
    }

    /** The policy hash recorded as in force in the (possibly shared) store, if one is. */
    Optional<String> policyInForce() {
        return store.currentPolicy().map(PolicyVersion::hash);
    }

    PromotionRecord load(String correlationId) {
        List<AuditEvent> events = store.byCorrelationId(correlationId);
        PromotionRequest request = null;
        int requests = 0;
        Decision decision = null;
        int approvals = 0;
        int approvalStart = -1;
        PromotionRequest approvalRequest = null;
        for (int i = 0; i < events.size(); i++) {
            AuditEvent event = events.get(i);
            if (event.type() == AuditEventType.PROMOTION_REQUESTED) {
                request = codec.readRequest(event);
                requests++;
            } else if (event.type() == AuditEventType.DECISION && event.payload().containsKey(EventCodec.DECISION)) {
                decision = codec.readDecision(event);
            } else if (event.type() == AuditEventType.APPROVAL_REQUESTED) {
                approvals++;
                approvalStart = i;
                approvalRequest = request;
            }
        }
        PromotionRecord.Approval approval = approvalStart < 0 ? null
                : replay(correlationId, approvals, events, approvalStart, approvalRequest);
        return new PromotionRecord(correlationId, events, request, requests, decision, approval);
    }

    private PromotionRecord.Approval replay(String correlationId, int ordinal, List<AuditEvent> events, int start,
            @CheckForNull PromotionRequest request) {
        if (request == null) {
            throw new IllegalStateException("approval request of " + correlationId + " has no recorded request");
        }
        AuditEvent requested = events.get(start);
        String id = Optional.ofNullable(requested.payload().get(AuditEventFactory.APPROVAL_ID))
                .orElse(UniqueKeys.ordinal(correlationId, ordinal));
        ApprovalRequirement requirement = new ApprovalRequirement(
                Integer.parseInt(requested.payloadValue("required")),
                Set.of(requested.payloadValue("approverGroups").split(",")),
                Boolean.parseBoolean(requested.payloadValue("distinctGroups")),
                Duration.parse(requested.payloadValue("timeout")));
        ApprovalRequest approval = new ApprovalRequest(correlationId,
                ApprovalBinding.of(request, Objects.requireNonNull(requested.policyHash())), requirement,
                request.requester(), request.run().startedBy(), request.run().commitAuthors(), requested.time());
        List<ApprovalEvent> recorded = new ArrayList<>();
        boolean closed = false;
        boolean decided = false;
        for (AuditEvent event : events.subList(start + 1, events.size())) {
            switch (event.type()) {
                case APPROVAL_GRANTED -> recorded.add(new ApprovalEvent.VoteCast(voteOf(event)));
                case APPROVAL_REJECTED -> {
                    recorded.add(new ApprovalEvent.VoteCast(voteOf(event)));
                    closed |= event.outcome() != Outcome.DENY;
                }
                case APPROVAL_WITHDRAWN -> {
                    recorded.add(new ApprovalEvent.Withdrawn(event.actor(),
                            Optional.ofNullable(event.payload().get(PayloadKeys.DETAIL)).orElse("withdrawn"),
                            event.time()));
                    closed = true;
                }
                case APPROVAL_TIMED_OUT -> {
                    recorded.add(new ApprovalEvent.TimedOut(event.time()));
                    closed = true;
                }
                case APPROVAL_COMPLETED -> closed = true;
                case APPROVAL_VOTE_DISCOUNTED -> recorded.add(new ApprovalEvent.Discounted(event.payloadValue(
                        PayloadKeys.SUBJECT), event.time()));
                case APPROVAL_CONSUMED -> recorded.add(new ApprovalEvent.Consumed(approval.binding(), event.time()));
                case DECISION -> decided |= event.outcome() == Outcome.ALLOW || event.outcome() == Outcome.DENY;
                default -> {
                }
            }
        }
        return new PromotionRecord.Approval(id, ordinal, ApprovalState.replay(approval, recorded), closed, decided);
    }

    private static Vote voteOf(AuditEvent event) {
        String groups = event.payload().getOrDefault("voterGroups", "");
        Set<String> voterGroups = groups.isEmpty() ? Set.of() : Set.of(groups.split(","));
        Approver approver = new Approver(event.actor(), voterGroups,
                Boolean.parseBoolean(event.payload().get("approvePermission")), event.actorKind() == ActorKind.AGENT);
        ApprovalBinding binding = new ApprovalBinding(Objects.requireNonNull(event.run()),
                Objects.requireNonNull(event.environment()), event.digests().stream().map(Digest::parse).toList(),
                Objects.requireNonNull(event.policyHash()));
        Vote.Verdict verdict = event.type() == AuditEventType.APPROVAL_GRANTED ? Vote.Verdict.APPROVE : Vote.Verdict.REJECT;
        return new Vote(approver, verdict, event.payload().get(PayloadKeys.COMMENT), binding, event.time());
    }
}
