package io.jenkins.plugins.promotiongates.config;

import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalResult;
import io.jenkins.plugins.promotiongates.engine.service.BreakGlassSubmission;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote;
import io.jenkins.plugins.promotiongates.engine.service.CredentialDecision;
import io.jenkins.plugins.promotiongates.engine.service.CredentialRequest;
import io.jenkins.plugins.promotiongates.engine.service.DeploymentReport;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import io.jenkins.plugins.promotiongates.engine.service.PromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stands in when the engine's service cannot start (store unreachable, configured policy unreadable): it denies every
 * promotion and every credential with a reason, so a broken installation fails closed.
 */
final class UnwiredPromotionService implements PromotionService {
    private static final String WHY = "The Promotion Gates engine could not start (see the Jenkins log); every gate denies";

    private static CheckResult reason() {
        return CheckResult.failed("service", ReasonCode.INTERNAL_ERROR, WHY, Map.of());
    }

    private static Decision denied(String environment, String correlationId) {
        return Decision.denied(environment, correlationId, "none", Instant.EPOCH, reason());
    }

    @Override
    public Decision requestPromotion(PromotionSubmission submission) {
        return denied(submission.environment(), submission.correlationId());
    }

    @Override
    public ApprovalResult decide(ApprovalVote vote) {
        return new ApprovalResult(false, reason(), denied(vote.environment(), vote.correlationId()));
    }

    @Override
    public Optional<Decision> currentDecision(String correlationId) {
        return Optional.empty();
    }

    @Override
    public Decision withdraw(String correlationId, String actor, String reason) {
        return denied("unknown", correlationId);
    }

    @Override
    public List<PendingApproval> pendingApprovals() {
        return List.of();
    }

    @Override
    public CredentialDecision authorizeCredential(CredentialRequest request) {
        return new CredentialDecision(false, null, List.of(reason()));
    }

    @Override
    public void recordDeployment(DeploymentReport report) {
        throw new IllegalStateException(WHY);
    }

    @Override
    public Decision breakGlass(BreakGlassSubmission submission) {
        return denied("unknown", submission.correlationId());
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
