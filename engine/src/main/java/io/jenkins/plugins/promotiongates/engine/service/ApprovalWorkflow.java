package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalBinding;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequest;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalState;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalStatus;
import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory;
import io.jenkins.plugins.promotiongates.engine.approval.ApproverRules;
import io.jenkins.plugins.promotiongates.engine.approval.Transition;
import io.jenkins.plugins.promotiongates.engine.approval.Vote;
import io.jenkins.plugins.promotiongates.engine.approval.VoteResult;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.audit.StalePolicyException;
import io.jenkins.plugins.promotiongates.engine.audit.UniqueKeys;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Votes, withdrawals, time-outs and policy changes of pending approvals: the state machine of docs/state-machine.md.
 * Every action reads one snapshot ({@link ApprovalRepository#load}), computes its events from it without writing,
 * and appends them in one {@link io.jenkins.plugins.promotiongates.engine.audit.AuditStore#appendAllUnique}: each
 * once-only change carries its {@link UniqueKeys} key, so two controllers acting at once on one store produce one
 * outcome; the loser reads the new snapshot and answers from it. Queries compute a due time-out or a stale policy
 * from the clock and the store and never write; whoever acts first records it.
 */
final class ApprovalWorkflow {
    private static final Logger LOGGER = Logger.getLogger(ApprovalWorkflow.class.getName());
    /** Attempts when another writer took a key or changed the policy between our read and our write. */
    static final int MAX_ATTEMPTS = 5;
    /** The gate check that asks for the environment's approvals (GateEvaluator). */
    private static final String APPROVALS_GATE = "approvals";

    private final ApprovalRepository repository;
    private final AuditEventFactory events;
    private final PolicyProvider policies;
    private final ApproverDirectory directory;
    private final Clock clock;

    ApprovalWorkflow(ApprovalRepository repository, AuditEventFactory events, PolicyProvider policies,
            ApproverDirectory directory, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.policies = policies;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Where a promotion stands at a given time, and what has to be recorded for the record to say so.
     *
     * @param decision the decision now (null: no decision recorded)
     * @param events   the events that record it if they are not recorded yet (a due time-out, a withdrawal for a
     *                 changed policy, the answer to an approval whose answer is missing); empty when nothing is due
     * @param open     whether its approval request is still open for votes
     * @param refusal  why a vote now is refused, when the request is being closed by these events
     * @param state    the approval as these events leave it, while it is open (votes discounted included); null
     *                 when it is closed or there is none
     */
    record Settlement(@CheckForNull Decision decision, List<NewEvent> events, boolean open,
            @CheckForNull CheckResult refusal, @CheckForNull ApprovalState state) {
        Settlement {
            events = List.copyOf(events);
        }

        Settlement(@CheckForNull Decision decision, List<NewEvent> events, boolean open,
                @CheckForNull CheckResult refusal) {
            this(decision, events, open, refusal, null);
        }

        /** The same settlement, with events that come first in its write. */
        Settlement after(List<NewEvent> preceding) {
            List<NewEvent> all = new ArrayList<>(preceding);
            all.addAll(events);
            return new Settlement(decision, all, open, refusal, state);
        }
    }

    /** The policy hash every controller on the store follows: the store's, else this controller's. */
    Optional<String> policyInForce() {
        Optional<String> recorded = repository.policyInForce();
        if (recorded.isPresent()) {
            return recorded;
        }
        try {
            return Optional.of(policies.current().hash());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    Settlement settle(PromotionRecord record, Instant now, Optional<String> inForce) {
        Decision recorded = record.decision();
        PromotionRecord.Approval approval = record.approval();
        if (recorded == null || approval == null || recorded.outcome() != Outcome.PENDING) {
            return new Settlement(recorded, List.of(), false, null);
        }
        ApprovalState state = approval.state();
        ApprovalRequest request = state.request();
        if (state.status() == ApprovalStatus.PENDING) {
            String bound = request.binding().policyHash();
            if (inForce.isPresent() && !inForce.get().equals(bound)) {
                return withdrawnForPolicy(approval, recorded, inForce.get(), now);
            }
            ApprovalState due = state.timeOutIfDue(Clock.fixed(now, ZoneOffset.UTC));
            if (due.status() == ApprovalStatus.TIMED_OUT) {
                return close(approval, due, recorded, now, due.check());
            }
            return new Settlement(recorded, List.of(), true, null, state);
        }
        if (state.status() == ApprovalStatus.APPROVED) {
            // Approved but not used yet (a record from before one write per action): used now, its voters judged
            // in the write that consumes it; one who no longer qualifies is discounted and may reopen the request.
            List<NewEvent> discounted = new ArrayList<>();
            ApprovalState judged = judgeVoters(approval, state, now, discounted);
            if (judged.status() != ApprovalStatus.APPROVED) {
                return new Settlement(recorded, discounted, true, null, judged);
            }
            Transition consumed = judged.consume(request.binding(), Clock.fixed(now, ZoneOffset.UTC));
            return close(approval, consumed.accepted() ? consumed.state() : judged, recorded, now,
                    consumed.accepted() ? judged.check() : consumed.reason()).after(discounted);
        }
        return close(approval, state, recorded, now, state.check());
    }

    /** The events closing an approval in its final state, with the decision that answers it. */
    private Settlement close(PromotionRecord.Approval approval, ApprovalState closed, Decision pending, Instant now,
            CheckResult answer) {
        ApprovalRequest request = closed.request();
        Decision decision = Decision.fromChecks(pending.environment(), pending.correlationId(), pending.policyHash(),
                now, resolvePending(pending, answer), pending.escalation());
        List<NewEvent> batch = new ArrayList<>(3);
        if (!approval.closedRecorded()) {
            AuditEventType type = switch (closed.status()) {
                case TIMED_OUT -> AuditEventType.APPROVAL_TIMED_OUT;
                case WITHDRAWN -> AuditEventType.APPROVAL_WITHDRAWN;
                default -> AuditEventType.APPROVAL_COMPLETED;
            };
            if (closed.status() != ApprovalStatus.REJECTED) {
                batch.add(events.aboutApproval(type, AuditEventFactory.SERVICE_ACTOR, ActorKind.SYSTEM, request)
                        .outcome(decision.outcome()).reasons(AuditReason.of(decision.reasons()))
                        .uniqueKey(UniqueKeys.approvalClosed(approval.id())).build());
            }
        }
        if (closed.status() == ApprovalStatus.CONSUMED && approval.state().status() != ApprovalStatus.CONSUMED) {
            batch.add(consumedEvent(approval, closed));
        }
        if (!approval.finalRecorded()) {
            batch.add(events.finalDecision(request, decision, UniqueKeys.finalDecision(approval.id())));
        }
        CheckResult refusal = closed.status() == ApprovalStatus.TIMED_OUT ? answer : null;
        return new Settlement(decision, batch, false, refusal);
    }

    private NewEvent consumedEvent(PromotionRecord.Approval approval, ApprovalState state) {
        ApprovalRequest request = state.request();
        return events.aboutApproval(AuditEventType.APPROVAL_CONSUMED, AuditEventFactory.SERVICE_ACTOR,
                        ActorKind.SYSTEM, request)
                .run(request.binding().runId()).policyHash(request.binding().policyHash())
                .put("approvedBy", String.join(",", state.approvedBy()))
                .uniqueKey(UniqueKeys.approvalConsumed(approval.id())).build();
    }

    /**
     * The policy changed while the request waited: it is withdrawn with {@link ReasonCode#POLICY_STALE} and its
     * decision recorded under the policy now in force, so the requester gates again under the new rules.
     */
    private Settlement withdrawnForPolicy(PromotionRecord.Approval approval, Decision pending, String inForce,
            Instant now) {
        ApprovalRequest request = approval.state().request();
        String bound = request.binding().policyHash();
        CheckResult stale = CheckResult.failed("approval", ReasonCode.POLICY_STALE, "the policy changed from "
                + bound + " to " + inForce + " while this promotion waited for approval; the request is withdrawn:"
                + " run the gate again to be judged by the policy in force",
                Map.of("expected.policyHash", bound, "actual.policyHash", inForce));
        List<CheckResult> checks = new ArrayList<>();
        for (CheckResult check : pending.checks()) {
            if (check.status() != CheckStatus.PENDING) {
                checks.add(check);
            }
        }
        checks.add(stale);
        Decision decision = Decision.fromChecks(pending.environment(), pending.correlationId(), inForce, now, checks,
                pending.escalation());
        NewEvent withdrawn = events.aboutApproval(AuditEventType.APPROVAL_WITHDRAWN, AuditEventFactory.SERVICE_ACTOR,
                        ActorKind.SYSTEM, request)
                .reason(AuditReason.of(stale)).put(PayloadKeys.DETAIL, "policy changed to " + inForce)
                .uniqueKey(UniqueKeys.approvalClosed(approval.id())).build();
        return new Settlement(decision, List.of(withdrawn,
                events.finalDecision(request, decision, UniqueKeys.finalDecision(approval.id()))), false, stale);
    }

    /** A new request for the same run and environment replaces an open one: withdrawn, votes do not carry over. */
    List<NewEvent> supersede(PromotionRecord record, Settlement open, String actor, Instant now) {
        PromotionRecord.Approval approval = Objects.requireNonNull(record.approval());
        Transition withdrawn = Objects.requireNonNull(open.state()).withdraw(actor, "superseded by a new request",
                Clock.fixed(now, ZoneOffset.UTC));
        Decision pending = Objects.requireNonNull(record.decision());
        Decision decision = Decision.fromChecks(pending.environment(), pending.correlationId(), pending.policyHash(),
                now, resolvePending(pending, withdrawn.reason()), pending.escalation());
        ApprovalRequest request = approval.state().request();
        return List.of(events.aboutApproval(AuditEventType.APPROVAL_WITHDRAWN, actor, ActorKind.SYSTEM, request)
                        .put(PayloadKeys.DETAIL, "superseded by a new request")
                        .uniqueKey(UniqueKeys.approvalClosed(approval.id())).build(),
                events.finalDecision(request, decision, UniqueKeys.finalDecision(approval.id())));
    }

    // ------------------------------------------------------------------------------------------------ actions

    ApprovalResult decide(ApprovalVote vote) {
        String correlationId = vote.correlationId();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<ApprovalResult> result = tryDecide(vote);
                if (result.isPresent()) {
                    return result.get();
                }
            }
            return storeDownResult(vote, new IllegalStateException("the approval kept changing under this vote"));
        } catch (IllegalArgumentException e) {
            CheckResult reason = CheckResult.failed("approval", ReasonCode.INVALID_REQUEST,
                    "invalid vote: " + e.getMessage(), Map.of());
            recordInvalidVote(vote, reason);
            return new ApprovalResult(false, reason, currentDecision(correlationId).orElse(Decision.denied(
                    environmentOr(vote.environment()), correlationId, Failures.POLICY_UNKNOWN, clock.instant(),
                    reason)));
        } catch (RuntimeException e) {
            return storeDownResult(vote, e);
        }
    }

    /** One attempt: empty when another writer got in between (read again). */
    private Optional<ApprovalResult> tryDecide(ApprovalVote vote) {
        String correlationId = vote.correlationId();
        PromotionRecord record = repository.load(correlationId);
        PromotionRecord.Approval approval = record.approval();
        if (approval == null || record.decision() == null) {
            CheckResult reason = CheckResult.failed("approval", ReasonCode.APPROVAL_BINDING_MISMATCH,
                    "no approval was requested for " + Identifiers.printable(correlationId), Map.of());
            return Optional.of(new ApprovalResult(false, reason, Optional.ofNullable(record.decision()).orElse(
                    Decision.denied(environmentOr(vote.environment()), correlationId, Failures.POLICY_UNKNOWN,
                            clock.instant(), reason))));
        }
        Instant now = clock.instant();
        Approver approver = new Approver(vote.voter(), vote.voterGroups(), vote.hasApprovePermission(),
                vote.voterIsAgent());
        ApprovalBinding shown = new ApprovalBinding(vote.runId(), vote.environment(), vote.digests(),
                vote.policyHash());
        Vote cast = vote.verdict() == ApprovalVote.Verdict.APPROVE ? Vote.approve(approver, shown, now)
                : new Vote(approver, Vote.Verdict.REJECT, vote.comment(), shown, now);
        Settlement settled = settle(record, now, policyInForce());
        if (!settled.open()) {
            CheckResult refusal = settled.refusal() != null ? settled.refusal()
                    : approval.state().apply(cast).reason();
            if (!refusal.isProblem()) {
                refusal = approval.state().check();
            }
            List<NewEvent> batch = new ArrayList<>();
            batch.add(events.vote(vote, refusal, false, null));
            batch.addAll(settled.events());
            return write(batch) ? Optional.of(new ApprovalResult(false, refusal, settled.decision())) : Optional.empty();
        }
        VoteResult result = Objects.requireNonNull(settled.state()).apply(cast);
        List<NewEvent> batch = new ArrayList<>(settled.events());
        if (!result.counted()) {
            batch.add(events.vote(vote, result.reason(), false, null));
            return write(batch)
                    ? Optional.of(new ApprovalResult(false, result.reason(), settled.decision())) : Optional.empty();
        }
        ApprovalState state = result.state();
        boolean reject = vote.verdict() == ApprovalVote.Verdict.REJECT;
        batch.add(events.vote(vote, result.reason(), true, reject ? UniqueKeys.approvalClosed(approval.id())
                : UniqueKeys.vote(approval.id(), vote.voter())));
        if (state.status() == ApprovalStatus.APPROVED) {
            state = judgeVoters(approval, state, now, batch);
        }
        Decision decision = settled.decision();
        if (state.status() == ApprovalStatus.APPROVED) {
            Transition consumed = state.consume(state.request().binding(), Clock.fixed(now, ZoneOffset.UTC));
            Settlement closed = close(approval, consumed.accepted() ? consumed.state() : state, settled.decision(),
                    now, consumed.accepted() ? state.check() : consumed.reason());
            batch.addAll(closed.events());
            decision = closed.decision();
        } else if (state.status() == ApprovalStatus.REJECTED) {
            Settlement closed = close(approval, state, settled.decision(), now, state.check());
            batch.addAll(closed.events());
            decision = closed.decision();
        }
        return write(batch) ? Optional.of(new ApprovalResult(true, result.reason(), decision)) : Optional.empty();
    }

    /**
     * The quorum is reached: every counted approval is judged again by who its voter is now (groups, Approve
     * permission, conflicts of interest). A vote that no longer qualifies is discounted, recorded with the reason,
     * and the request stays pending if the quorum is then missed.
     */
    private ApprovalState judgeVoters(PromotionRecord.Approval approval, ApprovalState approved, Instant now,
            List<NewEvent> batch) {
        ApprovalState state = approved;
        for (Vote counted : approved.approvals()) {
            Optional<Approver> current = directory.current(counted.approver(), approved.request().binding().job());
            CheckResult judged = current.map(a -> ApproverRules.eligibility(approved.request(), a))
                    .orElseGet(() -> CheckResult.failed("approval", ReasonCode.APPROVER_NOT_AUTHORIZED,
                            counted.approver().userId() + " is no longer known to the security realm",
                            Map.of("user", counted.approver().userId())));
            if (judged.isProblem()) {
                state = state.discount(counted.approver().userId(), now);
                batch.add(events.aboutApproval(AuditEventType.APPROVAL_VOTE_DISCOUNTED,
                                AuditEventFactory.SERVICE_ACTOR, ActorKind.SYSTEM, approved.request())
                        .outcome(Outcome.DENY).reason(AuditReason.of(judged))
                        .put(PayloadKeys.SUBJECT, counted.approver().userId())
                        .uniqueKey(UniqueKeys.voteDiscounted(approval.id(), counted.approver().userId())).build());
            }
        }
        return state;
    }

    Decision withdraw(String correlationId, String actor, String reason) {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                PromotionRecord record = repository.load(correlationId);
                Instant now = clock.instant();
                Settlement settled = settle(record, now, policyInForce());
                if (settled.decision() == null) {
                    return Decision.denied(Failures.ENVIRONMENT_UNKNOWN, correlationId, Failures.POLICY_UNKNOWN, now,
                            CheckResult.failed("approval", ReasonCode.APPROVAL_WITHDRAWN, "withdrawn: " + reason,
                                    Map.of()));
                }
                if (!settled.open()) {
                    if (write(settled.events())) {
                        return settled.decision();
                    }
                    continue;
                }
                PromotionRecord.Approval approval = Objects.requireNonNull(record.approval());
                Transition withdrawn = Objects.requireNonNull(settled.state()).withdraw(actor, reason,
                        Clock.fixed(now, ZoneOffset.UTC));
                if (!withdrawn.accepted()) {
                    return settled.decision();
                }
                Decision pending = Objects.requireNonNull(record.decision());
                Decision decision = Decision.fromChecks(pending.environment(), correlationId, pending.policyHash(),
                        now, resolvePending(pending, withdrawn.state().check()), pending.escalation());
                ApprovalRequest request = approval.state().request();
                List<NewEvent> batch = new ArrayList<>(settled.events());
                batch.add(events.aboutApproval(AuditEventType.APPROVAL_WITHDRAWN, actor, ActorKind.HUMAN, request)
                        .put(PayloadKeys.DETAIL, reason)
                        .uniqueKey(UniqueKeys.approvalClosed(approval.id())).build());
                batch.add(events.finalDecision(request, decision, UniqueKeys.finalDecision(approval.id())));
                if (write(batch)) {
                    return decision;
                }
            }
            throw new IllegalStateException("the approval kept changing under this withdrawal");
        } catch (RuntimeException e) {
            return Decision.denied(Failures.ENVIRONMENT_UNKNOWN, correlationId, Failures.POLICY_UNKNOWN,
                    clock.instant(), Failures.storeDown(e));
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    /** The decision now, a due time-out or a changed policy included; never writes. */
    Optional<Decision> currentDecision(String correlationId) {
        return Optional.ofNullable(settle(repository.load(correlationId), clock.instant(), policyInForce()).decision());
    }

    List<PendingApproval> pendingApprovals() {
        List<PendingApproval> pending = new ArrayList<>();
        Optional<String> inForce = policyInForce();
        Instant now = clock.instant();
        for (String correlationId : repository.store().pendingApprovalCorrelationIds()) {
            PromotionRecord record = repository.load(correlationId);
            Settlement settled = settle(record, now, inForce);
            PromotionRequest request = record.request();
            ApprovalState state = settled.state();
            if (settled.open() && request != null && state != null) {
                pending.add(new PendingApproval(request, settled.decision(), state.approvedBy(),
                        state.request().requirement().required(), state.request().expiresAt()));
            }
        }
        pending.sort(Comparator.comparing((PendingApproval p) -> p.decision().decidedAt()).reversed());
        return pending;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Appends one action's events atomically: true once durable, false when another writer took one of its keys or
     * changed the policy first (the caller reads again and decides anew). Store failures propagate.
     */
    boolean write(List<NewEvent> batch) {
        if (batch.isEmpty()) {
            return true;
        }
        try {
            repository.store().appendAllUnique(batch);
            return true;
        } catch (DuplicateEventException | StalePolicyException e) {
            LOGGER.log(Level.FINE, "Another writer got in first; reading again", e);
            return false;
        }
    }

    /**
     * Every item that waited for a human is answered by the approval's outcome. A granted approval answers the
     * pending check of the {@link #APPROVALS_GATE} gate itself (the people's verdict is said once, on that check);
     * only where no such check waited (an escalation or a freeze exception alone) is the verdict added as its own
     * check. A refusal replaces the pending items with the one failed approval check.
     */
    static List<CheckResult> resolvePending(Decision pending, CheckResult approval) {
        List<CheckResult> checks = new ArrayList<>();
        boolean answered = false;
        for (CheckResult check : pending.checks()) {
            if (check.status() != CheckStatus.PENDING) {
                checks.add(check);
            } else if (approval.status() == CheckStatus.PASSED) {
                Map<String, String> evidence = new LinkedHashMap<>(check.evidence());
                evidence.putAll(approval.evidence());
                checks.add(CheckResult.passed(check.gate(), check.message() + " — decided by people: "
                        + approval.message(), evidence));
                answered |= APPROVALS_GATE.equals(check.gate());
            }
        }
        if (!answered) {
            checks.add(approval);
        }
        return checks;
    }

    private ApprovalResult storeDownResult(ApprovalVote vote, RuntimeException e) {
        LOGGER.log(Level.WARNING, "Recording a vote failed for " + vote.correlationId(), e);
        CheckResult reason = Failures.storeDown(e);
        Decision current;
        try {
            current = currentDecision(vote.correlationId()).orElse(null);
        } catch (RuntimeException unreadable) {
            current = null;
        }
        return new ApprovalResult(false, reason, current != null ? current : Decision.denied(
                environmentOr(vote.environment()), vote.correlationId(), Failures.POLICY_UNKNOWN, clock.instant(),
                reason));
    }

    /**
     * A malformed vote (control characters, oversized or malformed binding) is evidence of tampering, but recording it
     * as a vote would break the approval's replay; it becomes an anomaly signal about the voter instead.
     */
    private void recordInvalidVote(ApprovalVote vote, CheckResult reason) {
        try {
            repository.store().append(NewEvent.builder(AuditEventType.ANOMALY_SIGNAL, AuditEventFactory.SERVICE_ACTOR,
                            ActorKind.SYSTEM)
                    .correlationId(Failures.safeCorrelationId(vote.correlationId()))
                    .reason(AuditReason.of(reason))
                    .put(PayloadKeys.SUBJECT, "user:" + Identifiers.printable(vote.voter()))
                    .put(PayloadKeys.SIGNAL, "INVALID_VOTE")
                    .put(PayloadKeys.DETAIL, Identifiers.printable(reason.message())).build());
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Recording an invalid vote failed", e);
        }
    }

    private static String environmentOr(@CheckForNull String environment) {
        return Failures.validEnvironmentOr(environment);
    }
}
