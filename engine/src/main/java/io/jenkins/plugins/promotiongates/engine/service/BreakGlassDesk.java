package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.approval.BreakGlass;
import io.jenkins.plugins.promotiongates.engine.approval.BreakGlassRequest;
import io.jenkins.plugins.promotiongates.engine.approval.BreakGlassResult;
import io.jenkins.plugins.promotiongates.engine.audit.ActorKind;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.audit.UniqueKeys;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Break-glass and its post-incident reviews. The policy is checked first: an override is judged against the
 * decision it overrides only while that decision's policy is still in force. The BREAK_GLASS event is written with
 * the decision it produces, in one write, so an override that does not take effect leaves no applied record and no
 * review.
 */
final class BreakGlassDesk {
    private static final Logger LOGGER = Logger.getLogger(BreakGlassDesk.class.getName());

    private final PolicyProvider policies;
    private final ApprovalRepository repository;
    private final ApprovalWorkflow workflow;
    private final PromotionGate gate;
    private final Clock clock;

    BreakGlassDesk(PolicyProvider policies, ApprovalRepository repository, ApprovalWorkflow workflow,
            PromotionGate gate, Clock clock) {
        this.policies = policies;
        this.repository = repository;
        this.workflow = workflow;
        this.gate = gate;
        this.clock = clock;
    }

    Decision breakGlass(BreakGlassSubmission submission) {
        String correlationId = submission.correlationId();
        try {
            PromotionRecord record = repository.load(correlationId);
            Instant now = clock.instant();
            ApprovalWorkflow.Settlement settled = workflow.settle(record, now, workflow.policyInForce());
            Decision current = settled.decision();
            PromotionRequest request = record.request();
            if (current == null || request == null) {
                return Decision.denied(Failures.ENVIRONMENT_UNKNOWN, correlationId, Failures.POLICY_UNKNOWN, now,
                        CheckResult.failed("break-glass", ReasonCode.INVALID_REQUEST,
                                "no recorded promotion " + Identifiers.printable(correlationId), Map.of()));
            }
            Policy policy = policies.current();
            Optional<CheckResult> refusal = stalePolicy(policy, current)
                    .or(() -> outsidePolicy(policy, submission, current));
            BreakGlassResult result = refusal
                    .map(reason -> new BreakGlassResult(false, current, reason, null))
                    .orElseGet(() -> new BreakGlass(clock).apply(current, new BreakGlassRequest(submission.user(),
                            submission.hasBreakGlassPermission(), submission.reason())));
            NewEvent glass = NewEvent.builder(AuditEventType.BREAK_GLASS, submission.user(), ActorKind.HUMAN)
                    .correlationId(correlationId).environment(current.environment())
                    .digests(request.artifacts().stream().map(a -> a.artifact().digest()).toList())
                    .outcome(result.applied() ? result.decision().outcome() : Outcome.DENY)
                    .reason(AuditReason.of(result.reason()))
                    .put(PayloadKeys.COMMENT, submission.reason())
                    .put("applied", Boolean.toString(result.applied())).build();
            if (!result.applied()) {
                List<NewEvent> batch = new ArrayList<>(settled.events());
                batch.add(glass);
                workflow.write(batch);
                return withRefusal(current, result.reason());
            }
            return gate.record(policy, request, result.decision(), List.of(glass));
        } catch (RuntimeException e) {
            // Fail closed like every other entry point: an emergency path that throws would be retried blindly.
            LOGGER.log(Level.WARNING, "Break-glass failed for " + correlationId, e);
            return Decision.denied(Failures.ENVIRONMENT_UNKNOWN, correlationId, Failures.POLICY_UNKNOWN,
                    clock.instant(), CheckResult.failed("break-glass", e instanceof PolicyUnavailableException
                            ? ReasonCode.POLICY_INVALID : ReasonCode.STORE_UNAVAILABLE,
                            "break-glass could not be recorded: " + Failures.describe(e), Map.of()));
        }
    }

    /** The decision to override was made under another policy than the one in force: gate again first. */
    private Optional<CheckResult> stalePolicy(Policy policy, Decision current) {
        Optional<String> inForce = workflow.policyInForce();
        boolean stale = !policy.hash().equals(current.policyHash())
                || (inForce.isPresent() && !inForce.get().equals(current.policyHash()));
        if (!stale) {
            return Optional.empty();
        }
        return Optional.of(CheckResult.failed("break-glass", ReasonCode.POLICY_STALE, "the decision was made under"
                + " policy " + current.policyHash() + " but " + inForce.orElse(policy.hash()) + " is in force; run"
                + " the gate again before breaking the glass", Map.of("expected.policyHash", current.policyHash(),
                "actual.policyHash", inForce.orElse(policy.hash()))));
    }

    /**
     * What the policy itself says about break-glass, before the engine's fixed rule (only windows and freezes): it is
     * off unless the policy names break-glass groups, the user must be in one of them, and only the rules the policy
     * lists under {@code breakGlass.overrides} may be overridden.
     */
    private static Optional<CheckResult> outsidePolicy(Policy policy, BreakGlassSubmission submission,
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

    List<String> openReviews() {
        // Stores open a review only for a break-glass that unblocked a promotion (outcome not DENY).
        return repository.store().openBreakGlassReviews();
    }

    /** Closes a review once; refused when the closer is the user who broke the glass, or without a note. */
    boolean closeReview(String correlationId, String closer, String note) {
        Optional<AuditEvent> opened = repository.store().byCorrelationId(correlationId).stream()
                .filter(e -> e.type() == AuditEventType.BREAK_GLASS && "true".equals(e.payload().get("applied")))
                .reduce((first, second) -> second);
        if (opened.isEmpty() || !openReviews().contains(correlationId)
                || opened.get().actor().equalsIgnoreCase(closer) || note.isBlank()) {
            return false;
        }
        try {
            repository.store().appendUnique(NewEvent.builder(AuditEventType.REVIEW_CLOSED, closer, ActorKind.HUMAN)
                    .correlationId(correlationId).environment(opened.get().environment())
                    .put(PayloadKeys.COMMENT, note)
                    .uniqueKey(UniqueKeys.reviewClosed(correlationId + "#" + opened.get().sequence())).build());
            return true;
        } catch (DuplicateEventException e) {
            return false;
        }
    }
}
