package io.jenkins.plugins.promotiongates.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.model.RootAction;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote.Verdict;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import io.jenkins.plugins.promotiongates.util.Json;
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
 * users with the Approve permission; plus a JSON API ({@code pending}, {@code decide}; POST with an API token or
 * crumb) with the same checks as the page.
 */
@Extension
public class PendingApprovalsAction implements RootAction {
    @CheckForNull
    private final transient RuntimeLocator locator;

    /** Used by Jenkins. */
    public PendingApprovalsAction() {
        this(null);
    }

    PendingApprovalsAction(@CheckForNull RuntimeLocator locator) {
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

    /** Pending approvals (newest first, as the engine lists them), only for users with the Approve permission. */
    public List<PendingApproval> getPending(@CheckForNull String environment) {
        if (!runtime().access().hasPermission(PromotionGatesPermissions.APPROVE)) {
            return List.of();
        }
        return runtime().service().pendingApprovals().stream()
                .filter(p -> environment == null || environment.isBlank()
                        || p.request().environment().equals(environment))
                .toList();
    }

    /** The run's approval page, relative to the Jenkins root; folders become {@code job/a/job/b}. */
    public static String approvalUrl(RunRef run, String environment) {
        StringJoiner url = new StringJoiner("/");
        for (String segment : run.job().split("/")) {
            url.add("job").add(segment);
        }
        return url + "/" + run.run() + "/promotion-approval-" + environment + "/";
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
        return HttpResponses.text(items.toString());
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
        return HttpResponses.text("{\"counted\":" + answer.result().counted()
                + ",\"outcome\":" + Json.quote(answer.result().decision().outcome().name())
                + ",\"message\":" + Json.quote(answer.message()) + "}");
    }
}
