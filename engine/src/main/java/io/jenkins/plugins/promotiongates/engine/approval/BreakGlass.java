package io.jenkins.plugins.promotiongates.engine.approval;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The emergency path: a user with the Break-glass permission and a written reason may override a closed change
 * window or a freeze, and nothing else. Signature, provenance, credential scope, entitlement and every other check
 * still apply; if any of them fails the decision stays DENY and no review is opened. When the override unblocks the
 * promotion, a post-incident {@link ReviewItem} is opened.
 */
public final class BreakGlass {
    /** The only failures break-glass may turn into passes. */
    public static final Set<ReasonCode> OVERRIDABLE = Collections.unmodifiableSet(
            EnumSet.of(ReasonCode.OUTSIDE_CHANGE_WINDOW, ReasonCode.FREEZE_ACTIVE));
    private static final String GATE = "break-glass";

    private final Clock clock;

    public BreakGlass(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public BreakGlassResult apply(Decision decision, BreakGlassRequest request) {
        Map<String, String> who = Map.of("user", request.user());
        if (!request.hasBreakGlassPermission()) {
            return refused(decision, ReasonCode.APPROVER_NOT_AUTHORIZED, request.user()
                    + " lacks the Break-glass permission", who);
        }
        if (request.reason().isBlank()) {
            return refused(decision, ReasonCode.INVALID_REQUEST, "break-glass needs a written reason", who);
        }
        Instant now = clock.instant();
        List<CheckResult> checks = new ArrayList<>();
        List<ReasonCode> overridden = new ArrayList<>();
        for (CheckResult check : decision.checks()) {
            if (check.status() == CheckStatus.FAILED && OVERRIDABLE.contains(check.code())) {
                checks.add(overridden(check, request, now));
                overridden.add(check.code());
            } else {
                checks.add(check);
            }
        }
        if (overridden.isEmpty()) {
            return refused(decision, decision.outcome() == Outcome.DENY ? firstFailure(decision) : ReasonCode.INVALID_REQUEST,
                    "nothing break-glass may override: it covers only " + OVERRIDABLE + " failures", who);
        }
        Decision result = Decision.fromChecks(decision.environment(), decision.correlationId(), decision.policyHash(),
                now, checks, decision.escalation());
        if (result.outcome() == Outcome.DENY) {
            List<ReasonCode> remaining = result.checks().stream().filter(c -> c.status() == CheckStatus.FAILED)
                    .map(CheckResult::code).toList();
            return new BreakGlassResult(false, result, CheckResult.failed(GATE, remaining.get(0),
                    "break-glass may override only " + OVERRIDABLE + "; still failing: " + remaining,
                    Map.of("user", request.user(), "stillFailing", remaining.toString())), null);
        }
        ReviewItem review = new ReviewItem(decision.correlationId(), decision.environment(), request.user(),
                request.reason(), overridden, now, null, null, null);
        return new BreakGlassResult(true, result, CheckResult.passed(GATE, request.user() + " broke the glass for "
                + overridden + ": " + request.reason(), Map.of("user", request.user(), "reason", request.reason(),
                "overridden", overridden.toString())), review);
    }

    private static CheckResult overridden(CheckResult check, BreakGlassRequest request, Instant now) {
        Map<String, String> evidence = new TreeMap<>(check.evidence());
        evidence.put("breakGlass.user", request.user());
        evidence.put("breakGlass.reason", request.reason());
        evidence.put("breakGlass.at", now.toString());
        evidence.put("breakGlass.overriddenCode", check.code().name());
        return new CheckResult(check.gate(), CheckStatus.PASSED, ReasonCode.BREAK_GLASS, "[break-glass by "
                + request.user() + "] " + check.message(), evidence);
    }

    private static ReasonCode firstFailure(Decision decision) {
        return decision.checks().stream().filter(c -> c.status() == CheckStatus.FAILED).map(CheckResult::code)
                .findFirst().orElse(ReasonCode.INVALID_REQUEST);
    }

    private static BreakGlassResult refused(Decision decision, ReasonCode code, String message, Map<String, String> evidence) {
        return new BreakGlassResult(false, decision, CheckResult.failed(GATE, code, message, evidence), null);
    }
}
