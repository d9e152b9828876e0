package io.jenkins.plugins.promotiongates.steps;

import hudson.AbortException;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.approval.ApprovalDecider;
import io.jenkins.plugins.promotiongates.approval.PromotionApprovalAction;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.credentials.CredentialsRunner;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.testing.RealEngine;
import io.jenkins.plugins.promotiongates.testing.TestJenkins;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeAccess;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.FakeRun;
import io.jenkins.plugins.promotiongates.testing.TestJenkins.RecordingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jenkins.plugins.promotiongates.testing.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team cases a pipeline (or an agent writing one) can try through the steps, against the real engine: a
 * credential bound in the wrong environment's block, and hostile step parameters. Each ends in a failed step with the
 * reason, nothing allowed, and (where the engine is asked) the refusal in the audit trail.
 */
class PipelineRedTeamTest {
    private static final String GLOB = "target/*.pom";

    @TempDir
    Path home;
    @TempDir
    Path workspace;
    private RealEngine engine;
    private final FakeAccess access = new FakeAccess();
    private PromotionGatesRuntime runtime;
    private AwaitsDecision waiting;

    @BeforeEach
    void setUp() throws Exception {
        engine = new RealEngine(home);
        runtime = TestJenkins.runtime(engine.service, access, (id, decision) -> {
            if (waiting != null) {
                waiting.complete(id, decision);
            }
        }, new TestJenkins.ManualPoller());
        RealEngine.signedArtifact(workspace.resolve("target"));
    }

    private List<AuditEvent> allEvents() {
        return engine.store.since(0, 10_000);
    }

    /** Runs the environment's gate to an ALLOW (production: after staging, with two approvals). */
    private RecordingContext allowed(FakeRun run, String environment) throws Exception {
        if (environment.equals("production")) {
            GateRunner.passStaging(run, workspace.toFile(), runtime, GLOB);
        }
        RecordingContext context = new RecordingContext(run, workspace.toFile());
        waiting = GateRunner.start(context, runtime, environment, GLOB);
        if (environment.equals("production")) {
            PromotionApprovalAction page = run.getAction(PromotionApprovalAction.class);
            approve(page, "bob", "release-managers");
            approve(page, "carol", "security");
        }
        assertThat(context.failure).isNull();
        assertThat(((Map<?, ?>) context.result).get("outcome")).isEqualTo("ALLOW");
        context.result = null;
        context.completions = 0;
        return context;
    }

    private void approve(PromotionApprovalAction page, String user, String group) {
        access.user = user;
        access.groups = Set.of(group);
        access.granted.add(PromotionGatesPermissions.APPROVE);
        page.doApprove(post(Map.of(ApprovalDecider.CORRELATION_ID, page.getCorrelationId(),
                ApprovalDecider.RUN_ID, page.getRunId(), ApprovalDecider.ENVIRONMENT, page.getEnvironment(),
                ApprovalDecider.DIGESTS, page.getDigestList(), ApprovalDecider.POLICY_HASH, page.getPolicyHash())));
    }

    /** A credential used in the block of an environment it does not belong to, and the environment's own one. */
    enum Misuse {
        PRODUCTION_CREDENTIAL_IN_A_STAGING_BLOCK("staging", "prod-deploy", "staging-deploy"),
        STAGING_CREDENTIAL_IN_A_PRODUCTION_BLOCK("production", "staging-deploy", "prod-deploy");

        private final String environment;
        private final String credential;
        private final String own;

        Misuse(String environment, String credential, String own) {
            this.environment = environment;
            this.credential = credential;
            this.own = own;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Misuse.class)
    void shouldRefuseAndAuditACredentialOutsideItsEnvironment(Misuse misuse) throws Exception {
        RecordingContext context = allowed(new FakeRun(), misuse.environment);

        CredentialsRunner.bind(context, runtime, misuse.environment, misuse.credential);

        assertThat(context.failure).isInstanceOf(AbortException.class)
                .hasMessageContaining("CREDENTIAL_OUT_OF_SCOPE")
                .hasMessageContaining("credential " + misuse.credential + " is scoped to");
        assertThat(context.body).as("the block body must not run").isNull();
        assertThat(allEvents()).filteredOn(e -> e.type() == AuditEventType.CREDENTIAL_REFUSED).singleElement()
                .satisfies(e -> {
                    assertThat(e.correlationId()).isEqualTo("shop#42/" + misuse.environment);
                    assertThat(e.outcome()).isEqualTo(Outcome.DENY);
                    assertThat(e.payloadValue(PayloadKeys.CREDENTIAL_ID)).isEqualTo(misuse.credential);
                    assertThat(e.reasons()).extracting(AuditReason::code).containsExactly(ReasonCode.CREDENTIAL_OUT_OF_SCOPE);
                });
        assertThat(allEvents()).noneMatch(e -> e.type() == AuditEventType.CREDENTIAL_BOUND);

        context.failure = null;
        context.completions = 0;
        CredentialsRunner.bind(context, runtime, misuse.environment, misuse.own);
        assertThat(context.failure).as("positive control: the environment's own credential binds").isNull();
        assertThat(context.body.started).isTrue();
    }

    @ParameterizedTest(name = "environment {0}")
    @ValueSource(strings = {"../production", "prod*", "staging/../production", "production\nALLOW", "PRODUCTION"})
    void shouldFailTheBuildAndRecordInvalidRequestForAHostileEnvironment(String environment) throws Exception {
        RecordingContext context = new RecordingContext(new FakeRun(), workspace.toFile());

        GateRunner.start(context, runtime, environment, GLOB);

        assertThat(context.completions).isEqualTo(1);
        assertThat(context.result).isNull();
        assertThat(context.failure).isInstanceOf(AbortException.class).hasMessageContaining("INVALID_REQUEST");
        assertThat(context.failure.getMessage()).as("the message is printable").doesNotContain("\nALLOW");
        assertThat(allEvents()).filteredOn(e -> e.type() == AuditEventType.DECISION).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.DENY);
            assertThat(e.reasons()).extracting(AuditReason::code).containsExactly(ReasonCode.INVALID_REQUEST);
        });
        assertNothingAllowed();
    }

    @Test
    void shouldFailTheBuildForANewlineInTheRequesterBeforeAnythingIsRequested() throws Exception {
        RecordingContext context = new RecordingContext(new FakeRun(), workspace.toFile());
        PromotionGateStep step = new PromotionGateStep("staging", GLOB);
        step.setRequester("release-bot\n[promotion-gates] ALLOW production");

        new PromotionGateStep.Execution(context, step, () -> runtime).start();

        assertThat(context.completions).isEqualTo(1);
        assertThat(context.failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("promotionGate refused the requester parameter: requester id 'release-bot")
                .hasMessageEndingWith("contains a control character, U+000A (LINE FEED (LF)), at index 11");
        assertThat(context.failure.getMessage()).as("printed printably").doesNotContain("\n");
        assertThat(context.log.text()).doesNotContain("[promotion-gates] ALLOW");
        assertNothingAllowed();
    }

    private void assertNothingAllowed() {
        assertThat(allEvents()).noneMatch(e -> e.outcome() == Outcome.ALLOW);
        assertThat(engine.service.pendingApprovals()).isEmpty();
        assertThat(ChainVerifier.verify(engine.store).isIntact()).isTrue();
    }
}
