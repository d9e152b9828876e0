package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.anomaly.Identity;
import io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.gate.GateEvaluator;
import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine service: a thin facade over its parts, each small and with one responsibility — the promotion gate
 * ({@link PromotionGate}), the approval workflow over an approval repository ({@link ApprovalWorkflow},
 * {@link ApprovalRepository}), the credential authorizer, break-glass and reviews ({@link BreakGlassDesk}), the
 * deployment recorder and the anomaly monitor; {@link AuditEventFactory} builds their events. All state lives in the
 * audit store: a restarted controller, or another controller on a shared PostgreSQL store, reads the same state,
 * and each user action is one atomic write whose once-only changes carry unique keys (docs/state-machine.md).
 *
 * <p>Fail closed everywhere: an exception while verifying or evaluating becomes a DENY with {@code INTERNAL_ERROR};
 * a store that cannot record turns any outcome into a DENY with {@code STORE_UNAVAILABLE}, because nothing is
 * allowed without a record.
 */
public final class DefaultPromotionService implements PromotionService {
    private final PolicyProvider policies;
    private final ApprovalRepository repository;
    private final ApprovalWorkflow approvals;
    private final PromotionGate gate;
    private final BreakGlassDesk breakGlass;
    private final CredentialAuthorizer credentials;
    private final DeploymentRecorder deployments;
    private final AnomalyMonitor anomalies;

    /** A service that judges each approver as they were when they voted ({@link ApproverDirectory#asVoted()}). */
    public DefaultPromotionService(PolicyProvider policies, AuditStore store, Clock clock) {
        this(policies, store, clock, ApproverDirectory.asVoted());
    }

    /**
     * @param directory who is an approver when a vote is used: counted votes are judged again when the quorum is
     *                  reached, and a voter no longer in the approver groups or without the Approve permission no
     *                  longer counts
     */
    public DefaultPromotionService(PolicyProvider policies, AuditStore store, Clock clock,
            ApproverDirectory directory) {
        this.policies = Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        AuditEventFactory events = new AuditEventFactory();
        this.repository = new ApprovalRepository(store, events.codec());
        this.approvals = new ApprovalWorkflow(repository, events, policies, Objects.requireNonNull(directory,
                "directory"), clock);
        this.anomalies = new AnomalyMonitor(store, events.codec(), clock);
        this.gate = new PromotionGate(policies, repository, approvals, events, anomalies, clock);
        this.breakGlass = new BreakGlassDesk(policies, repository, approvals, gate, clock);
        this.credentials = new CredentialAuthorizer(policies, repository, approvals, clock);
        this.deployments = new DeploymentRecorder(repository, approvals, clock);
    }

    @Override
    public Decision requestPromotion(PromotionSubmission submission) {
        return gate.request(Objects.requireNonNull(submission, "submission"));
    }

    /** Evaluates without recording anything: the {@code policy explain} trace. */
    public Decision explain(PromotionSubmission submission) {
        return gate.explain(submission);
    }

    /** Re-evaluates a recorded request under another policy with the history as it was then (shadow mode). */
    public static Decision reevaluate(Policy policy, PromotionRequest request, Clock at, PromotionHistory history) {
        return new GateEvaluator(at).evaluate(policy, request, history);
    }

    @Override
    public ApprovalResult decide(ApprovalVote vote) {
        return approvals.decide(Objects.requireNonNull(vote, "vote"));
    }

    /** The decision now; a due time-out or a policy changed while pending is computed, never written here. */
    @Override
    public Optional<Decision> currentDecision(String correlationId) {
        return approvals.currentDecision(correlationId);
    }

    @Override
    public Decision withdraw(String correlationId, String actor, String reason) {
        return approvals.withdraw(correlationId, actor, reason);
    }

    @Override
    public List<PendingApproval> pendingApprovals() {
        return approvals.pendingApprovals();
    }

    /** The request as recorded for a promotion (the latest one), e.g. for the approval page's evidence. */
    public Optional<PromotionRequest> recordedRequest(String correlationId) {
        return Optional.ofNullable(repository.load(correlationId).request());
    }

    @Override
    public CredentialDecision authorizeCredential(CredentialRequest request) {
        return credentials.authorize(request);
    }

    @Override
    public void recordDeployment(DeploymentReport report) {
        deployments.record(report);
    }

    @Override
    public Decision breakGlass(BreakGlassSubmission submission) {
        return breakGlass.breakGlass(submission);
    }

    @Override
    public List<String> openReviews() {
        return breakGlass.openReviews();
    }

    @Override
    public boolean closeReview(String correlationId, String closer, String note) {
        return breakGlass.closeReview(correlationId, closer, note);
    }

    @Override
    public Map<String, Instant> deployments(Digest digest) {
        Map<String, Instant> passed = new LinkedHashMap<>();
        for (String environment : policies.current().environmentNames()) {
            repository.store().lastSuccessfulDeployment(digest, environment).ifPresent(at -> passed.put(environment, at));
        }
        return passed;
    }

    @Override
    public boolean liftQuarantine(String identity, String admin, String reason) {
        return anomalies.liftQuarantine(identity, admin, reason);
    }

    /** What the anomaly detector holds about an identity after reading the whole store (for tests and status). */
    Optional<String> anomalyCounts(Identity identity) {
        return anomalies.counts(policies.current(), identity);
    }
}
