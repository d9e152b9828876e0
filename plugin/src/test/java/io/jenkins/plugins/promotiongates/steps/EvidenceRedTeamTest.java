package io.jenkins.plugins.promotiongates.steps;

import hudson.AbortException;
import hudson.model.Cause;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.approval.ApprovalDecider;
import io.jenkins.plugins.promotiongates.approval.PromotionApprovalAction;
import io.jenkins.plugins.promotiongates.config.AutomatedJobs;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.jenkins.plugins.promotiongates.testing.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17, items 2, 3 and 6, tried through the promotion gate step against the real engine: a run nobody started
 * (or of a job the admin marked automated) passing as a person, a commit author approving their own change, and
 * artifacts that are not files of the workspace (symbolic links, paths leaving it, globs matching nothing). Every
 * refusal is a recorded denial with its reason code. Watched failing on the code before the fix: a run without a
 * user cause promoted as the person {@code SYSTEM}; the author's vote counted; a linked artifact was hashed (and
 * allowed) through the link, a linked directory or an empty glob ended in a bare error, an empty glob among several
 * was ignored.
 */
class EvidenceRedTeamTest {
    private static final String GLOB = "target/*.pom";

    @TempDir
    Path home;
    @TempDir
    Path workspace;
    @TempDir
    Path elsewhere;
    private RealEngine engine;
    private final FakeAccess access = new FakeAccess();
    private PromotionGatesRuntime runtime;
    private final List<AwaitsDecision> waiting = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        engine = new RealEngine(home);
        runtime = runtime(AutomatedJobs.NONE);
    }

    private PromotionGatesRuntime runtime(AutomatedJobs automated) {
        PromotionGatesRuntime base = TestJenkins.runtime(engine.service, access, (id, decision) ->
                List.copyOf(waiting).forEach(w -> w.complete(id, decision)), new TestJenkins.ManualPoller());
        return new PromotionGatesRuntime(base.service(), base.background(), base.waitingGates(), base.access(),
                base.poller(), automated);
    }

    private List<AuditEvent> decisions() {
        return engine.store.since(0, 10_000).stream().filter(e -> e.type() == AuditEventType.DECISION).toList();
    }

    private RecordingContext gate(FakeRun run, String environment, String glob) {
        RecordingContext context = new RecordingContext(run, workspace.toFile());
        waiting.add(GateRunner.start(context, runtime, environment, glob));
        return context;
    }

    /** The step failed with the code, and the last recorded decision is a DENY with it. */
    private void assertDeniedAndRecorded(RecordingContext context, ReasonCode code) {
        assertThat(context.failure).as("the build fails").isInstanceOf(AbortException.class)
                .hasMessageContaining(code.name());
        assertThat(decisions()).isNotEmpty().last().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.DENY);
            assertThat(e.reasons()).extracting(AuditReason::code).contains(code);
        });
        assertThat(engine.store.since(0, 10_000)).noneMatch(e -> e.outcome() == Outcome.ALLOW
                && e.type() == AuditEventType.DECISION && e.correlationId().endsWith("/production"));
        assertThat(ChainVerifier.verify(engine.store).isIntact()).isTrue();
    }

    // ---- item 2: who is an agent is not the pipeline's to say

    /** How a run came to be that no person answers for. */
    @SuppressWarnings("ImmutableEnumChecker") // the functions are stateless lambdas
    enum Unattended {
        TIMER(run -> List.of(TestJenkins.timerCause())),
        UPSTREAM(run -> List.of(TestJenkins.upstreamCause(null))),
        REMOTE_TRIGGER(run -> List.of(new Cause.RemoteCause("10.0.0.7", "token"))),
        NO_CAUSE(run -> List.of()),
        ANONYMOUS_USER(run -> List.of(TestJenkins.userCause(null))),
        SYSTEM_USER(run -> List.of(TestJenkins.userCause("SYSTEM"))),
        USER_AND_TIMER(run -> List.of(TestJenkins.userCause("paul"), TestJenkins.timerCause()));

        private final Function<FakeRun, List<Cause>> causes;

        Unattended(Function<FakeRun, List<Cause>> causes) {
            this.causes = causes;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Unattended.class)
    void shouldTreatARunNoPersonStartedAsAnAgentWhereOnlyPeopleMayPromote(Unattended how) throws Exception {
        RealEngine.signedArtifact(workspace.resolve("target"));
        FakeRun run = new FakeRun("50", null);
        run.causes.addAll(how.causes.apply(run));

        RecordingContext context = gate(run, "production", GLOB);

        assertDeniedAndRecorded(context, ReasonCode.AGENTS_NOT_ALLOWED);
        assertThat(decisions().get(decisions().size() - 1).actor()).isEqualTo("shop");
        assertThat(context.log.text()).contains("Requester shop (agent, from AUTOMATED_CAUSE)");
    }

    @Test
    void shouldTreatEveryRunOfAnAdminMarkedJobAsAnAgentEvenWhenAPersonStartedIt() throws Exception {
        RealEngine.signedArtifact(workspace.resolve("target"));
        runtime = runtime(AutomatedJobs.parse("# release bots\nother/**\nsho?\n"));

        RecordingContext context = gate(new FakeRun(), "production", GLOB);

        assertDeniedAndRecorded(context, ReasonCode.AGENTS_NOT_ALLOWED);
        assertThat(context.log.text()).contains("Requester shop (agent, from ADMIN_MARKED_AUTOMATED)");
    }

    @Test
    void shouldStillTreatARunAPersonStartedAsThatPerson() throws Exception {
        RealEngine.signedArtifact(workspace.resolve("target"));

        RecordingContext context = gate(new FakeRun(), "staging", GLOB);

        assertThat(context.failure).isNull();
        assertThat(((Map<?, ?>) context.result).get("outcome")).isEqualTo("ALLOW");
        assertThat(decisions()).last().satisfies(e -> assertThat(e.actor()).isEqualTo(FakeRun.STARTER));
    }

    // ---- item 3: commit authors cannot approve their own change

    private PromotionApprovalAction pendingProduction(FakeRun run) throws Exception {
        RealEngine.signedArtifact(workspace.resolve("target"));
        GateRunner.passStaging(run, workspace.toFile(), runtime, GLOB);
        RecordingContext context = gate(run, "production", GLOB);
        assertThat(context.failure).isNull();
        assertThat(context.completions).as("production waits for approvals").isZero();
        return run.getAction(PromotionApprovalAction.class);
    }

    private void approve(PromotionApprovalAction page, String user, String group) {
        access.user = user;
        access.groups = Set.of(group);
        access.granted.add(PromotionGatesPermissions.APPROVE);
        page.doApprove(post(Map.of(ApprovalDecider.CORRELATION_ID, page.getCorrelationId(),
                ApprovalDecider.RUN_ID, page.getRunId(), ApprovalDecider.ENVIRONMENT, page.getEnvironment(),
                ApprovalDecider.DIGESTS, page.getDigestList(), ApprovalDecider.POLICY_HASH, page.getPolicyHash())));
    }

    @Test
    void shouldRefuseTheApprovalOfAnAuthorOfTheCommitsBeingPromoted() throws Exception {
        PromotionApprovalAction page = pendingProduction(new FakeRun().authoredBy("erin", "bob"));

        approve(page, "bob", "release-managers");

        assertThat(engine.store.since(0, 10_000)).filteredOn(e -> e.type() == AuditEventType.APPROVAL_GRANTED)
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("bob");
                    assertThat(e.outcome()).isEqualTo(Outcome.DENY);
                    assertThat(e.reasons()).extracting(AuditReason::code)
                            .containsExactly(ReasonCode.SELF_APPROVAL_FORBIDDEN);
                });
        assertThat(engine.service.pendingApprovals()).singleElement()
                .satisfies(p -> assertThat(p.approvedBy()).isEmpty());
    }

    @Test
    void shouldSayOnTheApprovalPageWhenTheAuthorsAreUnknown() throws Exception {
        FakeRun run = new FakeRun();
        run.changeSets.add(TestJenkins.changeLog(run, "erin", null)); // one entry's author could not be resolved

        PromotionApprovalAction page = pendingProduction(run);

        assertThat(page.getOpenChecks()).extracting(c -> c.message()).anyMatch(m -> m.contains(
                "Warning: the commit authors of shop#42 could not be determined"));
    }

    // ---- item 6: artifacts are the files in the workspace

    @Test
    void shouldRefuseAnArtifactThatIsALinkToAFileOutsideTheWorkspace() throws Exception {
        RealEngine.signedArtifact(elsewhere); // a genuinely signed POM, but not this build's file
        Files.createDirectories(workspace.resolve("target"));
        Files.createSymbolicLink(workspace.resolve("target").resolve(RealEngine.ARTIFACT),
                elsewhere.resolve(RealEngine.ARTIFACT));
        Files.copy(elsewhere.resolve(RealEngine.ARTIFACT + ".sigstore.json"),
                workspace.resolve("target").resolve(RealEngine.ARTIFACT + ".sigstore.json"));

        RecordingContext context = gate(new FakeRun(), "staging", GLOB);

        assertDeniedAndRecorded(context, ReasonCode.ARTIFACT_SYMLINK_REFUSED);
        assertThat(context.failure).hasMessageContaining("target/" + RealEngine.ARTIFACT);
    }

    @Test
    void shouldRefuseAGlobThatReachesIntoALinkedDirectory() throws Exception {
        RealEngine.signedArtifact(elsewhere);
        Files.createSymbolicLink(workspace.resolve("target"), elsewhere);

        RecordingContext context = gate(new FakeRun(), "staging", GLOB);

        assertDeniedAndRecorded(context, ReasonCode.ARTIFACT_SYMLINK_REFUSED);
    }

    @Test
    void shouldRefuseABundleReadThroughALinkedDirectory() throws Exception {
        RealEngine.signedArtifact(workspace.resolve("target"));
        RealEngine.signedArtifact(elsewhere);
        Files.createSymbolicLink(workspace.resolve("evidence"), elsewhere);
        RecordingContext context = new RecordingContext(new FakeRun(), workspace.toFile());
        PromotionGateStep step = new PromotionGateStep("staging", GLOB);
        step.setBundle("evidence/" + RealEngine.ARTIFACT + ".sigstore.json");

        new PromotionGateStep.Execution(context, step, () -> runtime).start();

        assertDeniedAndRecorded(context, ReasonCode.ARTIFACT_SYMLINK_REFUSED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"../*/target/*.pom", "/etc/*.pom", "target/../../x/*.pom"})
    void shouldRefuseAGlobThatLeavesTheWorkspace(String glob) throws Exception {
        RealEngine.signedArtifact(workspace.resolve("target"));

        RecordingContext context = gate(new FakeRun(), "staging", glob);

        assertDeniedAndRecorded(context, ReasonCode.ARTIFACT_OUTSIDE_WORKSPACE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"build/*.jar", "target/*.pom, build/*.jar", "build/*.jar,target/*.pom"})
    void shouldRecordADenialForAGlobThatMatchesNothing(String globs) throws Exception {
        RealEngine.signedArtifact(workspace.resolve("target"));

        RecordingContext context = gate(new FakeRun(), "staging", globs);

        assertDeniedAndRecorded(context, ReasonCode.ARTIFACT_NOT_FOUND);
        assertThat(context.failure).hasMessageContaining("build/*.jar");
    }

    @Test
    void shouldRefuseTheCredentialWhenTheGatedArtifactWasSwappedForALink() throws Exception {
        RealEngine.signedArtifact(workspace.resolve("target"));
        FakeRun run = new FakeRun();
        RecordingContext gated = gate(run, "staging", GLOB);
        assertThat(((Map<?, ?>) gated.result).get("outcome")).isEqualTo("ALLOW");
        Path artifact = workspace.resolve("target").resolve(RealEngine.ARTIFACT);
        Files.move(artifact, elsewhere.resolve(RealEngine.ARTIFACT));
        Files.createSymbolicLink(artifact, elsewhere.resolve(RealEngine.ARTIFACT)); // same bytes, through a link

        RecordingContext context = new RecordingContext(run, workspace.toFile());
        io.jenkins.plugins.promotiongates.credentials.CredentialsRunner.bind(context, runtime, "staging",
                "staging-deploy");

        assertThat(context.failure).isInstanceOf(AbortException.class);
        assertThat(context.body).as("the block body must not run").isNull();
        assertThat(engine.store.since(0, 10_000)).filteredOn(e -> e.type() == AuditEventType.CREDENTIAL_REFUSED)
                .singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.DENY));
    }
}
