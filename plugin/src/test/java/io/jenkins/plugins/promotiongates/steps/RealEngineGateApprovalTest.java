package io.jenkins.plugins.promotiongates.steps;

import hudson.AbortException;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.approval.ApprovalDecider;
import io.jenkins.plugins.promotiongates.approval.PromotionApprovalAction;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.credentials.CredentialsRunner;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import io.jenkins.plugins.promotiongates.testing.RealEngine;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jenkins.plugins.promotiongates.testing.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin's steps and approval handlers against the real engine: the sigstore-java 1.0.0 POM is hashed by the
 * file callable in the workspace, its bundle found beside it and verified against the public-good trusted root, and
 * every decision, vote and credential check is the engine's.
 */
class RealEngineGateApprovalTest {
    private static final String GLOB = "target/*.pom";

    @TempDir
    Path home;
    @TempDir
    Path workspace;
    private RealEngine engine;
    private final FakeAccess access = new FakeAccess();
    private PromotionGatesRuntime runtime;
    private PromotionGateStep.Execution execution;

    @BeforeEach
    void setUp() throws IOException {
        engine = new RealEngine(home);
        runtime = TestJenkins.runtime(engine.service, access, (id, decision) -> execution.complete(id, decision),
                new TestJenkins.ManualPoller());
        RealEngine.signedArtifact(workspace.resolve("target"));
    }

    private RecordingContext gate(FakeRun run, String environment) {
        RecordingContext context = new RecordingContext(run, workspace.toFile());
        PromotionGateStep step = new PromotionGateStep(environment, GLOB);
        step.setRollbackPlan("https://wiki.example.org/shop/rollback");
        execution = new PromotionGateStep.Execution(context, step, () -> runtime);
        assertThat(execution.start()).isFalse();
        return context;
    }

    /** Staging passed and deployed: what production's order check needs. */
    private void passStaging(FakeRun run) throws Exception {
        RecordingContext staging = gate(run, "staging");
        assertThat(staging.failure).isNull();
        new RecordDeploymentStep.Execution(new RecordingContext(run, null), new RecordDeploymentStep("staging", "success"),
                () -> runtime).run();
    }

    @Test
    void shouldAllowStagingAndBindCredentialWhenArtifactIsSignedRelease() throws IOException {
        RecordingContext context = gate(new FakeRun(), "staging");
        assertThat(context.failure).isNull();
        assertThat(((Map<?, ?>) context.result).get("outcome")).isEqualTo("ALLOW");
        assertThat(context.log.text()).contains(RealEngine.ARTIFACT).doesNotContain("(no bundle)");
        assertThat(execution.digests()).containsOnlyKeys("target/" + RealEngine.ARTIFACT);

        context.result = null;
        context.completions = 0;
        CredentialsRunner.bind(context, runtime, "staging", "staging-deploy");
        assertThat(context.failure).isNull();
        assertThat(context.body.started).isTrue();
    }

    @Test
    void shouldRefuseCredentialWhenArtifactSwappedAfterGate() throws IOException {
        RecordingContext context = gate(new FakeRun(), "staging");
        assertThat(context.failure).isNull();
        Path pom = workspace.resolve("target/" + RealEngine.ARTIFACT);
        Files.writeString(pom, Files.readString(pom).replace("sigstore", "sigst0re"));

        context.completions = 0;
        CredentialsRunner.bind(context, runtime, "staging", "staging-deploy");
        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("ARTIFACT_CHANGED_SINCE_GATE");
        assertThat(context.body).isNull();
    }

    @Test
    void shouldResumeWithAllowWhenTwoApproversOfDistinctGroupsApproveThroughThePage() throws Exception {
        FakeRun run = new FakeRun();
        passStaging(run);
        RecordingContext production = gate(run, "production");
        assertThat(production.completions).isZero();
        PromotionApprovalAction page = approvalPage(run);
        assertThat(page.getPending().required()).isEqualTo(2);

        vote(page, "bob", "release-managers");
        assertThat(pending().approvedBy()).containsExactly("bob");
        vote(page, "bert", "release-managers");
        assertThat(production.completions).as("distinct groups: two release managers are not enough").isZero();
        assertThat(pending().approvedBy()).containsExactly("bob", "bert");
        vote(page, "carol", "security");

        assertThat(production.failure).isNull();
        assertThat(((Map<?, ?>) production.result).get("outcome")).isEqualTo("ALLOW");
        assertThat(engine.service.pendingApprovals()).isEmpty();
        production.completions = 0;
        CredentialsRunner.bind(production, runtime, "production", "prod-deploy");
        assertThat(production.failure).isNull();
    }

    @Test
    void shouldNotCountSelfApprovalThroughTheHttpHandler() throws Exception {
        FakeRun run = new FakeRun("43", "alice").authoredBy(FakeRun.AUTHOR);
        passStaging(run);
        RecordingContext production = gate(run, "production");
        vote(approvalPage(run), "alice", "release-managers");
        assertThat(pending().approvedBy()).isEmpty();
        assertThat(production.completions).isZero();
    }

    @Test
    void shouldNotCountVoteReplayedWithAnotherDigest() throws Exception {
        FakeRun run = new FakeRun();
        passStaging(run);
        gate(run, "production");
        PromotionApprovalAction page = approvalPage(run);
        access.user = "bob";
        access.groups = Set.of("release-managers");
        access.granted.add(PromotionGatesPermissions.APPROVE);
        Map<String, String> replay = form(page);
        replay.put(ApprovalDecider.DIGESTS, Digest.sha256("0".repeat(64)).toString());
        page.doApprove(post(replay));
        assertThat(pending().approvedBy()).isEmpty();

        page.doApprove(post(form(page)));
        assertThat(pending().approvedBy()).containsExactly("bob");
    }

    @Test
    void shouldShowEvidenceOnApprovalPage() throws Exception {
        FakeRun run = new FakeRun();
        passStaging(run);
        gate(run, "production");
        PromotionApprovalAction page = approvalPage(run);

        assertThat(page.getEarlierEnvironments()).singleElement().satisfies(e -> {
            assertThat(e.environment()).isEqualTo("staging");
            assertThat(e.artifact()).isEqualTo("target/" + RealEngine.ARTIFACT);
            assertThat(e.deployedAt()).isEqualTo(RealEngine.TUESDAY_MORNING.toString());
        });
        assertThat(page.getScheduleChecks()).extracting(c -> c.gate() + "=" + c.status())
                .contains("windows=PASSED");
        assertThat(page.getOpenChecks()).extracting(c -> c.gate()).containsExactly("approvals");
        assertThat(page.getPending().request().artifacts()).singleElement().satisfies(a -> {
            assertThat(a.signature().identity()).contains("sigstore-java");
            assertThat(a.signature().issuer()).isEqualTo("https://token.actions.githubusercontent.com");
        });
        assertThat(page.getPending().request().rollbackPlan()).isEqualTo("https://wiki.example.org/shop/rollback");
    }

    private static PromotionApprovalAction approvalPage(FakeRun run) {
        List<PromotionApprovalAction> pages = run.getActions(PromotionApprovalAction.class);
        assertThat(pages).singleElement().extracting(PromotionApprovalAction::getEnvironment).isEqualTo("production");
        return pages.get(0);
    }

    private PendingApproval pending() {
        assertThat(engine.service.pendingApprovals()).hasSize(1);
        return engine.service.pendingApprovals().get(0);
    }

    private void vote(PromotionApprovalAction page, String user, String group) {
        access.user = user;
        access.groups = Set.of(group);
        access.granted.add(PromotionGatesPermissions.APPROVE);
        page.doApprove(post(form(page)));
    }

    private static Map<String, String> form(PromotionApprovalAction page) {
        Map<String, String> params = new HashMap<>();
        params.put(ApprovalDecider.CORRELATION_ID, page.getCorrelationId());
        params.put(ApprovalDecider.RUN_ID, page.getRunId());
        params.put(ApprovalDecider.ENVIRONMENT, page.getEnvironment());
        params.put(ApprovalDecider.DIGESTS, page.getDigestList());
        params.put(ApprovalDecider.POLICY_HASH, page.getPolicyHash());
        return params;
    }
}
