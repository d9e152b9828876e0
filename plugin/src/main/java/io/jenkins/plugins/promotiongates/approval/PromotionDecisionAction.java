package io.jenkins.plugins.promotiongates.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.util.Json;
import io.jenkins.plugins.promotiongates.util.JsonResponse;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.interceptor.RequirePOST;

import java.util.ArrayList;
import java.util.List;

/**
 * The gate decisions of one run, one per environment (latest wins), with every check; shown on the run page. A
 * denied decision offers break-glass to users with the Break-glass permission ({@code breakGlass} for the form,
 * {@code breakGlassJson} for other tools; both POST only).
 */
public class PromotionDecisionAction implements RunAction2 {
    private final List<DecisionView> decisions = new ArrayList<>();
    @CheckForNull
    private transient Run<?, ?> run;
    @CheckForNull
    private transient RuntimeLocator locator;

    /** Used when the runtime comes from the global configuration (and after a restart). */
    public PromotionDecisionAction() {
        this(null);
    }

    public PromotionDecisionAction(@CheckForNull RuntimeLocator locator) {
        this.locator = locator;
    }

    private PromotionGatesRuntime runtime() {
        return RuntimeLocator.resolve(locator);
    }

    /** Records (or replaces) the decision for its environment. */
    public synchronized void record(DecisionView decision) {
        decisions.removeIf(d -> d.getEnvironment().equals(decision.getEnvironment()));
        decisions.add(decision);
    }

    public synchronized List<DecisionView> getDecisions() {
        return List.copyOf(decisions);
    }

    /** The decision recorded for the environment, if the gate ran for it in this run. */
    @CheckForNull
    public synchronized DecisionView forEnvironment(String environment) {
        return decisions.stream().filter(d -> d.getEnvironment().equals(environment)).findFirst().orElse(null);
    }

    /** Whether the current user sees the break-glass form on denied decisions (the engine still decides). */
    public boolean isCanBreakGlass() {
        return runtime().access().hasPermission(PromotionGatesPermissions.BREAK_GLASS);
    }

    /** Break-glass from the page: back to the page when applied, otherwise an error page with the engine's reasons. */
    @RequirePOST
    public HttpResponse doBreakGlass(StaplerRequest2 req) {
        BreakGlassHandler.Answer answer = breakGlass(req);
        return answer.applied() ? HttpResponses.redirectTo(".")
                : HttpResponses.errorWithoutStack(answer.status(), answer.message());
    }

    /** Break-glass for other tools (API token): a JSON answer with the same checks as the form. */
    @RequirePOST
    public HttpResponse doBreakGlassJson(StaplerRequest2 req) {
        BreakGlassHandler.Answer answer = breakGlass(req);
        if (answer.decision() == null) {
            return HttpResponses.errorWithoutStack(answer.status(), answer.message());
        }
        return JsonResponse.ok("{\"applied\":" + answer.applied()
                + ",\"outcome\":" + Json.quote(answer.decision().outcome().name())
                + ",\"correlationId\":" + Json.quote(answer.decision().correlationId())
                + ",\"message\":" + Json.quote(answer.message()) + "}");
    }

    private BreakGlassHandler.Answer breakGlass(StaplerRequest2 req) {
        Run<?, ?> owner = run;
        if (owner == null) {
            return BreakGlassHandler.Answer.refused(404, "This decision page is not attached to a run");
        }
        return new BreakGlassHandler(runtime(), locator).breakGlass(req.getMethod(), owner, this,
                req.getParameter(BreakGlassHandler.ENVIRONMENT), req.getParameter(BreakGlassHandler.REASON));
    }

    @Override
    public String getIconFileName() {
        return "symbol-shield-checkmark-outline plugin-ionicons-api";
    }

    @Override
    public String getDisplayName() {
        return "Promotion Gates";
    }

    @Override
    public String getUrlName() {
        return "promotion-gates";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }
}
