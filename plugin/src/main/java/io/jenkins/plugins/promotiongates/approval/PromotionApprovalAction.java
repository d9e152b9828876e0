package io.jenkins.plugins.promotiongates.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.config.RuntimeLocator;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote.Verdict;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.interceptor.RequirePOST;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.CheckStatus;
import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The approval page of one pending promotion ({@code <run>/promotion-approval-<environment>/}). It stores only the
 * binding (correlation id, run, environment, digests, policy hash); the evidence comes from the engine each time
 * the page renders. Approve and reject are POST only (Stapler's CSRF filter checks the crumb) and go through
 * {@link ApprovalDecider}.
 */
public class PromotionApprovalAction implements RunAction2 {
    /** The engine's gate names for the change window and freeze checks. */
    private static final Set<String> SCHEDULE_GATES = Set.of("windows", "freezes");
    private final String correlationId;
    private final String runId;
    private final String environment;
    private final List<String> digests;
    private final String policyHash;
    @CheckForNull
    private transient RuntimeLocator locator;

    public PromotionApprovalAction(String correlationId, String runId, String environment, List<String> digests,
            String policyHash, @CheckForNull RuntimeLocator locator) {
        this.correlationId = correlationId;
        this.runId = runId;
        this.environment = environment;
        this.digests = List.copyOf(digests);
        this.policyHash = policyHash;
        this.locator = locator;
    }

    private PromotionGatesRuntime runtime() {
        return RuntimeLocator.resolve(locator);
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public String getRunId() {
        return runId;
    }

    public String getEnvironment() {
        return environment;
    }

    public List<String> getDigests() {
        return digests;
    }

    /** The digests as posted back by the form. */
    public String getDigestList() {
        return String.join(",", digests);
    }

    public String getPolicyHash() {
        return policyHash;
    }

    /** The pending request with its evidence, or {@code null} once it is decided, withdrawn or timed out. */
    @CheckForNull
    public PendingApproval getPending() {
        return runtime().service().pendingApprovals().stream()
                .filter(p -> p.decision().correlationId().equals(correlationId)).findFirst().orElse(null);
    }

    /**
     * Where the promoted digests were deployed successfully before, and when (the engine's ledger), in promotion
     * order; empty once the promotion is no longer pending.
     */
    public List<EarlierEnvironment> getEarlierEnvironments() {
        PendingApproval pending = getPending();
        if (pending == null) {
            return List.of();
        }
        List<EarlierEnvironment> rows = new ArrayList<>();
        for (ArtifactEvidence artifact : pending.request().artifacts()) {
            Digest digest = artifact.artifact().digest();
            for (Map.Entry<String, Instant> deployed : runtime().service().deployments(digest).entrySet()) {
                rows.add(new EarlierEnvironment(artifact.artifact().name(), digest.toString(), deployed.getKey(),
                        deployed.getValue().toString()));
            }
        }
        return rows;
    }

    /** The change window and freeze checks of the pending decision (what break-glass could override). */
    public List<CheckResult> getScheduleChecks() {
        PendingApproval pending = getPending();
        return pending == null ? List.of() : pending.decision().checks().stream()
                .filter(c -> SCHEDULE_GATES.contains(c.gate())).toList();
    }

    /** The checks still waiting for people: what decision is needed. */
    public List<CheckResult> getOpenChecks() {
        PendingApproval pending = getPending();
        return pending == null ? List.of() : pending.decision().checks().stream()
                .filter(c -> c.status() == CheckStatus.PENDING).toList();
    }

    /** One earlier successful deployment of a promoted artifact. */
    public record EarlierEnvironment(String artifact, String digest, String environment, String deployedAt) {
    }

    /**
     * Whether the current user may press the buttons: the Approve permission on this run's job (the engine still
     * checks groups, N-of-M, self-approval).
     */
    public boolean isCanDecide() {
        String job = ApprovalDecider.jobOf(correlationId);
        return job != null && runtime().access().hasPermission(job, PromotionGatesPermissions.APPROVE);
    }

    @Override
    @CheckForNull
    public String getIconFileName() {
        return "symbol-hand-left-outline plugin-ionicons-api";
    }

    @Override
    public String getDisplayName() {
        return "Approve " + environment;
    }

    @Override
    public String getUrlName() {
        return "promotion-approval-" + environment;
    }

    @RequirePOST
    public HttpResponse doApprove(StaplerRequest2 req) {
        return answer(new ApprovalDecider(runtime()).decide(req.getMethod(), Verdict.APPROVE, params(req)));
    }

    @RequirePOST
    public HttpResponse doReject(StaplerRequest2 req) {
        return answer(new ApprovalDecider(runtime()).decide(req.getMethod(), Verdict.REJECT, params(req)));
    }

    private static Map<String, String> params(StaplerRequest2 req) {
        Map<String, String> params = new HashMap<>();
        for (String name : List.of(ApprovalDecider.CORRELATION_ID, ApprovalDecider.RUN_ID, ApprovalDecider.ENVIRONMENT,
                ApprovalDecider.DIGESTS, ApprovalDecider.POLICY_HASH, ApprovalDecider.COMMENT)) {
            String value = req.getParameter(name);
            if (value != null) {
                params.put(name, value);
            }
        }
        return params;
    }

    private static HttpResponse answer(ApprovalDecider.Answer answer) {
        return answer.isOk() ? HttpResponses.redirectTo("..") : HttpResponses.errorWithoutStack(answer.status(), answer.message());
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        // the binding is complete at construction
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        // the evidence is read from the engine on every render; nothing to rebuild
    }
}
