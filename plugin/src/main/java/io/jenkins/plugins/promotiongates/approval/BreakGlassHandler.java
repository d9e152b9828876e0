package io.jenkins.plugins.promotiongates.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.service.BreakGlassSubmission;
import io.jenkins.plugins.promotiongates.util.RunRefs;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP-independent part of break-glass on a run's decision page (form and JSON): checks the verb, the caller,
 * the Break-glass permission and the written reason, then asks the engine, which alone decides what may be
 * overridden (a closed change window or a freeze, nothing else). An applied override is recorded on the run: the
 * decision page shows it, a promotion that now needs approvals gets its approval page, and a gate or
 * {@code waitForPromotion} still waiting in the run is woken.
 */
@Restricted(NoExternalUse.class)
public final class BreakGlassHandler {
    /** Form and API parameter names. */
    public static final String ENVIRONMENT = "environment";
    public static final String REASON = "reason";

    private final PromotionGatesRuntime runtime;
    @CheckForNull
    private final RuntimeLocator locator;

    public BreakGlassHandler(PromotionGatesRuntime runtime, @CheckForNull RuntimeLocator locator) {
        this.runtime = runtime;
        this.locator = locator;
    }

    /**
     * Overrides a denied gate of a run (break-glass), if the request and the caller may.
     *
     * @param method      the HTTP method (anything but POST is refused, whatever the routing did)
     * @param run         the run whose denied gate is overridden
     * @param decisions   the run's decisions
     * @param environment the environment of the denied gate
     * @param reason      the written reason (required, audited)
     */
    public Answer breakGlass(String method, Run<?, ?> run, PromotionDecisionAction decisions,
            @CheckForNull String environment, @CheckForNull String reason) {
        if (!"POST".equals(method)) {
            return Answer.refused(405, "Break-glass accepts POST only");
        }
        String user = runtime.access().currentUserId();
        if (user == null) {
            return Answer.refused(403, "Log in to break the glass");
        }
        if (!runtime.access().hasPermission(PromotionGatesPermissions.BREAK_GLASS)) {
            return Answer.refused(403, user + " lacks the Promotion Gates/BreakGlass permission");
        }
        if (reason == null || reason.isBlank()) {
            return Answer.refused(400, "Break-glass needs a written reason (it is audited and opens a post-incident review)");
        }
        DecisionView view = environment == null ? null : decisions.forEnvironment(environment);
        if (view == null) {
            return Answer.refused(404, "This run has no gate decision for '" + environment + "'");
        }
        if (!Outcome.DENY.name().equals(view.getOutcome())) {
            return Answer.refused(409, "Only a denied promotion can be overridden; the promotion to '" + environment
                    + "' is " + view.getOutcome());
        }
        Decision result = runtime.service().breakGlass(
                new BreakGlassSubmission(view.getCorrelationId(), user, runtime.access().currentUserGroups(), true,
                        reason.trim()));
        if (result.outcome() == Outcome.DENY) {
            // The engine keeps the denial and says why in its checks: only windows and freezes can be overridden.
            return new Answer(409, "Break-glass was not applied; the promotion to '" + environment
                    + "' stays denied because:" + failures(result), result, false);
        }
        decisions.record(new DecisionView(result, view.getDigests()));
        if (result.outcome() == Outcome.PENDING) {
            for (PromotionApprovalAction old : run.getActions(PromotionApprovalAction.class)) {
                if (old.getEnvironment().equals(environment)) {
                    run.removeAction(old);
                }
            }
            run.addAction(new PromotionApprovalAction(result.correlationId(), RunRefs.of(run).id(), environment,
                    List.copyOf(view.getDigests().values()), result.policyHash(), locator));
        }
        try {
            run.save();
        } catch (IOException e) {
            // the engine has recorded the override; the run page catches up from the next save
        }
        runtime.waitingGates().resume(result.correlationId(), result);
        return new Answer(200, String.format(Locale.ROOT, "%s broke the glass: the promotion to '%s' is now %s%s; a "
                + "post-incident review is open until someone else closes it", user, environment, result.outcome(),
                result.outcome() == Outcome.PENDING ? " (it still needs its approvals)" : ""), result, true);
    }

    private static String failures(Decision decision) {
        StringBuilder out = new StringBuilder();
        for (CheckResult check : decision.checks()) {
            if (check.status() == CheckStatus.FAILED) {
                out.append(String.format(Locale.ROOT, "%n  - [%s] %s: %s", check.gate(), check.code(), check.message()));
            }
        }
        return out.toString();
    }

    /**
     * What the handler answers.
     *
     * @param status   HTTP status: 200 applied, 409 the engine kept the denial, other 4xx refused before the engine
     * @param message  what happened and why
     * @param decision the engine's decision, if the request reached it
     * @param applied  whether the override took effect
     */
    public record Answer(int status, String message, @CheckForNull Decision decision, boolean applied) {
        static Answer refused(int status, String message) {
            return new Answer(status, message, null, false);
        }
    }
}
