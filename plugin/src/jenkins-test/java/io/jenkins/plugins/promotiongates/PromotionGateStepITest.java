package io.jenkins.plugins.promotiongates;

import io.jenkins.plugins.promotiongates.config.PromotionGatesConfiguration;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalResult;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote;
import io.jenkins.plugins.promotiongates.engine.service.BreakGlassSubmission;
import io.jenkins.plugins.promotiongates.engine.service.CredentialDecision;
import io.jenkins.plugins.promotiongates.engine.service.CredentialRequest;
import io.jenkins.plugins.promotiongates.engine.service.DeploymentReport;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import io.jenkins.plugins.promotiongates.engine.service.PromotionService;
import io.jenkins.plugins.promotiongates.engine.service.PromotionSubmission;
import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pipeline tests in a real Jenkins: run by plugin/pom.xml (-Pjenkins); the default build only compiles them (pom-offline.xml, against build-support/jenkins-test-stubs). */
@WithJenkins
class PromotionGateStepITest {
    /** Allows staging when every artifact has a bundle; denies anything else. */
    private static final class SignedOnlyService implements PromotionService {
        @Override
        public Decision requestPromotion(PromotionSubmission s) {
            boolean signed = s.artifacts().stream().allMatch(a -> a.bundleJson() != null);
            CheckResult check = signed ? CheckResult.passed("signature", "signed", Map.of())
                    : CheckResult.failed("signature", ReasonCode.SIGNATURE_MISSING, "no bundle", Map.of());
            return Decision.fromChecks(s.environment(), s.correlationId(), "sha256:test", Instant.EPOCH, List.of(check), null);
        }

        @Override
        public ApprovalResult decide(ApprovalVote vote) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Decision> currentDecision(String correlationId) {
            return Optional.empty();
        }

        @Override
        public Decision withdraw(String correlationId, String actor, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PendingApproval> pendingApprovals() {
            return List.of();
        }

        @Override
        public CredentialDecision authorizeCredential(CredentialRequest request) {
            return new CredentialDecision(false, null, List.of());
        }

        @Override
        public void recordDeployment(DeploymentReport report) {
        }

        @Override
        public Decision breakGlass(BreakGlassSubmission submission) {
            throw new UnsupportedOperationException();
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
        public Map<String, Instant> deployments(Digest digest) {
            return Map.of();
        }

        @Override
        public boolean liftQuarantine(String identity, String admin, String reason) {
            return false;
        }
    }

    private static WorkflowJob pipeline(JenkinsRule j, String script) throws Exception {
        PromotionGatesConfiguration.get().wire(settings -> new SignedOnlyService(), (yaml, source) -> List.of());
        WorkflowJob p = j.createProject(WorkflowJob.class, "shop");
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    @Test
    void shouldReturnDecisionWhenAllowed(JenkinsRule j) throws Exception {
        WorkflowJob p = pipeline(j, """
                node {
                  writeFile file: 'app.jar', text: 'app'
                  writeFile file: 'app.jar.sigstore.json', text: '{}'
                  def d = promotionGate(environment: 'staging', artifacts: '*.jar')
                  echo "outcome=${d.outcome} id=${d.correlationId}"
                }\
                """);
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("outcome=ALLOW id=shop#1/staging", b);
    }

    @Test
    void shouldFailBuildWithReasonsWhenDenied(JenkinsRule j) throws Exception {
        WorkflowJob p = pipeline(j, """
                node {
                  writeFile file: 'app.jar', text: 'app'
                  promotionGate(environment: 'staging', artifacts: '*.jar')
                }\
                """);
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("SIGNATURE_MISSING", b);
    }
}
