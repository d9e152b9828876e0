package io.jenkins.plugins.promotiongates.engine.service;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.anomaly.AnomalyDetector;
import io.jenkins.plugins.promotiongates.engine.anomaly.AnomalySignal;
import io.jenkins.plugins.promotiongates.engine.anomaly.AnomalyThresholds;
import io.jenkins.plugins.promotiongates.engine.anomaly.GateObservation;
import io.jenkins.plugins.promotiongates.engine.anomaly.Identity;
import io.jenkins.plugins.promotiongates.engine.anomaly.IdentityKind;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalBinding;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalEvent;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequest;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalState;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalStatus;
import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.approval.BreakGlass;
import io.jenkins.plugins.promotiongates.engine.approval.BreakGlassRequest;
import io.jenkins.plugins.promotiongates.engine.approval.BreakGlassResult;
import io.jenkins.plugins.promotiongates.engine.approval.Transition;
import io.jenkins.plugins.promotiongates.engine.approval.Vote;
import io.jenkins.plugins.promotiongates.engine.approval.VoteResult;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.audit.StalePolicyException;
import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementVerifier;
import io.jenkins.plugins.promotiongates.engine.escalation.EscalationBuilder;
import io.jenkins.plugins.promotiongates.engine.gate.GateEvaluator;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ProvenanceEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.SignatureRule;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationResult;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine service: verify → evaluate → record. Pending approvals live in the audit store (votes are events), so a
 * restarted controller, or another controller on a shared PostgreSQL store, rebuilds the same state by replaying them.
 *
 * <p>Fail closed everywhere: an exception while verifying or evaluating becomes a DENY with
 * {@link ReasonCode#INTERNAL_ERROR}; a store that cannot record turns any outcome into a DENY with
 * {@link ReasonCode#STORE_UNAVAILABLE}, because nothing is allowed without a record.
 */
public final class DefaultPromotionService implements PromotionService {
    private static final Logger LOGGER = Logger.getLogger(DefaultPromotionService.class.getName());
    private static final String SERVICE_ACTOR = "promotion-gates";
    private static final String ENVIRONMENT_UNKNOWN = "unknown";
    private static final String POLICY_UNKNOWN = "none";
    private static final int MAX_ARTIFACTS = 1000;

    private final PolicyProvider policies;
    private final AuditStore store;
    private final Clock clock;
    private final GateEvaluator evaluator;
    private final EscalationBuilder escalations = new EscalationBuilder();
    private final VerifierCache verifiers = new VerifierCache();
    private final EventCodec codec = new EventCodec();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile AnomalyState anomalies;

    /** The detector and the thresholds it was built with; rebuilt when a new policy changes them. */
    private record AnomalyState(AnomalyThresholds thresholds, AnomalyDetector detector) {
    }

    public DefaultPromotionService(PolicyProvider policies, AuditStore store, Clock clock) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.evaluator = new GateEvaluator(clock);
    }

    // ------------------------------------------------------------------------------------------------ promotion

    @Override
    public Decision requestPromotion(PromotionSubmission submission) {
        Objects.requireNonNull(submission, "submission");
        Instant now = clock.instant();
        String correlationId = safeCorrelationId(submission.correlationId());
        Policy policy;
        try {
            policy = policies.current();
        } catch (RuntimeException e) {
            return recordFailure(submission, correlationId, POLICY_UNKNOWN,
                    CheckResult.failed("policy", ReasonCode.POLICY_INVALID,
                            "no valid policy is in force, so nothing can be promoted: " + e.getMessage(), Map.of()));
        }
        if (!submission.refusals().isEmpty()) {
            // The caller refused part of the evidence (a symlinked artifact, a glob matching nothing): a denial
            // with the caller's reasons, recorded like any other, and nothing is evaluated.
            return recordFailure(submission, correlationId, policy.hash(), submission.refusals());
        }
        PromotionRequest request;
        try {
            request = buildRequest(policy, submission, correlationId);
        } catch (IllegalArgumentException e) {
            return recordFailure(submission, correlationId, policy.hash(),
                    CheckResult.failed("request", ReasonCode.INVALID_REQUEST, "invalid request: " + e.getMessage(),
                            Map.of()));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Verification failed unexpectedly for " + correlationId, e);
            return recordFailure(submission, correlationId, policy.hash(),
                    CheckResult.failed("verification", failureCodeOf(e),
                            "verification could not complete: " + describe(e), Map.of()));
        }
        Decision decision;
        try {
            decision = evaluate(policy, request);
        } catch (StoreUnavailableException e) {
            return Decision.denied(request.environment(), correlationId, policy.hash(), now, storeDown(e));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Policy evaluation failed unexpectedly for " + correlationId, e);
            decision = Decision.denied(request.environment(), correlationId, policy.hash(), now,
                    CheckResult.failed("evaluation", ReasonCode.INTERNAL_ERROR,
                            "the gate could not evaluate the policy: " + describe(e), Map.of()));
        }
        return record(policy, request, decision);
    }

    /** Evaluates without recording anything: the {@code policy explain} trace. */
    public Decision explain(PromotionSubmission submission) {
        Instant now = clock.instant();
        String correlationId = safeCorrelationId(submission.correlationId());
        try {
            Policy policy = policies.current();
            return evaluate(policy, buildRequest(policy, submission, correlationId));
        } catch (IllegalArgumentException e) {
            return Decision.denied(ENVIRONMENT_UNKNOWN, correlationId, POLICY_UNKNOWN, now,
                    CheckResult.failed("request", ReasonCode.INVALID_REQUEST, "invalid request: " + e.getMessage(),
                            Map.of()));
        } catch (RuntimeException e) {
            return Decision.denied(ENVIRONMENT_UNKNOWN, correlationId, POLICY_UNKNOWN, now,
                    CheckResult.failed("evaluation", failureCodeOf(e), describe(e), Map.of()));
        }
    }

    /** Re-evaluates a recorded request under another policy with the history as it was then (shadow mode). */
    public static Decision reevaluate(Policy policy, PromotionRequest request, Clock at,
            io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory history) {
        return new GateEvaluator(at).evaluate(policy, request, history);
    }

    private Decision evaluate(Policy policy, PromotionRequest request) {
        Decision decision = evaluator.evaluate(policy, request, store);
        List<CheckResult> quarantine = quarantineChecks(request);
        if (!quarantine.isEmpty()) {
            List<CheckResult> checks = new ArrayList<>(quarantine);
            checks.addAll(decision.checks());
            decision = Decision.fromChecks(decision.environment(), decision.correlationId(), decision.policyHash(),
                    decision.decidedAt(), checks, decision.escalation());
        }
        if (decision.outcome() == Outcome.PENDING) {
            decision = escalations.attachTo(request, decision);
        }
        return decision;
    }

    private List<CheckResult> quarantineChecks(PromotionRequest request) {
        List<CheckResult> checks = new ArrayList<>();
        for (Identity identity : List.of(Identity.of(request.requester()), Identity.of(request.run()))) {
            store.activeQuarantine(identity.toString()).ifPresent(event -> checks.add(CheckResult.failed("quarantine",
                    ReasonCode.IDENTITY_QUARANTINED, identity + " is quarantined since " + event.time() + " ("
                            + event.payloadValue(PayloadKeys.DETAIL) + "); an admin must lift the quarantine",
                    Map.of("identity", identity.toString(), "quarantinedSince", event.time().toString()))));
        }
        return checks;
    }

    private PromotionRequest buildRequest(Policy policy, PromotionSubmission submission, String correlationId) {
        PromotionRequest.Builder builder = PromotionRequest.builder(correlationId,
                Identifiers.requireEnvironmentName(submission.environment()), submission.requester(), submission.run())
                .action(submission.action())
                .tests(submission.tests())
                .rollbackPlan(submission.rollbackPlan())
                .freezeExceptionRequested(submission.freezeExceptionRequested())
                .changedPaths(submission.changedPaths());
        if (submission.artifacts().size() > MAX_ARTIFACTS) {
            throw new IllegalArgumentException(submission.artifacts().size() + " artifacts in one promotion; at most "
                    + MAX_ARTIFACTS);
        }
        Optional<EnvironmentPolicy> environment = policy.environment(submission.environment());
        Optional<SignatureRule> rule = environment.flatMap(EnvironmentPolicy::signature);
        for (SubmittedArtifact artifact : submission.artifacts()) {
            builder.artifact(rule.isPresent() ? verify(policy, environment.get(), rule.get(), artifact)
                    : new ArtifactEvidence(artifact.artifact(), null, null));
        }
        if (submission.entitlementToken() != null) {
            builder.entitlement(new EntitlementVerifier(policy.entitlements(), clock).verify(submission.entitlementToken()));
        } else if (submission.requester().isAgent()) {
            builder.entitlement(EntitlementEvidence.invalid(ReasonCode.ENTITLEMENT_MISSING,
                    "agent " + submission.requester().id() + " presented no entitlement"));
        }
        return builder.build();
    }

    /** Verifies one artifact against every identity alternative the environment accepts; the first that verifies wins. */
    private ArtifactEvidence verify(Policy policy, EnvironmentPolicy environment, SignatureRule rule,
            SubmittedArtifact submitted) {
        ArtifactRef artifact = submitted.artifact();
        if (submitted.bundleJson() == null) {
            return new ArtifactEvidence(artifact, null, null);
        }
        VerifierCache.EnvironmentVerification verification = verifiers.forEnvironment(policy, environment, rule);
        VerificationResult first = null;
        for (int identity = 0; identity < verification.identities().size(); identity++) {
            VerificationResult result = verification.verify(artifact, submitted.bundleJson(),
                    submitted.provenanceJson(), identity);
            if (result.signature().verified()) {
                return new ArtifactEvidence(artifact, result.signature(), result.provenance());
            }
            if (first == null) {
                first = result;
            }
        }
        if (first == null) {
            return new ArtifactEvidence(artifact, SignatureEvidence.failed(ReasonCode.POLICY_INVALID,
                    "the signature rule names no identity or key"), null);
        }
        ProvenanceEvidence provenance = first.provenance();
        return new ArtifactEvidence(artifact, first.signature(), provenance);
    }

    private Decision record(Policy policy, PromotionRequest request, Decision evaluated) {
        Decision decision = evaluated;
        String correlationId = request.correlationId();
        synchronized (lockFor(correlationId)) {
            try {
                // One atomic, durable batch (one fsync or transaction instead of one per event): the request, its
                // decision and what follows from it are recorded together or not at all.
                List<NewEvent> events = new ArrayList<>(5);
                withdrawEarlierRequest(correlationId, request.requester().id()).ifPresent(events::add);
                events.add(event(AuditEventType.PROMOTION_REQUESTED, request, policy.hash())
                        .put(EventCodec.REQUEST, codec.write(request)).build());
                Optional<ApprovalRequirement> requirement = Optional.empty();
                if (decision.outcome() == Outcome.PENDING) {
                    requirement = approvalRequirementFor(policy, request.environment(), decision);
                    if (requirement.isEmpty()) {
                        decision = withExtraCheck(decision, CheckResult.failed("approval", ReasonCode.ESCALATION_REQUIRED,
                                "a human must decide, but the policy names no approver group for "
                                        + request.environment() + " (approvals) or for break-glass", Map.of()));
                    }
                }
                events.add(decisionEvent(request, decision));
                if (decision.escalation() != null) {
                    events.add(event(AuditEventType.ESCALATION, request, policy.hash())
                            .put(PayloadKeys.DETAIL, decision.escalation().decisionNeeded())
                            .put("escalation", codec.write(decision.escalation())).build());
                }
                if (decision.outcome() == Outcome.PENDING) {
                    ApprovalRequest approval = new ApprovalRequest(correlationId,
                            ApprovalBinding.of(request, policy.hash()), requirement.orElseThrow(), request.requester(),
                            request.run().startedBy(), request.run().commitAuthors(), clock.instant());
                    events.add(event(AuditEventType.APPROVAL_REQUESTED, request, policy.hash())
                            .put(PayloadKeys.EXPIRES_AT, approval.expiresAt().toString())
                            .put("required", Integer.toString(approval.requirement().required()))
                            .put("approverGroups", String.join(",", new TreeSet<>(approval.requirement().approverGroups())))
                            .put("distinctGroups", Boolean.toString(approval.requirement().distinctGroups()))
                            .put("timeout", approval.requirement().timeout().toString())
                            .build());
                }
                store.appendAll(events);
            } catch (StalePolicyException e) {
                return Decision.denied(request.environment(), correlationId, policy.hash(), clock.instant(),
                        CheckResult.failed("policy", ReasonCode.POLICY_STALE, "this controller decided with policy "
                                + e.getDecidedHash() + " but " + e.getCurrentHash()
                                + " is in force in the shared store; reload the policy", Map.of()));
            } catch (StoreUnavailableException e) {
                return Decision.denied(request.environment(), correlationId, policy.hash(), clock.instant(), storeDown(e));
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Recording the decision failed for " + correlationId, e);
                return Decision.denied(request.environment(), correlationId, policy.hash(), clock.instant(),
                        CheckResult.failed("audit", ReasonCode.STORE_UNAVAILABLE,
                                "audit store unavailable: the decision could not be recorded (" + describe(e) + ")",
                                Map.of()));
            }
        }
        observeAnomalies(policy, request, decision);
        return decision;
    }

    /**
     * A repeated gate for the same run and environment replaces an open approval request: votes never carry over.
     * Returns the withdrawal event to record with the new request.
     */
    private Optional<NewEvent> withdrawEarlierRequest(String correlationId, String actor) {
        Optional<ApprovalState> open = loadApproval(correlationId);
        if (open.isPresent() && open.get().status() == ApprovalStatus.PENDING) {
            Transition withdrawn = open.get().withdraw(actor, "superseded by a new request", clock);
            if (withdrawn.accepted()) {
                return Optional.of(NewEvent.builder(AuditEventType.APPROVAL_WITHDRAWN, actor, ActorKind.SYSTEM)
                        .correlationId(correlationId).environment(open.get().request().environment())
                        .digests(open.get().request().binding().digests())
                        .put(PayloadKeys.DETAIL, "superseded by a new request").build());
            }
        }
        return Optional.empty();
    }

    private Decision recordFailure(PromotionSubmission submission, String correlationId, String policyHash,
            CheckResult reason) {
        return recordFailure(submission, correlationId, policyHash, List.of(reason));
    }

    private Decision recordFailure(PromotionSubmission submission, String correlationId, String policyHash,
            List<CheckResult> reasons) {
        String environment = validEnvironmentOr(submission.environment());
        Decision decision = Decision.fromChecks(environment, correlationId, policyHash, clock.instant(), reasons, null);
        try {
            NewEvent.Builder builder = NewEvent.builder(AuditEventType.DECISION, Identifiers.printable(submission.requester().id()),
                    ActorKind.of(submission.requester()))
                    .correlationId(correlationId).run(submission.run())
                    .outcome(Outcome.DENY).reasons(reasons.stream().map(AuditReason::of).toList())
                    .put(EventCodec.DECISION, codec.write(decision))
                    .put("requestedEnvironment", Identifiers.printable(submission.environment()));
            if (!ENVIRONMENT_UNKNOWN.equals(environment)) {
                builder.environment(environment);
            }
            // A flood of artifacts is recorded as a count: the denial must not bloat the audit trail.
            if (submission.artifacts().size() <= MAX_ARTIFACTS) {
                submission.artifacts().forEach(artifact -> builder.digest(artifact.artifact().digest()));
            }
            builder.put("artifactCount", Integer.toString(submission.artifacts().size()));
            append(builder.build());
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Recording a denial failed for " + correlationId, e);
        }
        return decision;
    }

    // ------------------------------------------------------------------------------------------------ approvals

    @Override
    public ApprovalResult decide(ApprovalVote vote) {
        Objects.requireNonNull(vote, "vote");
        String correlationId = vote.correlationId();
        synchronized (lockFor(correlationId)) {
            try {
                Optional<ApprovalState> loaded = loadApproval(correlationId);
                if (loaded.isEmpty()) {
                    CheckResult reason = CheckResult.failed("approval", ReasonCode.APPROVAL_BINDING_MISMATCH,
                            "no approval was requested for " + Identifiers.printable(correlationId), Map.of());
                    return new ApprovalResult(false, reason, currentDecision(correlationId).orElse(
                            Decision.denied(validEnvironmentOr(vote.environment()), correlationId, POLICY_UNKNOWN,
                                    clock.instant(), reason)));
                }
                ApprovalState state = timeOutIfDue(loaded.get());
                Approver approver = new Approver(vote.voter(), vote.voterGroups(), vote.hasApprovePermission(),
                        vote.voterIsAgent());
                ApprovalBinding shown = new ApprovalBinding(vote.runId(), vote.environment(), vote.digests(),
                        vote.policyHash());
                Vote cast = vote.verdict() == ApprovalVote.Verdict.APPROVE
                        ? Vote.approve(approver, shown, clock.instant())
                        : new Vote(approver, Vote.Verdict.REJECT, vote.comment(), shown, clock.instant());
                VoteResult result = state.apply(cast);
                boolean counted = recordVote(state, vote, result);
                ApprovalState after = counted ? result.state() : state;
                Decision decision = settle(after).orElseGet(
                        () -> currentDecision(correlationId).orElseThrow());
                return new ApprovalResult(counted, counted ? result.reason() : refusal(result), decision);
            } catch (StoreUnavailableException e) {
                CheckResult reason = storeDown(e);
                return new ApprovalResult(false, reason, Decision.denied(validEnvironmentOr(vote.environment()),
                        correlationId, POLICY_UNKNOWN, clock.instant(), reason));
            } catch (IllegalArgumentException e) {
                CheckResult reason = CheckResult.failed("approval", ReasonCode.INVALID_REQUEST,
                        "invalid vote: " + e.getMessage(), Map.of());
                recordInvalidVote(vote, reason);
                return new ApprovalResult(false, reason, currentDecision(correlationId).orElse(
                        Decision.denied(validEnvironmentOr(vote.environment()), correlationId, POLICY_UNKNOWN,
                                clock.instant(), reason)));
            }
        }
    }

    /**
     * A malformed vote (control characters, oversized or malformed binding) is evidence of tampering, but recording it
     * as a vote would break the approval's replay; it becomes an anomaly signal about the voter instead.
     */
    private void recordInvalidVote(ApprovalVote vote, CheckResult reason) {
        try {
            append(NewEvent.builder(AuditEventType.ANOMALY_SIGNAL, SERVICE_ACTOR, ActorKind.SYSTEM)
                    .correlationId(safeCorrelationId(vote.correlationId()))
                    .reason(AuditReason.of(reason))
                    .put(PayloadKeys.SUBJECT, "user:" + Identifiers.printable(vote.voter()))
                    .put(PayloadKeys.SIGNAL, "INVALID_VOTE")
                    .put(PayloadKeys.DETAIL, Identifiers.printable(reason.message())).build());
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Recording an invalid vote failed", e);
        }
    }

    private static CheckResult refusal(VoteResult result) {
        return result.counted() ? CheckResult.failed("approval", ReasonCode.APPROVAL_VOTE_ALREADY_COUNTED,
                "another controller recorded a vote by the same person first", Map.of()) : result.reason();
    }

    /**
     * Records every vote, counted or refused (a refused self-approval is evidence too). A counted vote is unique per
     * person and request, so the same person voting on another controller does not count twice.
     *
     * @return whether the vote counted
     */
    private boolean recordVote(ApprovalState state, ApprovalVote vote, VoteResult result) {
        boolean approve = vote.verdict() == ApprovalVote.Verdict.APPROVE;
        NewEvent.Builder builder = NewEvent.builder(approve ? AuditEventType.APPROVAL_GRANTED : AuditEventType.APPROVAL_REJECTED,
                vote.voter(), vote.voterIsAgent() ? ActorKind.AGENT : ActorKind.HUMAN)
                // The binding the voter was shown, not the request's: replaying a vote for another digest, run,
                // environment or policy version after a restart must stay refused.
                .correlationId(vote.correlationId()).environment(vote.environment())
                .digests(vote.digests())
                .run(vote.runId())
                .policyHash(vote.policyHash())
                .reason(AuditReason.of(result.reason()))
                .put("voterGroups", String.join(",", new TreeSet<>(vote.voterGroups())))
                .put("approvePermission", Boolean.toString(vote.hasApprovePermission()));
        if (vote.comment() != null && !vote.comment().isBlank()) {
            builder.put(PayloadKeys.COMMENT, vote.comment());
        }
        if (!result.counted()) {
            store.append(builder.outcome(Outcome.DENY).build());
            return false;
        }
        builder.outcome(Outcome.ALLOW).uniqueKey(vote.correlationId() + "/vote/" + vote.voter().toLowerCase(Locale.ROOT));
        try {
            store.appendUnique(builder.build());
            return true;
        } catch (DuplicateEventException e) {
            return false;
        }
    }

    /** Closes an approval that reached a final state: the final decision, and the approval consumed once. */
    private Optional<Decision> settle(ApprovalState state) {
        String correlationId = state.request().correlationId();
        // Not currentDecision: it settles a due timeout by calling this method, which would recurse without end.
        Decision pending = recordedDecision(correlationId).orElseThrow(
                () -> new IllegalStateException("approval " + correlationId + " has no recorded decision"));
        if (pending.outcome() != Outcome.PENDING) {
            return Optional.of(pending);
        }
        return switch (state.status()) {
            case APPROVED -> Optional.of(consume(state, pending));
            case REJECTED, TIMED_OUT, WITHDRAWN -> Optional.of(finalDecision(state, pending,
                    resolvePending(pending, state.check())));
            default -> Optional.of(pending);
        };
    }

    private Decision consume(ApprovalState state, Decision pending) {
        Transition consumed = state.consume(state.request().binding(), clock);
        if (!consumed.accepted()) {
            return finalDecision(state, pending, resolvePending(pending, consumed.reason()));
        }
        try {
            store.appendUnique(NewEvent.builder(AuditEventType.APPROVAL_CONSUMED, SERVICE_ACTOR, ActorKind.SYSTEM)
                    .correlationId(state.request().correlationId()).environment(state.request().environment())
                    .digests(state.request().binding().digests()).run(state.request().binding().runId())
                    .policyHash(state.request().binding().policyHash())
                    .put("approvedBy", String.join(",", state.approvedBy()))
                    .uniqueKey(state.request().correlationId() + "/consumed").build());
        } catch (DuplicateEventException e) {
            return currentDecision(state.request().correlationId()).orElse(pending);
        }
        return finalDecision(state, pending, resolvePending(pending, state.check()));
    }

    /** Every item that waited for a human is answered by the approval's outcome. */
    private static List<CheckResult> resolvePending(Decision pending, CheckResult approval) {
        List<CheckResult> checks = new ArrayList<>();
        for (CheckResult check : pending.checks()) {
            if (check.status() != CheckStatus.PENDING) {
                checks.add(check);
            } else if (approval.status() == CheckStatus.PASSED) {
                Map<String, String> evidence = new LinkedHashMap<>(check.evidence());
                evidence.putAll(approval.evidence());
                checks.add(CheckResult.passed(check.gate(), check.message() + " — decided by people: "
                        + approval.message(), evidence));
            }
        }
        checks.add(approval);
        return checks;
    }

    private Decision finalDecision(ApprovalState state, Decision pending, List<CheckResult> checks) {
        Decision decision = Decision.fromChecks(pending.environment(), pending.correlationId(), pending.policyHash(),
                clock.instant(), checks, pending.escalation());
        AuditEventType closing = switch (state.status()) {
            case REJECTED -> AuditEventType.APPROVAL_REJECTED;
            case TIMED_OUT -> AuditEventType.APPROVAL_TIMED_OUT;
            case WITHDRAWN -> AuditEventType.APPROVAL_WITHDRAWN;
            default -> AuditEventType.APPROVAL_COMPLETED;
        };
        if (closing == AuditEventType.APPROVAL_COMPLETED || closing == AuditEventType.APPROVAL_TIMED_OUT) {
            append(NewEvent.builder(closing, SERVICE_ACTOR, ActorKind.SYSTEM)
                    .correlationId(pending.correlationId()).environment(pending.environment())
                    .digests(state.request().binding().digests()).outcome(decision.outcome())
                    .reasons(AuditReason.of(decision.reasons())).build());
        }
        append(NewEvent.builder(AuditEventType.DECISION, SERVICE_ACTOR, ActorKind.SYSTEM)
                .correlationId(pending.correlationId()).environment(pending.environment())
                .digests(state.request().binding().digests()).run(state.request().binding().runId())
                .policyHash(pending.policyHash()).outcome(decision.outcome())
                .reasons(AuditReason.of(decision.reasons()))
                .put(EventCodec.DECISION, codec.write(decision)).build());
        return decision;
    }

    private ApprovalState timeOutIfDue(ApprovalState state) {
        ApprovalState after = state.timeOutIfDue(clock);
        if (after.status() == ApprovalStatus.TIMED_OUT && state.status() == ApprovalStatus.PENDING) {
            settle(after);
        }
        return after;
    }

    /** Rebuilds an approval's state from the store: its request, then every recorded vote, withdrawal and use. */
    private Optional<ApprovalState> loadApproval(String correlationId) {
        List<AuditEvent> events = store.byCorrelationId(correlationId);
        int start = -1;
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type() == AuditEventType.APPROVAL_REQUESTED) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        AuditEvent requested = events.get(start);
        PromotionRequest request = null;
        for (int i = start - 1; i >= 0 && request == null; i--) {
            if (events.get(i).type() == AuditEventType.PROMOTION_REQUESTED) {
                request = codec.readRequest(events.get(i).payloadValue(EventCodec.REQUEST));
            }
        }
        if (request == null) {
            throw new IllegalStateException("approval " + correlationId + " has no recorded request");
        }
        ApprovalRequirement requirement = new ApprovalRequirement(
                Integer.parseInt(requested.payloadValue("required")),
                Set.of(requested.payloadValue("approverGroups").split(",")),
                Boolean.parseBoolean(requested.payloadValue("distinctGroups")),
                java.time.Duration.parse(requested.payloadValue("timeout")));
        ApprovalRequest approval = new ApprovalRequest(correlationId,
                ApprovalBinding.of(request, Objects.requireNonNull(requested.policyHash())), requirement,
                request.requester(), request.run().startedBy(), request.run().commitAuthors(), requested.time());
        List<ApprovalEvent> recorded = new ArrayList<>();
        for (AuditEvent event : events.subList(start + 1, events.size())) {
            switch (event.type()) {
                case APPROVAL_GRANTED, APPROVAL_REJECTED -> recorded.add(new ApprovalEvent.VoteCast(voteOf(event)));
                case APPROVAL_WITHDRAWN -> recorded.add(new ApprovalEvent.Withdrawn(event.actor(),
                        Optional.ofNullable(event.payload().get(PayloadKeys.DETAIL)).orElse("withdrawn"), event.time()));
                case APPROVAL_TIMED_OUT -> recorded.add(new ApprovalEvent.TimedOut(event.time()));
                case APPROVAL_CONSUMED -> recorded.add(new ApprovalEvent.Consumed(approval.binding(), event.time()));
                default -> {
                }
            }
        }
        return Optional.of(ApprovalState.replay(approval, recorded));
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

    @Override
    public Optional<Decision> currentDecision(String correlationId) {
        Optional<Decision> recorded = recordedDecision(correlationId);
        if (recorded.isPresent() && recorded.get().outcome() == Outcome.PENDING) {
            synchronized (lockFor(correlationId)) {
                Optional<ApprovalState> due = loadApproval(correlationId).map(state -> state.timeOutIfDue(clock));
                if (due.isPresent() && due.get().status() == ApprovalStatus.TIMED_OUT) {
                    return settle(due.get());
                }
            }
        }
        return recorded;
    }

    /** The latest recorded decision as it is, without settling a due timeout (settling itself reads it). */
    private Optional<Decision> recordedDecision(String correlationId) {
        List<AuditEvent> events = store.byCorrelationId(correlationId);
        for (int i = events.size() - 1; i >= 0; i--) {
            AuditEvent event = events.get(i);
            if (event.type() == AuditEventType.DECISION && event.payload().containsKey(EventCodec.DECISION)) {
                return Optional.of(codec.readDecision(event.payloadValue(EventCodec.DECISION)));
            }
        }
        return Optional.empty();
    }

    @Override
    public Decision withdraw(String correlationId, String actor, String reason) {
        synchronized (lockFor(correlationId)) {
            try {
                Optional<ApprovalState> state = loadApproval(correlationId);
                if (state.isPresent() && state.get().status() == ApprovalStatus.PENDING) {
                    Transition withdrawn = state.get().withdraw(actor, reason, clock);
                    if (withdrawn.accepted()) {
                        append(NewEvent.builder(AuditEventType.APPROVAL_WITHDRAWN, actor, ActorKind.HUMAN)
                                .correlationId(correlationId).environment(state.get().request().environment())
                                .digests(state.get().request().binding().digests())
                                .put(PayloadKeys.DETAIL, reason).build());
                        return settle(withdrawn.state()).orElseThrow();
                    }
                }
                return currentDecision(correlationId).orElseGet(() -> Decision.denied(ENVIRONMENT_UNKNOWN,
                        correlationId, POLICY_UNKNOWN, clock.instant(), CheckResult.failed("approval",
                                ReasonCode.APPROVAL_WITHDRAWN, "withdrawn: " + reason, Map.of())));
            } catch (StoreUnavailableException e) {
                return Decision.denied(ENVIRONMENT_UNKNOWN, correlationId, POLICY_UNKNOWN, clock.instant(), storeDown(e));
            }
        }
    }

    @Override
    public List<PendingApproval> pendingApprovals() {
        List<PendingApproval> pending = new ArrayList<>();
        for (String correlationId : store.pendingApprovalCorrelationIds()) {
            synchronized (lockFor(correlationId)) {
                Optional<ApprovalState> state = loadApproval(correlationId).map(this::timeOutIfDue);
                if (state.isEmpty() || state.get().status() != ApprovalStatus.PENDING) {
                    continue;
                }
                Optional<Decision> decision = currentDecision(correlationId);
                PromotionRequest request = recordedRequest(correlationId).orElse(null);
                if (decision.isPresent() && request != null) {
                    pending.add(new PendingApproval(request, decision.get(), state.get().approvedBy(),
                            state.get().request().requirement().required(), state.get().request().expiresAt()));
                }
            }
        }
        pending.sort(Comparator.comparing((PendingApproval p) -> p.decision().decidedAt()).reversed());
        return pending;
    }

    /** The request as recorded for a promotion (the latest one), e.g. for the approval page's evidence. */
    public Optional<PromotionRequest> recordedRequest(String correlationId) {
        List<AuditEvent> events = store.byCorrelationId(correlationId);
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).type() == AuditEventType.PROMOTION_REQUESTED) {
                return Optional.of(codec.readRequest(events.get(i).payloadValue(EventCodec.REQUEST)));
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------------ credentials

    @Override
    public CredentialDecision authorizeCredential(CredentialRequest request) {
        String correlationId = null;
        List<CheckResult> checks = new ArrayList<>();
        try {
            String environment = Identifiers.requireEnvironmentName(request.environment());
            correlationId = CorrelationIds.of(request.run(), environment);
            Policy policy = policies.current();
            checks.add(credentialScope(policy, request.credentialId(), environment));
            Optional<Decision> decision = currentDecision(correlationId);
            if (decision.isEmpty() || !decision.get().isAllowed()) {
                checks.add(CheckResult.failed("credentials", ReasonCode.CREDENTIAL_NOT_GATED, "run "
                        + request.run().id() + " has not passed promotionGate for " + environment
                        + (decision.map(d -> " (its decision is " + d.outcome() + ")").orElse("")), Map.of()));
            } else {
                checks.add(digestsUnchanged(correlationId, request.currentDigests()));
            }
        } catch (StoreUnavailableException e) {
            checks.add(storeDown(e));
        } catch (RuntimeException e) {
            checks.add(CheckResult.failed("credentials", failureCodeOf(e), "credential binding refused: " + describe(e),
                    Map.of()));
        }
        boolean granted = checks.stream().allMatch(c -> c.status() == CheckStatus.PASSED);
        // A refusal for a malformed environment has no promotion to join, but it is recorded all the same.
        String eventCorrelationId = correlationId != null ? correlationId
                : safeCorrelationId(request.run().id() + "/" + Identifiers.printable(request.environment()));
        try {
            NewEvent.Builder builder = NewEvent.builder(granted ? AuditEventType.CREDENTIAL_BOUND
                    : AuditEventType.CREDENTIAL_REFUSED, Identifiers.printable(request.run().id()), ActorKind.SYSTEM)
                    .correlationId(eventCorrelationId).run(request.run())
                    .put(PayloadKeys.CREDENTIAL_ID, Identifiers.printable(request.credentialId()))
                    .outcome(granted ? Outcome.ALLOW : Outcome.DENY)
                    .reasons(AuditReason.of(checks.stream().filter(c -> c.status() != CheckStatus.PASSED).toList()));
            if (correlationId != null) {
                builder.environment(request.environment());
            }
            request.currentDigests().forEach(a -> builder.digest(a.digest()));
            append(builder.build());
        } catch (RuntimeException e) {
            return new CredentialDecision(false, correlationId, List.of(storeDown(e)));
        }
        return new CredentialDecision(granted, correlationId, checks);
    }

    private static CheckResult credentialScope(Policy policy, String credentialId, String environment) {
        if (policy.isCredentialBoundTo(credentialId, environment)) {
            return CheckResult.passed("credentials", "credential " + credentialId + " belongs to " + environment,
                    Map.of("credentialId", credentialId));
        }
        Optional<String> owner = policy.credentialEnvironment(credentialId);
        return CheckResult.failed("credentials", ReasonCode.CREDENTIAL_OUT_OF_SCOPE, owner
                .map(other -> "credential " + credentialId + " is scoped to " + other + ", not " + environment
                        + "; it is refused whatever the job's permissions")
                .orElse("credential " + credentialId + " is not bound to any environment in the policy; refused"),
                Map.of("credentialId", credentialId, "requestedEnvironment", environment,
                        "credentialEnvironment", owner.orElse("none")));
    }

    /** The artifacts about to be deployed must be exactly those the gate verified: no swap in between. */
    private CheckResult digestsUnchanged(String correlationId, List<ArtifactRef> current) {
        Set<String> verified = new TreeSet<>();
        recordedRequest(correlationId).ifPresent(r -> r.artifacts()
                .forEach(a -> verified.add(a.artifact().digest().toString())));
        Set<String> now = new TreeSet<>();
        current.forEach(a -> now.add(a.digest().toString()));
        if (now.isEmpty()) {
            return CheckResult.failed("credentials", ReasonCode.MISSING_EVIDENCE,
                    "missing evidence: no artifact digests were re-computed before binding the credential", Map.of());
        }
        if (!verified.equals(now)) {
            Set<String> unexpected = new HashSet<>(now);
            unexpected.removeAll(verified);
            return CheckResult.failed("credentials", ReasonCode.ARTIFACT_CHANGED_SINCE_GATE,
                    "the artifacts changed since the gate verified them: " + (unexpected.isEmpty()
                            ? "some verified artifacts are missing" : "unverified digests " + unexpected),
                    Map.of("verified", String.join(",", verified), "current", String.join(",", now)));
        }
        return CheckResult.passed("credentials", "the artifacts are the ones the gate verified",
                Map.of("digests", String.join(",", now)));
    }

    // ------------------------------------------------------------------------------------------------ deployment

    @Override
    public void recordDeployment(DeploymentReport report) {
        String environment = Identifiers.requireEnvironmentName(report.environment());
        String correlationId = CorrelationIds.of(report.run(), environment);
        Optional<Decision> decision = currentDecision(correlationId);
        boolean gated = decision.isPresent() && decision.get().isAllowed();
        NewEvent.Builder builder = NewEvent.builder(AuditEventType.DEPLOYMENT, report.run().id(), ActorKind.SYSTEM)
                .correlationId(correlationId).environment(environment).run(report.run())
                .put(PayloadKeys.DEPLOYMENT_OUTCOME, report.outcome().name())
                .put("gated", Boolean.toString(gated));
        if (!report.detail().isBlank()) {
            builder.put(PayloadKeys.DETAIL, report.detail());
        }
        // Only a gated deployment names digests: an ungated "success" must never satisfy the next promotion order.
        if (gated) {
            recordedRequest(correlationId).ifPresent(r -> r.artifacts().forEach(a -> builder.digest(a.artifact().digest())));
            builder.policyHash(decision.get().policyHash());
        }
        append(builder.build());
    }

    // ------------------------------------------------------------------------------------------------ break-glass

    @Override
    public Decision breakGlass(BreakGlassSubmission submission) {
        String correlationId = submission.correlationId();
        synchronized (lockFor(correlationId)) {
            try {
                return breakGlassLocked(submission, correlationId);
            } catch (StoreUnavailableException e) {
                return Decision.denied(ENVIRONMENT_UNKNOWN, correlationId, POLICY_UNKNOWN, clock.instant(),
                        storeDown(e));
            } catch (RuntimeException e) {
                // Fail closed like every other entry point: an emergency path that throws would be retried blindly.
                LOGGER.log(Level.WARNING, "Break-glass failed for " + correlationId, e);
                return Decision.denied(ENVIRONMENT_UNKNOWN, correlationId, POLICY_UNKNOWN, clock.instant(),
                        CheckResult.failed("break-glass", e instanceof PolicyUnavailableException
                                ? ReasonCode.POLICY_INVALID : ReasonCode.STORE_UNAVAILABLE,
                                "break-glass could not be recorded: " + describe(e), Map.of()));
            }
        }
    }

    private Decision breakGlassLocked(BreakGlassSubmission submission, String correlationId) {
        Optional<Decision> current = currentDecision(correlationId);
        Optional<PromotionRequest> request = recordedRequest(correlationId);
        if (current.isEmpty() || request.isEmpty()) {
            return Decision.denied(ENVIRONMENT_UNKNOWN, correlationId, POLICY_UNKNOWN, clock.instant(),
                    CheckResult.failed("break-glass", ReasonCode.INVALID_REQUEST,
                            "no recorded promotion " + Identifiers.printable(correlationId), Map.of()));
        }
        Policy policy = policies.current();
        Optional<CheckResult> outsidePolicy = breakGlassOutsidePolicy(policy, submission, current.get());
        BreakGlassResult result = outsidePolicy
                .map(refusal -> new BreakGlassResult(false, current.get(), refusal, null))
                .orElseGet(() -> new BreakGlass(clock).apply(current.get(), new BreakGlassRequest(submission.user(),
                        submission.hasBreakGlassPermission(), submission.reason())));
        append(NewEvent.builder(AuditEventType.BREAK_GLASS, submission.user(), ActorKind.HUMAN)
                .correlationId(correlationId).environment(current.get().environment())
                .digests(request.get().artifacts().stream().map(a -> a.artifact().digest()).toList())
                .outcome(result.decision().outcome()).reason(AuditReason.of(result.reason()))
                .put(PayloadKeys.COMMENT, submission.reason())
                .put("applied", Boolean.toString(result.applied())).build());
        if (!result.applied()) {
            return withRefusal(current.get(), result.reason());
        }
        Decision overridden = result.decision();
        if (overridden.outcome() == Outcome.PENDING) {
            return record(policy, request.get(), overridden);
        }
        append(decisionEvent(request.get(), overridden));
        return overridden;
    }

    /**
     * What the policy itself says about break-glass, before the engine's fixed rule (only windows and freezes): it is
     * off unless the policy names break-glass groups, the user must be in one of them, and only the rules the policy
     * lists under {@code breakGlass.overrides} may be overridden.
     */
    /**
     * A denial stays as recorded, but the caller (run page, CLI) must also learn why the glass stayed intact, e.g. a
     * user outside breakGlass.groups, not only why the promotion was denied; an allow or pending decision is returned
     * unchanged (the refusal would misstate its outcome).
     */
    private static Decision withRefusal(Decision current, CheckResult refusal) {
        if (current.outcome() != Outcome.DENY) {
            return current;
        }
        List<CheckResult> checks = new ArrayList<>();
        checks.add(refusal);
        checks.addAll(current.checks());
        return Decision.fromChecks(current.environment(), current.correlationId(), current.policyHash(),
                current.decidedAt(), checks, current.escalation());
    }

    private static Optional<CheckResult> breakGlassOutsidePolicy(Policy policy, BreakGlassSubmission submission,
            Decision current) {
        Set<String> groups = policy.breakGlass().groups();
        if (groups.isEmpty()) {
            return Optional.of(CheckResult.failed("break-glass", ReasonCode.APPROVER_NOT_AUTHORIZED,
                    "the policy enables no break-glass (breakGlass.groups is empty)", Map.of()));
        }
        if (submission.groups().stream().noneMatch(groups::contains)) {
            return Optional.of(CheckResult.failed("break-glass", ReasonCode.APPROVER_NOT_AUTHORIZED,
                    submission.user() + " is in none of the break-glass groups " + new TreeSet<>(groups),
                    Map.of("userGroups", String.join(",", new TreeSet<>(submission.groups())))));
        }
        for (CheckResult check : current.checks()) {
            boolean window = check.code() == ReasonCode.OUTSIDE_CHANGE_WINDOW && !policy.breakGlass().mayOverride("windows");
            boolean freeze = check.code() == ReasonCode.FREEZE_ACTIVE && !policy.breakGlass().mayOverride("freezes");
            if (check.status() == CheckStatus.FAILED && (window || freeze)) {
                return Optional.of(CheckResult.failed("break-glass", ReasonCode.NO_RULE_ALLOWS, "the policy's "
                        + "breakGlass.overrides does not include " + (window ? "windows" : "freezes"), Map.of()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Map<String, Instant> deployments(Digest digest) {
        Map<String, Instant> passed = new LinkedHashMap<>();
        for (String environment : policies.current().environmentNames()) {
            store.lastSuccessfulDeployment(digest, environment).ifPresent(at -> passed.put(environment, at));
        }
        return passed;
    }

    @Override
    public List<String> openReviews() {
        // Stores open a review only for a break-glass that unblocked a promotion (outcome not DENY).
        return store.openBreakGlassReviews();
    }

    @Override
    public boolean closeReview(String correlationId, String closer, String note) {
        Optional<AuditEvent> opened = store.byCorrelationId(correlationId).stream()
                .filter(e -> e.type() == AuditEventType.BREAK_GLASS && "true".equals(e.payload().get("applied")))
                .reduce((first, second) -> second);
        if (opened.isEmpty() || !openReviews().contains(correlationId)
                || opened.get().actor().equalsIgnoreCase(closer) || note.isBlank()) {
            return false;
        }
        append(NewEvent.builder(AuditEventType.REVIEW_CLOSED, closer, ActorKind.HUMAN).correlationId(correlationId)
                .environment(opened.get().environment()).put(PayloadKeys.COMMENT, note).build());
        return true;
    }

    // ------------------------------------------------------------------------------------------------ anomalies

    @Override
    public boolean liftQuarantine(String identity, String admin, String reason) {
        Optional<AuditEvent> active = store.activeQuarantine(identity);
        if (active.isEmpty() || reason.isBlank()) {
            return false;
        }
        append(NewEvent.builder(AuditEventType.QUARANTINE_LIFTED, admin, ActorKind.HUMAN)
                .put(PayloadKeys.SUBJECT, identity).put(PayloadKeys.DETAIL, reason).build());
        return true;
    }

    /** Feeds the outcome to the detector; signals become audit events, and repeated denials may quarantine. */
    private void observeAnomalies(Policy policy, PromotionRequest request, Decision decision) {
        try {
            AnomalyState state = anomalyState(policy);
            for (GateObservation observation : GateObservation.forRequest(request, decision.outcome(), clock.instant())) {
                for (AnomalySignal signal : state.detector().observe(observation)) {
                    append(NewEvent.builder(AuditEventType.ANOMALY_SIGNAL, SERVICE_ACTOR, ActorKind.SYSTEM)
                            .correlationId(request.correlationId()).environment(request.environment())
                            .put(PayloadKeys.SUBJECT, signal.identity().toString())
                            .put(PayloadKeys.SIGNAL, signal.type().name())
                            .put(PayloadKeys.DETAIL, signal.message()).build());
                    // Jobs are shared by many people: their signals are recorded, but only the acting agent or
                    // user is quarantined, never everyone who uses the job.
                    boolean quarantine = signal.type() == AnomalySignal.Type.REPEATED_DENIALS
                            && signal.identity().kind() != IdentityKind.JOB
                            && state.thresholds().quarantineOnDenials()
                            && store.activeQuarantine(signal.identity().toString()).isEmpty();
                    if (quarantine) {
                        append(NewEvent.builder(AuditEventType.QUARANTINE, SERVICE_ACTOR, ActorKind.SYSTEM)
                                .put(PayloadKeys.SUBJECT, signal.identity().toString())
                                .put(PayloadKeys.DETAIL, signal.message()).build());
                    }
                }
            }
        } catch (RuntimeException e) {
            // The decision is already recorded; a lost signal must not turn it into something else.
            LOGGER.log(Level.WARNING, "Anomaly detection failed for " + request.correlationId(), e);
        }
    }

    private AnomalyState anomalyState(Policy policy) {
        AnomalyState state = anomalies;
        if (state == null || !state.thresholds().equals(policy.anomaly())) {
            synchronized (this) {
                state = anomalies;
                if (state == null || !state.thresholds().equals(policy.anomaly())) {
                    AnomalyDetector detector = new AnomalyDetector(policy.anomaly(), policy.environmentNames(),
                            AnomalyDetector.DEFAULT_MAX_IDENTITIES, AnomalyDetector.DEFAULT_IDLE_RETENTION, clock);
                    detector.replay(pastObservations());
                    state = new AnomalyState(policy.anomaly(), detector);
                    anomalies = state;
                }
            }
        }
        return state;
    }

    /** Past decisions as observations, so that a restarted process keeps each identity's history. */
    private List<GateObservation> pastObservations() {
        List<GateObservation> past = new ArrayList<>();
        store.scan(0, event -> {
            if (event.type() == AuditEventType.PROMOTION_REQUESTED) {
                PromotionRequest request = codec.readRequest(event.payloadValue(EventCodec.REQUEST));
                past.addAll(GateObservation.forRequest(request, Outcome.ALLOW, event.time()).stream()
                        .map(o -> new GateObservation(o.identity(), o.environment(), o.repository(), Outcome.ALLOW,
                                o.time()))
                        .toList());
            } else if (event.type() == AuditEventType.DECISION && event.outcome() != null && !past.isEmpty()
                    && event.outcome() != Outcome.ALLOW) {
                // Denials count against the identities of the request just before them.
                GateObservation requester = past.get(past.size() - 2);
                GateObservation job = past.get(past.size() - 1);
                past.set(past.size() - 2, new GateObservation(requester.identity(), requester.environment(),
                        requester.repository(), event.outcome(), requester.time()));
                past.set(past.size() - 1, new GateObservation(job.identity(), job.environment(), job.repository(),
                        event.outcome(), job.time()));
            }
        });
        return past;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private NewEvent.Builder event(AuditEventType type, PromotionRequest request, String policyHash) {
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

    private NewEvent decisionEvent(PromotionRequest request, Decision decision) {
        return event(AuditEventType.DECISION, request, decision.policyHash())
                .outcome(decision.outcome())
                .reasons(AuditReason.of(decision.reasons()))
                .put(EventCodec.DECISION, codec.write(decision))
                .build();
    }

    private static Decision withExtraCheck(Decision decision, CheckResult extra) {
        List<CheckResult> checks = new ArrayList<>(decision.checks());
        checks.add(extra);
        return Decision.fromChecks(decision.environment(), decision.correlationId(), decision.policyHash(),
                decision.decidedAt(), checks, decision.escalation());
    }

    /**
     * The approvals a pending decision needs: a freeze exception needs the freeze's own exception approvers; otherwise
     * the environment's approval rule, else (escalations in environments without one) a single approver from the
     * break-glass groups. None means nobody can decide, which denies.
     */
    private static Optional<ApprovalRequirement> approvalRequirementFor(Policy policy, String environment,
            Decision decision) {
        boolean freezeException = decision.checks().stream().anyMatch(c -> c.status() == CheckStatus.PENDING
                && c.code() == ReasonCode.FREEZE_EXCEPTION_NEEDS_APPROVAL);
        if (freezeException) {
            Optional<ApprovalRequirement> exception = policy.environment(environment)
                    .flatMap(EnvironmentPolicy::freezes).map(rule -> rule.exception());
            if (exception.isPresent()) {
                return exception;
            }
        }
        Optional<ApprovalRequirement> own = policy.approvalRequirement(environment);
        if (own.isPresent() || policy.breakGlass().groups().isEmpty()) {
            return own;
        }
        return Optional.of(new ApprovalRequirement(1, policy.breakGlass().groups(), false,
                java.time.Duration.ofHours(24)));
    }

    private void append(NewEvent event) {
        store.append(event);
    }

    private Object lockFor(String correlationId) {
        return locks.computeIfAbsent(correlationId, id -> new Object());
    }

    private static String safeCorrelationId(String correlationId) {
        try {
            return Identifiers.requireSafeText("correlation id", correlationId, 128);
        } catch (RuntimeException e) {
            return "invalid-" + UUID.nameUUIDFromBytes(String.valueOf(correlationId)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String validEnvironmentOr(@CheckForNull String environment) {
        try {
            return Identifiers.requireEnvironmentName(environment);
        } catch (RuntimeException e) {
            return ENVIRONMENT_UNKNOWN;
        }
    }

    private static CheckResult storeDown(RuntimeException e) {
        return CheckResult.failed("audit", ReasonCode.STORE_UNAVAILABLE,
                "audit store unavailable: nothing is allowed without a record (" + describe(e) + ")", Map.of());
    }

    private static ReasonCode failureCodeOf(RuntimeException e) {
        if (e instanceof java.io.UncheckedIOException) {
            return ReasonCode.TRUST_ROOT_UNAVAILABLE;
        }
        if (e instanceof StoreUnavailableException) {
            return ReasonCode.STORE_UNAVAILABLE;
        }
        return ReasonCode.INTERNAL_ERROR;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + Identifiers.printable(message));
    }
}
