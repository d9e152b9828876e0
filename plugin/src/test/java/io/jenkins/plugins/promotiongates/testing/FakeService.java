package io.jenkins.plugins.promotiongates.testing;

import io.jenkins.plugins.promotiongates.engine.model.ArtifactEvidence;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalResult;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote;
import io.jenkins.plugins.promotiongates.engine.service.CredentialDecision;
import io.jenkins.plugins.promotiongates.engine.service.CredentialRequest;
import io.jenkins.plugins.promotiongates.engine.service.DeploymentReport;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import io.jenkins.plugins.promotiongates.engine.service.PromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small, realistic engine: staging needs a bundle, production needs one approval, the store can be "down", and
 * credentials are mapped to one environment each. Decisions are built with the real model values.
 */
public final class FakeService implements PromotionService {
    public static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    public static final String POLICY = "sha256:policy";
    public boolean storeDown;
    /** Environments whose policy requires a human. */
    public final java.util.Set<String> approvalEnvironments = new java.util.HashSet<>(java.util.Set.of("production"));
    public final Map<String, String> credentialEnvironment = new LinkedHashMap<>(Map.of("prod-deploy", "production",
            "staging-deploy", "staging"));
    public final Map<String, PromotionSubmission> submissions = new LinkedHashMap<>();
    /** Every credential request, in order (synchronized: the binding runs on another thread, as in Jenkins). */
    public final List<CredentialRequest> credentialRequests = java.util.Collections.synchronizedList(new ArrayList<>());
    public final Map<String, Decision> decisions = new LinkedHashMap<>();
    public final List<ApprovalVote> votes = new ArrayList<>();
    public final List<String> withdrawn = new ArrayList<>();
    public final List<DeploymentReport> deployments = new ArrayList<>();

    @Override
    public Decision requestPromotion(PromotionSubmission s) {
        if (storeDown) {
            return Decision.denied(s.environment(), s.correlationId(), POLICY, NOW, CheckResult.failed("ledger",
                    ReasonCode.STORE_UNAVAILABLE, "The audit store is unavailable", Map.of()));
        }
        submissions.put(s.correlationId(), s);
        if (!s.refusals().isEmpty()) {
            // As DefaultPromotionService.requestPromotion: the caller's refusals are the denial's reasons.
            return Decision.fromChecks(s.environment(), s.correlationId(), POLICY, NOW, s.refusals(), null);
        }
        List<CheckResult> checks = new ArrayList<>();
        for (var a : s.artifacts()) {
            checks.add(a.bundleJson() == null
                    ? CheckResult.failed("signature", ReasonCode.SIGNATURE_MISSING, "No Sigstore bundle for " + a.artifact().name(), Map.of())
                    : CheckResult.passed("signature", "Signed " + a.artifact().name(), Map.of()));
        }
        if (approvalEnvironments.contains(s.environment())) {
            checks.add(CheckResult.pending("approval", ReasonCode.APPROVAL_REQUIRED, "1 approval from release-managers needed", Map.of()));
        }
        Decision d = Decision.fromChecks(s.environment(), s.correlationId(), POLICY, NOW, checks, null);
        decisions.put(s.correlationId(), d);
        return d;
    }

    @Override
    public ApprovalResult decide(ApprovalVote vote) {
        votes.add(vote);
        Decision current = decisions.get(vote.correlationId());
        if (current == null || !vote.policyHash().equals(POLICY)) {
            CheckResult no = CheckResult.failed("approval", ReasonCode.APPROVAL_BINDING_MISMATCH, "Vote does not match a pending promotion", Map.of());
            return new ApprovalResult(false, no, current == null ? Decision.denied(vote.environment(), vote.correlationId(), POLICY, NOW, no) : current);
        }
        CheckResult check = vote.verdict() == ApprovalVote.Verdict.APPROVE
                ? CheckResult.passed("approval", "Approved by " + vote.voter(), Map.of())
                : CheckResult.failed("approval", ReasonCode.APPROVAL_REJECTED, "Rejected by " + vote.voter() + ": " + vote.comment(), Map.of());
        List<CheckResult> checks = new ArrayList<>(current.checks().stream().filter(c -> !c.gate().equals("approval")).toList());
        checks.add(check);
        Decision d = Decision.fromChecks(current.environment(), current.correlationId(), POLICY, NOW, checks, null);
        decisions.put(vote.correlationId(), d);
        return new ApprovalResult(true, check, d);
    }

    /** What the engine does when the policy's approval timeout passes. */
    public void timeOut(String correlationId) {
        Decision current = decisions.get(correlationId);
        decisions.put(correlationId, Decision.denied(current.environment(), correlationId, POLICY, NOW.plusSeconds(86_400),
                CheckResult.failed("approval", ReasonCode.APPROVAL_TIMED_OUT, "No decision within 24h: rejected", Map.of())));
    }

    @Override
    public Optional<Decision> currentDecision(String correlationId) {
        return Optional.ofNullable(decisions.get(correlationId));
    }

    @Override
    public Decision withdraw(String correlationId, String actor, String reason) {
        withdrawn.add(correlationId);
        Decision d = Decision.denied("production", correlationId, POLICY, NOW,
                CheckResult.failed("approval", ReasonCode.APPROVAL_WITHDRAWN, reason, Map.of()));
        decisions.put(correlationId, d);
        return d;
    }

    @Override
    public List<PendingApproval> pendingApprovals() {
        List<PendingApproval> pending = new ArrayList<>();
        decisions.forEach((id, d) -> {
            if (d.outcome() == io.jenkins.plugins.promotiongates.engine.model.Outcome.PENDING) {
                PromotionSubmission s = submissions.get(id);
                PromotionRequest.Builder request = PromotionRequest.builder(id, s.environment(), s.requester(), s.run());
                s.artifacts().forEach(a -> request.artifact(new ArtifactEvidence(a.artifact(), null, null)));
                pending.add(0, new PendingApproval(request.build(), d, List.of(), 1, NOW.plusSeconds(86_400)));
            }
        });
        return pending;
    }

    @Override
    public CredentialDecision authorizeCredential(CredentialRequest request) {
        credentialRequests.add(request);
        List<CheckResult> checks = new ArrayList<>();
        String correlationId = request.run().id() + "/" + request.environment();
        if (!request.environment().equals(credentialEnvironment.get(request.credentialId()))) {
            checks.add(CheckResult.failed("credential-scope", ReasonCode.CREDENTIAL_OUT_OF_SCOPE, "Credential '"
                    + request.credentialId() + "' is scoped to " + credentialEnvironment.get(request.credentialId()), Map.of()));
        }
        PromotionSubmission gated = submissions.get(correlationId);
        Decision decision = decisions.get(correlationId);
        if (gated == null || decision == null || !decision.isAllowed()) {
            checks.add(CheckResult.failed("credential-gate", ReasonCode.CREDENTIAL_NOT_GATED, "This run did not pass the gate for " + request.environment(), Map.of()));
        } else if (!gated.artifacts().stream().map(a -> a.artifact()).toList().equals(request.currentDigests())) {
            checks.add(CheckResult.failed("credential-digest", ReasonCode.ARTIFACT_CHANGED_SINCE_GATE, "Artifacts changed since the gate", Map.of()));
        }
        return new CredentialDecision(checks.isEmpty(), correlationId, checks);
    }

    @Override
    public void recordDeployment(DeploymentReport report) {
        if (storeDown) {
            throw new IllegalStateException("store unavailable");
        }
        deployments.add(report);
    }

    @Override
    public Decision breakGlass(io.jenkins.plugins.promotiongates.engine.service.BreakGlassSubmission submission) {
        return decisions.get(submission.correlationId());
    }

    @Override
    public List<String> openReviews() {
        return List.of();
    }

    @Override
    public boolean closeReview(String correlationId, String closer, String note) {
        return false;
    }

    @Override
    public boolean liftQuarantine(String identity, String admin, String reason) {
        return false;
    }

    @Override
    public java.util.Map<String, java.time.Instant> deployments(io.jenkins.plugins.promotiongates.engine.model.Digest digest) {
        return java.util.Map.of();
    }
}
