package io.jenkins.plugins.promotiongates.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.RootAction;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote.Verdict;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import io.jenkins.plugins.promotiongates.util.AccessChecks;
import io.jenkins.plugins.promotiongates.util.Json;
import io.jenkins.plugins.promotiongates.util.JsonResponse;
import io.jenkins.plugins.promotiongates.util.UrlPaths;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code /promotion-approvals/}: every promotion waiting for a human, newest first, filterable by environment, for
 * users with the Approve permission, with the open post-incident reviews of break-glass overrides and (for
 * administrators) the quarantine lift; plus a JSON API ({@code pending}, {@code decide}, {@code reviews},
 * {@code closeReview}, {@code liftQuarantine}; POST with an API token or crumb) with the same checks as the page.
 */
@Extension
public class PendingApprovalsAction implements RootAction {
    @CheckForNull
    private final transient RuntimeLocator locator;

    /** Used by Jenkins. */
    public PendingApprovalsAction() {
        this(null);
    }

    /** For tests of other packages that drive the page with their own runtime. */
    @org.kohsuke.accmod.Restricted(org.kohsuke.accmod.restrictions.NoExternalUse.class)
    public PendingApprovalsAction(@CheckForNull RuntimeLocator locator) {
        this.locator = locator;
    }

    private PromotionGatesRuntime runtime() {
        return RuntimeLocator.resolve(locator);
    }

    @Override
    @CheckForNull
    public String getIconFileName() {
        return runtime().access().hasPermission(PromotionGatesPermissions.APPROVE)
                ? "symbol-hand-left-outline plugin-ionicons-api" : null;
    }

    @Override
    public String getDisplayName() {
        return "Pending promotions";
    }

    @Override
    public String getUrlName() {
        return "promotion-approvals";
    }

    /**
     * Pending approvals (newest first, as the engine lists them), only for users with the Approve permission, and
     * of those only the ones whose job the user may read (Item/Read on the job: a folder's promotions stay hidden
     * from people who cannot see the folder).
     */
    public List<PendingApproval> getPending(@CheckForNull String environment) {
        AccessChecks access = runtime().access();
        if (!access.hasPermission(PromotionGatesPermissions.APPROVE)) {
            return List.of();
        }
        return runtime().service().pendingApprovals().stream()
                .filter(p -> access.hasPermission(p.request().run().job(), Item.READ))
                .filter(p -> environment == null || environment.isBlank()
                        || p.request().environment().equals(environment))
                .toList();
    }

    /** Open post-incident reviews (correlation ids of break-glass overrides, newest first), for release managers. */
    public List<String> getOpenReviews() {
        return isCanCloseReviews() ? runtime().service().openReviews() : List.of();
    }

    public boolean isCanCloseReviews() {
        return new IncidentActions(runtime()).canCloseReviews();
    }

    public boolean isCanLiftQuarantine() {
        return new IncidentActions(runtime()).canLiftQuarantine();
    }

    /** The run page of a correlation id {@code job#number/environment}, relative to the Jenkins root. */
    public static String runUrl(String correlationId) {
        int hash = correlationId.lastIndexOf('#');
        int slash = correlationId.indexOf('/', Math.max(hash, 0));
        if (hash < 0 || slash < 0) {
            return "";
        }
        StringJoiner url = new StringJoiner("/");
        for (String segment : correlationId.substring(0, hash).split("/", -1)) {
            url.add("job").add(UrlPaths.segment(segment));
        }
        return url + "/" + UrlPaths.segment(correlationId.substring(hash + 1, slash)) + "/promotion-gates/";
    }

    /** Closes a review (POST, comment required); refused for the user who broke the glass. */
    @POST
    public HttpResponse doCloseReview(StaplerRequest2 req) {
        return answer(new IncidentActions(runtime()).closeReview(req.getMethod(), req.getParameter("correlationId"),
                req.getParameter("comment")));
    }

    /** Lifts a quarantine (POST, Overall/Administer, reason required). */
    @POST
    public HttpResponse doLiftQuarantine(StaplerRequest2 req) {
        return answer(new IncidentActions(runtime()).liftQuarantine(req.getMethod(), req.getParameter("identity"),
                req.getParameter("reason")));
    }

    /** JSON list of open post-incident reviews. POST only, Approve permission required. */
    @POST
    public HttpResponse doReviews() {
        if (!isCanCloseReviews()) {
            return HttpResponses.errorWithoutStack(403, "Promotion Gates/Approve permission required");
        }
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (String correlationId : getOpenReviews()) {
            items.add("{\"correlationId\":" + Json.quote(correlationId) + ",\"url\":" + Json.quote(runUrl(correlationId)) + "}");
        }
        return JsonResponse.ok(items.toString());
    }

    private static HttpResponse answer(ApprovalDecider.Answer answer) {
        return answer.isOk() ? HttpResponses.redirectTo(".") : HttpResponses.errorWithoutStack(answer.status(), answer.message());
    }

    /** The run's approval page, relative to the Jenkins root; folders become {@code job/a/job/b}. */
    public static String approvalUrl(RunRef run, String environment) {
        StringJoiner url = new StringJoiner("/");
        for (String segment : run.job().split("/", -1)) {
            url.add("job").add(UrlPaths.segment(segment));
        }
        return url + "/" + UrlPaths.segment(run.run()) + "/" + UrlPaths.segment("promotion-approval-" + environment) + "/";
    }

    /** JSON list of pending approvals. POST only, Approve permission required. */
    @POST
    public HttpResponse doPending(@QueryParameter String environment) {
        if (!runtime().access().hasPermission(PromotionGatesPermissions.APPROVE)) {
            return HttpResponses.errorWithoutStack(403, "Promotion Gates/Approve permission required");
        }
        StringJoiner items = new StringJoiner(",", "[", "]");
        for (PendingApproval pending : getPending(environment)) {
            StringJoiner digests = new StringJoiner(",", "[", "]");
            for (ArtifactEvidence artifact : pending.request().artifacts()) {
                digests.add(Json.quote(artifact.artifact().digest().toString()));
            }
            items.add("{\"correlationId\":" + Json.quote(pending.decision().correlationId())
                    + ",\"environment\":" + Json.quote(pending.request().environment())
                    + ",\"runId\":" + Json.quote(pending.request().run().id())
                    + ",\"job\":" + Json.quote(pending.request().run().job())
                    + ",\"requester\":" + Json.quote(pending.request().requester().id())
                    + ",\"policyHash\":" + Json.quote(pending.decision().policyHash())
                    + ",\"digests\":" + digests
                    + ",\"approvedBy\":" + pending.approvedBy().size()
                    + ",\"required\":" + pending.required()
                    + ",\"expiresAt\":" + Json.quote(pending.expiresAt().toString())
                    + ",\"url\":" + Json.quote(approvalUrl(pending.request().run(), pending.request().environment()))
                    + "}");
        }
        return JsonResponse.ok(items.toString());
    }

    /** JSON decision: {@code verdict=approve|reject} plus the binding; same checks as the page. */
    @POST
    public HttpResponse doDecide(StaplerRequest2 req) {
        String verdictText = req.getParameter("verdict");
        Verdict verdict;
        if ("approve".equals(verdictText)) {
            verdict = Verdict.APPROVE;
        } else if ("reject".equals(verdictText)) {
            verdict = Verdict.REJECT;
        } else {
            return HttpResponses.errorWithoutStack(400, "verdict must be 'approve' or 'reject'");
        }
        Map<String, String> params = new HashMap<>();
        for (String name : List.of(ApprovalDecider.CORRELATION_ID, ApprovalDecider.RUN_ID, ApprovalDecider.ENVIRONMENT,
                ApprovalDecider.DIGESTS, ApprovalDecider.POLICY_HASH, ApprovalDecider.COMMENT)) {
            String value = req.getParameter(name);
            if (value != null) {
                params.put(name, value);
            }
        }
        ApprovalDecider.Answer answer = new ApprovalDecider(runtime()).decide(req.getMethod(), verdict, params);
        if (answer.result() == null) {
            return HttpResponses.errorWithoutStack(answer.status(), answer.message());
        }
        return JsonResponse.ok("{\"counted\":" + answer.result().counted()
                + ",\"outcome\":" + Json.quote(answer.result().decision().outcome().name())
                + ",\"message\":" + Json.quote(answer.message()) + "}");
    }
}
