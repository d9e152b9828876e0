package io.jenkins.plugins.promotiongates.steps;

import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.approval.ApprovalDecider;
import io.jenkins.plugins.promotiongates.approval.BreakGlassHandler;
import io.jenkins.plugins.promotiongates.approval.IncidentActions;
import io.jenkins.plugins.promotiongates.approval.PendingApprovalsAction;
import io.jenkins.plugins.promotiongates.approval.PromotionApprovalAction;
import io.jenkins.plugins.promotiongates.approval.PromotionDecisionAction;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.testing.RealEngine;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.interceptor.RequirePOST;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static io.jenkins.plugins.promotiongates.testing.Requests.post;
import static io.jenkins.plugins.promotiongates.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

/** Break-glass on a denied run's decision page, against the real engine (which alone decides what it overrides). */
class RealEngineBreakGlassTest {
    /** Saturday 2026-11-28, 11:00 in Berlin: production's weekday window is closed. */
    private static final Instant SATURDAY = Instant.parse("2026-11-28T10:00:00Z");
    private static final String CORRELATION_ID = "shop#42/production";

    @TempDir
    Path home;
    @TempDir
    Path workspace;
    private RealEngine engine;
    private final FakeAccess access = new FakeAccess();
    private PromotionGatesRuntime runtime;
    private final FakeRun run = newRun();
    private AwaitsDecision waiting;

    private static FakeRun newRun() {
        try {
            return new FakeRun();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        engine = new RealEngine(home);
        engine.clock.set(SATURDAY);
        runtime = TestJenkins.runtime(engine.service, access, (id, d) -> {
            if (waiting != null) {
                waiting.complete(id, d);
            }
        }, new TestJenkins.ManualPoller());
        RealEngine.signedArtifact(workspace.resolve("target"));
        GateRunner.gate(new RecordingContext(run, workspace.toFile()), runtime, "staging", "target/*.pom");
        new RecordDeploymentStep.Execution(new RecordingContext(run, null), new RecordDeploymentStep("staging", "success"),
                () -> runtime).run();
        access.user = "sam";
        access.groups = Set.of("sre-oncall");
    }

    private RecordingContext productionGate() {
        RecordingContext context = new RecordingContext(run, workspace.toFile());
        PromotionGateStep step = new PromotionGateStep("production", "target/*.pom");
        step.setRollbackPlan("https://wiki.example.org/shop/rollback");
        new PromotionGateStep.Execution(context, step, () -> runtime).start();
        return context;
    }

    private PromotionDecisionAction decisions() {
        return run.getAction(PromotionDecisionAction.class);
    }

    private BreakGlassHandler.Answer breakGlass(String method, String reason) {
        return new BreakGlassHandler(runtime, () -> runtime).breakGlass(method, run, decisions(), "production", reason);
    }

    @Test
    void shouldFailGateOutsideWindowThenLetBreakGlassOpenApprovalsThatWaitForPromotionSees() throws Exception {
        RecordingContext gate = productionGate();
        assertThat(gate.failure).hasMessageContaining("OUTSIDE_CHANGE_WINDOW");
        assertThat(gate.log.text()).contains("BreakGlass permission may override").contains("job/shop/42/promotion-gates/");
        assertThat(run.getActions(PromotionApprovalAction.class)).isEmpty();
        access.granted.add(PromotionGatesPermissions.BREAK_GLASS);
        assertThat(decisions().isCanBreakGlass()).isTrue();

        decisions().doBreakGlass(post(Map.of("environment", "production", "reason", "payment outage INC-4711")));

        assertThat(decisions().forEnvironment("production").getOutcome()).isEqualTo("PENDING");
        assertThat(decisions().forEnvironment("production").getChecks())
                .anySatisfy(c -> assertThat(c.getCode()).isEqualTo("BREAK_GLASS"));
        assertThat(engine.service.openReviews()).containsExactly(CORRELATION_ID);
        PromotionApprovalAction page = run.getAction(PromotionApprovalAction.class);
        assertThat(page.getPending()).isNotNull();

        RecordingContext later = new RecordingContext(run, null);
        WaitForPromotionStep.Execution wait = new WaitForPromotionStep.Execution(later, "production", () -> runtime);
        waiting = wait;
        wait.start();
        assertThat(later.completions).isZero();
        approve(page, "bob", "release-managers");
        approve(page, "carol", "security");
        assertThat(later.failure).isNull();
        assertThat(((Map<?, ?>) later.result).get("outcome")).isEqualTo("ALLOW");
    }

    @Test
    void shouldShowEngineReasonWhenBreakGlassCannotOverrideSignature() throws Exception {
        Files.delete(workspace.resolve("target/" + RealEngine.ARTIFACT + ".sigstore.json"));
        assertThat(productionGate().failure).hasMessageContaining("MISSING_EVIDENCE");
        access.granted.add(PromotionGatesPermissions.BREAK_GLASS);

        BreakGlassHandler.Answer answer = breakGlass("POST", "we really need this out");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.applied()).isFalse();
        assertThat(answer.message()).contains("stays denied").contains("MISSING_EVIDENCE");
        assertThat(decisions().forEnvironment("production").getOutcome()).isEqualTo("DENY");
        assertThat(engine.service.openReviews()).isEmpty();
    }

    @Test
    void shouldRefuseBeforeTheEngineWithoutPermissionReasonOrPost() {
        productionGate();
        assertThat(decisions().isCanBreakGlass()).isFalse();
        assertThat(breakGlass("POST", "outage").status()).isEqualTo(403);
        access.granted.add(PromotionGatesPermissions.BREAK_GLASS);
        assertThat(breakGlass("GET", "outage").status()).isEqualTo(405);
        assertThat(breakGlass("POST", "  ").status()).isEqualTo(400);
        access.user = null;
        assertThat(breakGlass("POST", "outage").status()).isEqualTo(403);
        decisions().doBreakGlass(request("GET", Map.of("environment", "production", "reason", "outage")));
        assertThat(decisions().forEnvironment("production").getOutcome()).isEqualTo("DENY");
        assertThat(engine.service.openReviews()).isEmpty();
    }

    @Test
    void shouldOfferBreakGlassOnlyOnDeniedDecisions() {
        access.granted.add(PromotionGatesPermissions.BREAK_GLASS);
        BreakGlassHandler.Answer answer = new BreakGlassHandler(runtime, () -> runtime)
                .breakGlass("POST", run, decisions(), "staging", "outage");
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.message()).contains("is ALLOW");
    }

    @Test
    void shouldAnnotateBreakGlassHandlersPostOnly() throws Exception {
        for (String name : new String[] {"doBreakGlass", "doBreakGlassJson"}) {
            assertThat(PromotionDecisionAction.class.getMethod(name, StaplerRequest2.class)
                    .isAnnotationPresent(RequirePOST.class)).as(name).isTrue();
        }
    }

    @Test
    void shouldListReviewOnRootPageUntilSomeoneElseClosesIt() {
        productionGate();
        access.granted.add(PromotionGatesPermissions.BREAK_GLASS);
        access.granted.add(PromotionGatesPermissions.APPROVE);
        assertThat(breakGlass("POST", "payment outage INC-4711").applied()).isTrue();
        PendingApprovalsAction root = new PendingApprovalsAction(() -> runtime);
        assertThat(root.getOpenReviews()).containsExactly(CORRELATION_ID);
        assertThat(PendingApprovalsAction.runUrl(CORRELATION_ID)).isEqualTo("job/shop/42/promotion-gates/");

        IncidentActions incidents = new IncidentActions(runtime);
        ApprovalDecider.Answer own = incidents.closeReview("POST", CORRELATION_ID, "fine by me");
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.message()).contains("sam broke the glass");
        access.user = "bob";
        assertThat(incidents.closeReview("POST", CORRELATION_ID, " ").status()).isEqualTo(400);
        assertThat(incidents.closeReview("GET", CORRELATION_ID, "ok").status()).isEqualTo(405);
        assertThat(root.getOpenReviews()).containsExactly(CORRELATION_ID);

        root.doCloseReview(post(Map.of("correlationId", CORRELATION_ID, "comment", "outage fixed, deploy verified")));
        assertThat(root.getOpenReviews()).isEmpty();
    }

    @Test
    void shouldLetOnlyAdministratorsLiftAQuarantine() {
        for (int i = 0; i < 5; i++) {
            productionGate(); // five denials in ten minutes quarantine the requester
        }
        IncidentActions incidents = new IncidentActions(runtime);
        assertThat(incidents.liftQuarantine("POST", "user:" + FakeRun.STARTER, "false alarm").status()).isEqualTo(403);
        access.granted.add(jenkins.model.Jenkins.ADMINISTER);
        assertThat(new PendingApprovalsAction(() -> runtime).isCanLiftQuarantine()).isTrue();
        assertThat(incidents.liftQuarantine("POST", "user:" + FakeRun.STARTER, "").status()).isEqualTo(400);
        assertThat(incidents.liftQuarantine("POST", "user:" + FakeRun.STARTER, "weekend window test, not an attack").status())
                .isEqualTo(200);
        assertThat(incidents.liftQuarantine("POST", "user:" + FakeRun.STARTER, "again").status()).isEqualTo(409);
    }

    private void approve(PromotionApprovalAction page, String user, String group) {
        access.user = user;
        access.groups = Set.of(group);
        access.granted.add(PromotionGatesPermissions.APPROVE);
        page.doApprove(post(Map.of("correlationId", page.getCorrelationId(), "runId", page.getRunId(),
                "environment", page.getEnvironment(), "digests", page.getDigestList(), "policyHash", page.getPolicyHash())));
    }
}
