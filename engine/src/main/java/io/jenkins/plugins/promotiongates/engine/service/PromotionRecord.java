package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalState;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.UniqueKeys;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;

import java.util.List;
import java.util.Optional;

/**
 * A read-only snapshot of one promotion (one correlation id) as the store holds it, read once per user action: the
 * latest request and decision, how many requests and approval requests it had, and its latest approval request
 * replayed. Everything a service decides is computed from it; nothing here reads the clock.
 *
 * @param correlationId the promotion
 * @param events        its events in sequence order
 * @param request       the latest recorded request, if any
 * @param requests      how many promotion requests were recorded
 * @param decision      the latest recorded decision, if any
 * @param approval      the latest approval request, replayed from its events, if any
 */
record PromotionRecord(String correlationId, List<AuditEvent> events, @CheckForNull PromotionRequest request,
        int requests, @CheckForNull Decision decision, @CheckForNull Approval approval) {
    PromotionRecord {
        events = List.copyOf(events);
    }

    /**
     * An approval request as recorded.
     *
     * @param id             the approval id ({@link UniqueKeys#ordinal})
     * @param ordinal        its position among the promotion's approval requests (1-based)
     * @param state          the state its recorded events give (no time-out is applied here)
     * @param closedRecorded whether a closing event is recorded
     * @param finalRecorded  whether the decision answering it is recorded
     */
    record Approval(String id, int ordinal, ApprovalState state, boolean closedRecorded, boolean finalRecorded) {
    }

    Optional<Approval> latestApproval() {
        return Optional.ofNullable(approval);
    }

    /** The key of the next promotion request. */
    String nextRequestKey() {
        return UniqueKeys.request(UniqueKeys.ordinal(correlationId, requests + 1));
    }

    /** The id of the next approval request. */
    String nextApprovalId() {
        return UniqueKeys.ordinal(correlationId, approval == null ? 1 : approval.ordinal() + 1);
    }
}
