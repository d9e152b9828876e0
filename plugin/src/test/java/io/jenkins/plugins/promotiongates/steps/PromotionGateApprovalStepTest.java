package io.jenkins.plugins.promotiongates.steps;

import hudson.AbortException;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.approval.ApprovalDecider;
import io.jenkins.plugins.promotiongates.approval.PromotionApprovalAction;
import io.jenkins.plugins.promotiongates.approval.PromotionDecisionAction;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote.Verdict;
import io.jenkins.plugins.promotiongates.testing.FakeService;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromotionGateApprovalStepTest {
    @TempDir
    Path workspace;
    private final FakeService service = new FakeService();
    private final FakeAccess access = new FakeAccess();
    private PromotionGateStep.Execution execution;
    private PromotionGatesRuntime runtime;
    private RecordingContext context;

    @BeforeEach
    void setUp() throws IOException {
        runtime = TestJenkins.runtime(service, access, (id, decision) -> execution.complete(id, decision));
        context = new RecordingContext(new FakeRun(), workspace.toFile());
    }

    private void artifact(boolean signed) throws IOException {
        Files.createDirectories(workspace.resolve("build"));
        Files.writeString(workspace.resolve("build/app.jar"), "app");
        if (signed) {
            Files.writeString(workspace.resolve("build/app.jar.sigstore.json"), "{}");
        }
    }

    private void gate(String environment) {
        execution = new PromotionGateStep.Execution(context, new PromotionGateStep(environment, "build/*.jar"), () -> runtime);
        assertThat(execution.start()).isFalse();
    }

    @Test
    void shouldReturnDecisionMapWhenAllowed() throws IOException {
        artifact(true);
        gate("staging");
        assertThat(context.failure).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) context.result;
        assertThat(result).containsEntry("environment", "staging").containsEntry("outcome", "ALLOW")
                .containsEntry("correlationId", "shop#42/staging");
        assertThat(result.get("digests").toString()).contains("build/app.jar=sha256:");
        assertThat(context.run.getAction(PromotionDecisionAction.class).forEnvironment("staging").getChecks()).isNotEmpty();
    }

    @Test
    void shouldFailWithReasonsWhenEvidenceMissing() throws IOException {
        artifact(false);
        gate("staging");
        assertThat(context.failure).isInstanceOf(AbortException.class)
                .hasMessageContaining("denied").hasMessageContaining("SIGNATURE_MISSING");
        assertThat(context.log.text()).contains("(no bundle)");
    }

    @Test
    void shouldDenyWhenStoreDown() throws IOException {
        artifact(true);
        service.storeDown = true;
        gate("staging");
        assertThat(context.failure).hasMessageContaining("STORE_UNAVAILABLE");
    }

    @Test
    void shouldFailWhenNoArtifactMatches() {
        gate("staging");
        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("build/*.jar");
    }

    @Test
    void shouldWaitThenResumeWhenApproved() throws IOException {
        artifact(true);
        gate("production");
        assertThat(context.completions).isZero();
        PromotionApprovalAction action = context.run.getAction(PromotionApprovalAction.class);
        assertThat(action.getPending().request().environment()).isEqualTo("production");
        access.granted.add(PromotionGatesPermissions.APPROVE);
        ApprovalDecider.Answer answer = new ApprovalDecider(runtime).decide("POST", Verdict.APPROVE, binding(action, null));
        assertThat(answer.isOk()).isTrue();
        assertThat(context.completions).isOne();
        assertThat(context.failure).isNull();
        assertThat(service.votes.get(0).digests()).hasSize(1);
    }

    @Test
    void shouldFailWhenRejected() throws IOException {
        artifact(true);
        gate("production");
        access.granted.add(PromotionGatesPermissions.APPROVE);
        PromotionApprovalAction action = context.run.getAction(PromotionApprovalAction.class);
        assertThat(new ApprovalDecider(runtime).decide("POST", Verdict.REJECT, binding(action, null)).status()).isEqualTo(400);
        new ApprovalDecider(runtime).decide("POST", Verdict.REJECT, binding(action, "tests are red"));
        assertThat(context.failure).hasMessageContaining("APPROVAL_REJECTED").hasMessageContaining("tests are red");
    }

    @Test
    void shouldRefuseGetAndMissingPermission() throws IOException {
        artifact(true);
        gate("production");
        PromotionApprovalAction action = context.run.getAction(PromotionApprovalAction.class);
        assertThat(new ApprovalDecider(runtime).decide("GET", Verdict.APPROVE, binding(action, null)).status()).isEqualTo(405);
        assertThat(new ApprovalDecider(runtime).decide("POST", Verdict.APPROVE, binding(action, null)).status()).isEqualTo(403);
        assertThat(service.votes).isEmpty();
        assertThat(context.completions).isZero();
    }

    @Test
    void shouldKeepOneApprovalPagePerEnvironment() throws IOException {
        artifact(true);
        service.approvalEnvironments.add("canary");
        gate("canary");
        gate("production");
        assertThat(context.run.getActions(PromotionApprovalAction.class)).extracting(PromotionApprovalAction::getUrlName)
                .containsExactly("promotion-approval-canary", "promotion-approval-production");
        gate("production");
        assertThat(context.run.getActions(PromotionApprovalAction.class)).hasSize(2);
    }

    @Test
    void shouldFailWithReasonWhenApprovalTimesOut() throws IOException {
        TestJenkins.ManualPoller poller = new TestJenkins.ManualPoller();
        runtime = TestJenkins.runtime(service, access, (id, decision) -> execution.complete(id, decision), poller);
        artifact(true);
        gate("production");
        poller.tick();
        assertThat(context.completions).isZero();
        service.timeOut("shop#42/production");
        poller.tick();
        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("APPROVAL_TIMED_OUT");
        assertThat(poller.active).isEmpty();
    }

    @Test
    void shouldWithdrawWhenStopped() throws Exception {
        artifact(true);
        gate("production");
        execution.stop(new InterruptedException("aborted"));
        assertThat(service.withdrawn).containsExactly("shop#42/production");
        assertThat(context.failure).isInstanceOf(InterruptedException.class);
    }

    @Test
    void shouldCompleteOnResumeWhenDecidedMeanwhile() throws IOException {
        artifact(true);
        gate("production");
        access.granted.add(PromotionGatesPermissions.APPROVE);
        PromotionGatesRuntime silent = TestJenkins.runtime(service, access, (id, d) -> { });
        new ApprovalDecider(silent).decide("POST", Verdict.APPROVE, binding(context.run.getAction(PromotionApprovalAction.class), null));
        assertThat(context.completions).isZero();
        execution.onResume();
        assertThat(context.completions).isOne();
        assertThat(context.failure).isNull();
    }

    @Test
    void shouldReturnPendingAndLetWaitForPromotionResumeOutsideNode() throws Exception {
        artifact(true);
        PromotionGateStep step = new PromotionGateStep("production", "build/*.jar");
        step.setWait(false);
        new PromotionGateStep.Execution(context, step, () -> runtime).start();
        assertThat(((Map<?, ?>) context.result).get("outcome")).isEqualTo("PENDING");
        RecordingContext waiting = new RecordingContext(context.run, null);
        WaitForPromotionStep.Execution wait = new WaitForPromotionStep.Execution(waiting, "production", () -> runtime);
        runtime = TestJenkins.runtime(service, access, wait::complete);
        assertThat(wait.start()).isFalse();
        assertThat(waiting.completions).isZero();
        access.granted.add(PromotionGatesPermissions.APPROVE);
        new ApprovalDecider(runtime).decide("POST", Verdict.APPROVE, binding(context.run.getAction(PromotionApprovalAction.class), null));
        assertThat(waiting.failure).isNull();
        assertThat(((Map<?, ?>) waiting.result).get("outcome")).isEqualTo("ALLOW");
    }

    @Test
    void shouldRefuseWaitWithoutEarlierGate() throws IOException {
        RecordingContext waiting = new RecordingContext(new FakeRun(), null);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> new WaitForPromotionStep.Execution(waiting, "production", () -> runtime).start()))
                .isInstanceOf(AbortException.class).hasMessageContaining("wait: false");
    }

    private static Map<String, String> binding(PromotionApprovalAction action, String comment) {
        Map<String, String> params = new HashMap<>();
        params.put(ApprovalDecider.CORRELATION_ID, action.getCorrelationId());
        params.put(ApprovalDecider.RUN_ID, action.getRunId());
        params.put(ApprovalDecider.ENVIRONMENT, action.getEnvironment());
        params.put(ApprovalDecider.DIGESTS, action.getDigestList());
        params.put(ApprovalDecider.POLICY_HASH, action.getPolicyHash());
        if (comment != null) {
            params.put(ApprovalDecider.COMMENT, comment);
        }
        return params;
    }
}
