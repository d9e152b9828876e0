package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.approval.ApprovalBinding;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequest;
import io.jenkins.plugins.promotiongates.engine.approval.ApprovalRequirement;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.StalePolicyException;
import io.jenkins.plugins.promotiongates.engine.audit.UniqueKeys;
import io.jenkins.plugins.promotiongates.engine.entitlement.EntitlementVerifier;
import io.jenkins.plugins.promotiongates.engine.escalation.EscalationBuilder;
import io.jenkins.plugins.promotiongates.engine.gate.GateEvaluator;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.EntitlementEvidence;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.SignatureEvidence;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import io.jenkins.plugins.promotiongates.engine.policy.SignatureRule;
import io.jenkins.plugins.promotiongates.engine.verification.VerificationResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The promotion gate: verify the evidence, evaluate the policy against a snapshot of the store, record the request,
 * its decision and what follows from it in one write. A request is identified by its run, environment, digests and
 * policy hash: asking again returns the open approval or the allow already recorded for it, without a write.
 */
final class PromotionGate {
    private static final Logger LOGGER = Logger.getLogger(PromotionGate.class.getName());
    private static final int MAX_ARTIFACTS = 1000;

    private final PolicyProvider policies;
    private final ApprovalRepository repository;
    private final ApprovalWorkflow workflow;
    private final AuditEventFactory events;
    private final AnomalyMonitor anomalies;
    private final Clock clock;
    private final GateEvaluator evaluator;
    private final EscalationBuilder escalations = new EscalationBuilder();
    private final VerifierCache verifiers = new VerifierCache();

    PromotionGate(PolicyProvider policies, ApprovalRepository repository, ApprovalWorkflow workflow,
            AuditEventFactory events, AnomalyMonitor anomalies, Clock clock) {
        this.policies = policies;
        this.repository = repository;
        this.workflow = workflow;
        this.events = events;
        this.anomalies = anomalies;
        this.clock = clock;
        this.evaluator = new GateEvaluator(clock);
    }

    Decision request(PromotionSubmission submission) {
        Instant now = clock.instant();
        String correlationId = Failures.safeCorrelationId(submission.correlationId());
        Policy policy;
        try {
            policy = policies.current();
        } catch (RuntimeException e) {
            return recordFailure(submission, correlationId, Failures.POLICY_UNKNOWN,
                    CheckResult.failed("policy", ReasonCode.POLICY_INVALID,
                            "no valid policy is in force, so nothing can be promoted: " + e.getMessage(), Map.of()));
        }
        if (!submission.refusals().isEmpty()) {
            // The caller refused part of the evidence (a symlinked artifact, a glob matching nothing): a denial
            // with the caller's reasons, recorded like any other, and nothing is evaluated.
            return recordFailure(submission, correlationId, policy.hash(), submission.refusals());
        }
        try {
            Optional<Decision> existing = existingDecision(repository.load(correlationId), submission, policy.hash());
            if (existing.isPresent()) {
                return existing.get();
            }
        } catch (RuntimeException e) {
            return Decision.denied(Failures.validEnvironmentOr(submission.environment()), correlationId,
                    policy.hash(), now, Failures.storeDown(e));
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
                    CheckResult.failed("verification", Failures.failureCodeOf(e),
                            "verification could not complete: " + Failures.describe(e),
                            e instanceof PinMismatchException pin ? pin.evidence() : Map.of()));
        }
        Decision decision;
        try {
            decision = evaluate(policy, request);
        } catch (io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException e) {
            return Decision.denied(request.environment(), correlationId, policy.hash(), now, Failures.storeDown(e));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Policy evaluation failed unexpectedly for " + correlationId, e);
            decision = Decision.denied(request.environment(), correlationId, policy.hash(), now,
                    CheckResult.failed("evaluation", ReasonCode.INTERNAL_ERROR,
                            "the gate could not evaluate the policy: " + Failures.describe(e), Map.of()));
        }
        return record(policy, request, decision, List.of());
    }

    /** Evaluates without recording anything: the {@code policy explain} trace. */
    Decision explain(PromotionSubmission submission) {
        Instant now = clock.instant();
        String correlationId = Failures.safeCorrelationId(submission.correlationId());
        try {
            Policy policy = policies.current();
            return evaluate(policy, buildRequest(policy, submission, correlationId));
        } catch (IllegalArgumentException e) {
            return Decision.denied(Failures.ENVIRONMENT_UNKNOWN, correlationId, Failures.POLICY_UNKNOWN, now,
                    CheckResult.failed("request", ReasonCode.INVALID_REQUEST, "invalid request: " + e.getMessage(),
                            Map.of()));
        } catch (RuntimeException e) {
            return Decision.denied(Failures.ENVIRONMENT_UNKNOWN, correlationId, Failures.POLICY_UNKNOWN, now,
                    CheckResult.failed("evaluation", Failures.failureCodeOf(e), Failures.describe(e), Map.of()));
        }
    }

    /**
     * The decision already recorded for this very request (same run, environment, digests and policy), if it still
     * stands: an open approval (with its votes) or an allow no deployment has used yet. A denial is not kept: asking
     * again is a new request.
     */
    private Optional<Decision> existingDecision(PromotionRecord record, PromotionSubmission submission,
            String policyHash) {
        PromotionRequest recorded = record.request();
        if (recorded == null || record.decision() == null || submission.artifacts().isEmpty()) {
            return Optional.empty();
        }
        ApprovalBinding asked;
        try {
            asked = ApprovalBinding.of(submission.run().id(), submission.environment(),
                    submission.artifacts().stream().map(SubmittedArtifact::artifact).toList(), policyHash);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!ApprovalBinding.of(recorded, record.decision().policyHash()).differences(asked).isEmpty()
                || recorded.action() != submission.action()) {
            return Optional.empty();
        }
        ApprovalWorkflow.Settlement settled = workflow.settle(record, clock.instant(), workflow.policyInForce());
        if (settled.open()) {
            return Optional.ofNullable(settled.decision());
        }
        // An allow stands until a deployment used it: a rerun after deploying is a new promotion.
        boolean allowed = settled.decision() != null && settled.decision().outcome() == Outcome.ALLOW;
        boolean used = false;
        for (int i = record.events().size() - 1; i >= 0; i--) {
            AuditEventType type = record.events().get(i).type();
            if (type == AuditEventType.PROMOTION_REQUESTED) {
                break;
            }
            used |= type == AuditEventType.DEPLOYMENT;
        }
        return allowed && !used ? Optional.of(settled.decision()) : Optional.empty();
    }

    private Decision evaluate(Policy policy, PromotionRequest request) {
        Decision decision = evaluator.evaluate(policy, request, repository.store(),
                anomalies.quarantineState(policy, request));
        if (decision.outcome() == Outcome.PENDING) {
            decision = escalations.attachTo(request, decision);
        }
        return decision;
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
        return new ArtifactEvidence(artifact, first.signature(), first.provenance());
    }

    /**
     * Records a decision for a request: the closing of an earlier approval request of the same promotion (due,
     * stale or superseded), the {@code preceding} events of the action (a break-glass), the request, its decision,
     * its escalation and its approval request, in one write.
     */
    Decision record(Policy policy, PromotionRequest request, Decision evaluated, List<NewEvent> preceding) {
        String correlationId = request.correlationId();
        try {
            for (int attempt = 0; attempt < ApprovalWorkflow.MAX_ATTEMPTS; attempt++) {
                PromotionRecord record = repository.load(correlationId);
                Instant now = clock.instant();
                List<NewEvent> batch = new ArrayList<>(7);
                ApprovalWorkflow.Settlement earlier = workflow.settle(record, now, workflow.policyInForce());
                batch.addAll(earlier.events());
                batch.addAll(preceding);
                if (earlier.open()) {
                    batch.addAll(workflow.supersede(record, earlier, request.requester().id(), now));
                }
                Decision decision = evaluated;
                batch.add(events.requested(request, policy.hash(), record.nextRequestKey()));
                Optional<ApprovalRequirement> requirement = Optional.empty();
                if (decision.outcome() == Outcome.PENDING) {
                    requirement = approvalRequirementFor(policy, request.environment(), decision);
                    if (requirement.isEmpty()) {
                        decision = withExtraCheck(decision, CheckResult.failed("approval",
                                ReasonCode.ESCALATION_REQUIRED, "a human must decide, but the policy names no"
                                        + " approver group for " + request.environment()
                                        + " (approvals) or for break-glass", Map.of()));
                    }
                }
                batch.add(events.gateDecision(request, decision));
                if (decision.escalation() != null) {
                    batch.add(events.escalation(request, decision));
                }
                if (decision.outcome() == Outcome.PENDING) {
                    String approvalId = record.nextApprovalId();
                    ApprovalRequest approval = new ApprovalRequest(correlationId,
                            ApprovalBinding.of(request, policy.hash()), requirement.orElseThrow(),
                            request.requester(), request.run().startedBy(), request.run().commitAuthors(), now);
                    batch.add(events.approvalRequested(request, approval, approvalId,
                            UniqueKeys.approvalRequested(approvalId)));
                }
                batch.addAll(anomalies.eventsFor(policy, request, decision, now));
                try {
                    repository.store().appendAllUnique(batch);
                } catch (DuplicateEventException e) {
                    // another controller recorded a request for this promotion first: read it and decide again
                    Optional<Decision> theirs = existingDecision(repository.load(correlationId),
                            submissionOf(request), policy.hash());
                    if (theirs.isPresent()) {
                        return theirs.get();
                    }
                    continue;
                }
                return decision;
            }
            throw new IllegalStateException("the promotion kept changing under this request");
        } catch (StalePolicyException e) {
            return Decision.denied(request.environment(), correlationId, policy.hash(), clock.instant(),
                    CheckResult.failed("policy", ReasonCode.POLICY_STALE, "this controller decided with policy "
                            + e.getDecidedHash() + " but " + e.getCurrentHash()
                            + " is in force in the shared store; reload the policy", Map.of()));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Recording the decision failed for " + correlationId, e);
            return Decision.denied(request.environment(), correlationId, policy.hash(), clock.instant(),
                    Failures.storeDown(e));
        }
    }

    /** The submission a recorded request came from, as far as idempotency compares them. */
    private static PromotionSubmission submissionOf(PromotionRequest request) {
        return PromotionSubmission.builder(request.correlationId(), request.environment(), request.requester(),
                        request.run()).action(request.action())
                .artifacts(request.artifacts().stream().map(a -> new SubmittedArtifact(a.artifact(), null, null))
                        .toList()).build();
    }

    private Decision recordFailure(PromotionSubmission submission, String correlationId, String policyHash,
            CheckResult reason) {
        return recordFailure(submission, correlationId, policyHash, List.of(reason));
    }

    private Decision recordFailure(PromotionSubmission submission, String correlationId, String policyHash,
            List<CheckResult> reasons) {
        String environment = Failures.validEnvironmentOr(submission.environment());
        Decision decision = Decision.fromChecks(environment, correlationId, policyHash, clock.instant(), reasons, null);
        try {
            NewEvent.Builder builder = NewEvent.builder(AuditEventType.DECISION,
                            Identifiers.printable(submission.requester().id()), ActorKind.of(submission.requester()))
                    .correlationId(correlationId).run(submission.run())
                    .outcome(Outcome.DENY).reasons(reasons.stream().map(AuditReason::of).toList())
                    .put(EventCodec.DECISION, events.codec().write(decision))
                    .put(EventCodec.VERSION, EventCodec.CURRENT)
                    .put("requestedEnvironment", Identifiers.printable(submission.environment()));
            if (!Failures.ENVIRONMENT_UNKNOWN.equals(environment)) {
                builder.environment(environment);
            }
            // A flood of artifacts is recorded as a count: the denial must not bloat the audit trail.
            if (submission.artifacts().size() <= MAX_ARTIFACTS) {
                submission.artifacts().forEach(artifact -> builder.digest(artifact.artifact().digest()));
            }
            builder.put("artifactCount", Integer.toString(submission.artifacts().size()));
            repository.store().append(builder.build());
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Recording a denial failed for " + correlationId, e);
        }
        return decision;
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
        return Optional.of(new ApprovalRequirement(1, policy.breakGlass().groups(), false, Duration.ofHours(24)));
    }
}
