package io.jenkins.plugins.promotiongates.engine.gate;

import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Escalation;
import io.jenkins.plugins.promotiongates.engine.model.Identifiers;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.policy.EnvironmentPolicy;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static io.jenkins.plugins.promotiongates.engine.gate.Checks.actionName;
import static io.jenkins.plugins.promotiongates.engine.gate.Checks.artifactsLabel;

/**
 * Evaluates a policy for one promotion request: a pure function of (policy, request, clock, ledger view, quarantine
 * state). Each {@link GateCheck} produces exactly one {@link CheckResult}, in the fixed order of {@link #GATES}; a
 * condition that is off is {@code NOT_APPLICABLE}, and when the environment is unknown only the checks that do not
 * need it run. The decision is the worst check: any enforced failure denies, any pending item needs a human, and an
 * evaluation error denies (fail closed). Thread-safe and allocation-light, so one instance serves all requests.
 */
public final class GateEvaluator {
    /** The checks in evaluation order (docs/policy-reference.md lists them so). */
    private static final List<GateCheck> CHECKS = List.of(new EnvironmentCheck(), new QuarantineCheck(),
            new ActionsCheck(), new AgentsCheck(), new AllowlistCheck(), new SignatureCheck(), new ProvenanceCheck(),
            new WindowsCheck(), new FreezesCheck(), new OrderCheck(), new TestsCheck(), new RollbackPlanCheck(),
            new EscalationCheck(), new ApprovalsCheck());

    /** The gates in evaluation order; each decision has one check per gate, in this order. */
    public static final List<String> GATES = CHECKS.stream().map(GateCheck::name).toList();

    private final Clock clock;

    public GateEvaluator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Decides the request without consulting quarantines (a policy replay, a policy test case): the quarantine gate
     * is {@code NOT_APPLICABLE}. Never throws for a bad request or a failing ledger.
     */
    public Decision evaluate(Policy policy, PromotionRequest request, PromotionHistory history) {
        return evaluate(policy, request, history, QuarantineState.notConsulted());
    }

    /** Decides the request. Never throws for a bad request or a failing ledger: those are denials with a reason. */
    public Decision evaluate(Policy policy, PromotionRequest request, PromotionHistory history,
            QuarantineState quarantines) {
        Instant now = clock.instant();
        try {
            return decide(new GateContext(policy, policy.environment(request.environment()).orElse(null), request,
                    history, quarantines, now));
        } catch (RuntimeException e) {
            return Decision.denied(request.environment(), request.correlationId(), policy.hash(), now,
                    CheckResult.failed("evaluation", ReasonCode.INTERNAL_ERROR, "The policy could not be evaluated ("
                            + e.getClass().getSimpleName() + "), so the promotion is denied.",
                            Map.of("error", Identifiers.printable(String.valueOf(e.getMessage())))));
        }
    }

    private static Decision decide(GateContext context) {
        EnvironmentPolicy env = context.environment();
        List<CheckResult> checks = new ArrayList<>(CHECKS.size());
        for (GateCheck check : CHECKS) {
            checks.add(env == null && check.needsEnvironment()
                    ? CheckResult.notApplicable(check.name(), "Not evaluated: the environment is unknown.")
                    : check.evaluate(context));
        }
        PromotionRequest request = context.request();
        Decision decision = Decision.fromChecks(env == null ? request.environment() : env.name(),
                request.correlationId(), context.policy().hash(), context.now(), checks, null);
        return decision.outcome() == Outcome.PENDING ? withEscalation(decision, request) : decision;
    }

    // ---- escalation record ----

    private static Decision withEscalation(Decision decision, PromotionRequest request) {
        List<CheckResult> triggers = new ArrayList<>();
        Map<String, String> evidence = new TreeMap<>();
        for (CheckResult check : decision.checks()) {
            if (check.status() == CheckStatus.PENDING && !"approvals".equals(check.gate())) {
                triggers.add(check);
                check.evidence().forEach((key, value) -> evidence.put(check.gate() + "." + key, value));
            }
        }
        if (triggers.isEmpty()) {
            return decision;
        }
        evidence.put("requester.kind", request.requester().kind().name().toLowerCase(Locale.ROOT));
        evidence.put("run", request.run().id());
        String attempted = actionName(request.action()) + " " + artifactsLabel(request) + " to "
                + request.environment();
        String needed = "Approve or reject: " + attempted + ", although "
                + String.join(" ", triggers.stream().map(CheckResult::message).toList());
        return decision.withEscalation(new Escalation(request.requester().id(), attempted, triggers, evidence,
                needed));
    }
}
