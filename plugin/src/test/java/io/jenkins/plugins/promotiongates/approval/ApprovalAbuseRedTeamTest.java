package io.jenkins.plugins.promotiongates.approval;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.PromotionGatesPermissions;
import io.jenkins.plugins.promotiongates.config.PromotionGatesRuntime;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditReason;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.service.ApprovalVote.Verdict;
import io.jenkins.plugins.promotiongates.engine.service.PendingApproval;
import io.jenkins.plugins.promotiongates.steps.AwaitsDecision;
import io.jenkins.plugins.promotiongates.steps.GateRunner;
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
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.kohsuke.stapler.verb.POST;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static io.jenkins.plugins.promotiongates.testing.Requests.post;
import static io.jenkins.plugins.promotiongates.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team cases against the approval page, the JSON API and break-glass, with the real engine behind them
 * (production needs two approvals from release-managers and security). Every case ends in a refusal with a specific
 * reason: the HTTP status and message where the plugin refuses before the engine, the {@link ReasonCode} and the audit
 * event where the engine decides. CSRF crumbs are checked by Jenkins' crumb filter, which does not run offline; these
 * tests check the POST-only part (docs/security.md).
 */
class ApprovalAbuseRedTeamTest {
    private static final String GLOB = "target/*.pom";
    private static final String RELEASE_MANAGERS = "release-managers";

    @TempDir
    Path home;
    @TempDir
    Path workspace;
    private RealEngine engine;
    private final FakeAccess access = new FakeAccess();
    private final List<AwaitsDecision> waiting = new ArrayList<>();
    private PromotionGatesRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        engine = new RealEngine(home);
        runtime = TestJenkins.runtime(engine.service, access,
                (id, decision) -> List.copyOf(waiting).forEach(w -> w.complete(id, decision)),
                new TestJenkins.ManualPoller());
        RealEngine.signedArtifact(workspace.resolve("target"));
        access.user = "bob";
        access.groups = Set.of(RELEASE_MANAGERS);
    }

    /** The four ways to decide over HTTP, with the annotation that makes Stapler route only POST to them. */
    enum Endpoint {
        PAGE_APPROVE(Verdict.APPROVE, PromotionApprovalAction.class, "doApprove", RequirePOST.class),
        PAGE_REJECT(Verdict.REJECT, PromotionApprovalAction.class, "doReject", RequirePOST.class),
        API_APPROVE(Verdict.APPROVE, PendingApprovalsAction.class, "doDecide", POST.class),
        API_REJECT(Verdict.REJECT, PendingApprovalsAction.class, "doDecide", POST.class);

        private final Verdict verdict;
        private final Class<?> type;
        private final String handler;
        private final Class<? extends Annotation> postOnly;

        Endpoint(Verdict verdict, Class<?> type, String handler, Class<? extends Annotation> postOnly) {
            this.verdict = verdict;
            this.type = type;
            this.handler = handler;
            this.postOnly = postOnly;
        }

        boolean isRoutedForPostOnly() throws NoSuchMethodException {
            return type.getMethod(handler, StaplerRequest2.class).isAnnotationPresent(postOnly);
        }
    }

    private record Waiting(FakeRun run, RecordingContext gate, PromotionApprovalAction page) {
        String correlationId() {
            return page.getCorrelationId();
        }
    }

    /** A run that passed staging and now waits for production's two approvals. */
    private Waiting waitingRun(String number, @CheckForNull String startedBy) throws Exception {
        FakeRun run = new FakeRun(number, startedBy);
        GateRunner.passStaging(run, workspace.toFile(), runtime, GLOB);
        RecordingContext gate = new RecordingContext(run, workspace.toFile());
        waiting.add(GateRunner.start(gate, runtime, "production", GLOB));
        assertThat(gate.failure).isNull();
        assertThat(gate.completions).as("production waits for approvals").isZero();
        return new Waiting(run, gate, run.getAction(PromotionApprovalAction.class));
    }

    private static Map<String, String> form(PromotionApprovalAction page, @CheckForNull String comment) {
        Map<String, String> params = new HashMap<>();
        params.put(ApprovalDecider.CORRELATION_ID, page.getCorrelationId());
        params.put(ApprovalDecider.RUN_ID, page.getRunId());
        params.put(ApprovalDecider.ENVIRONMENT, page.getEnvironment());
        params.put(ApprovalDecider.DIGESTS, page.getDigestList());
        params.put(ApprovalDecider.POLICY_HASH, page.getPolicyHash());
        if (comment != null) {
            params.put(ApprovalDecider.COMMENT, comment);
        }
        return params;
    }

    /** Sends the form to the endpoint's real handler. */
    private void send(Endpoint endpoint, PromotionApprovalAction page, String method, Map<String, String> form) {
        switch (endpoint) {
            case PAGE_APPROVE -> page.doApprove(request(method, form));
            case PAGE_REJECT -> page.doReject(request(method, form));
            default -> {
                Map<String, String> params = new HashMap<>(form);
                params.put("verdict", endpoint.verdict == Verdict.APPROVE ? "approve" : "reject");
                new PendingApprovalsAction(() -> runtime).doDecide(request(method, params));
            }
        }
    }

    /** What both handlers answer for the same input (the stubs cannot render an HttpResponse offline). */
    private ApprovalDecider.Answer answer(String method, Verdict verdict, Map<String, String> form) {
        return new ApprovalDecider(runtime).decide(method, verdict, form);
    }

    private void grantApprove(String user, String... groups) {
        access.user = user;
        access.groups = Set.of(groups);
        access.granted.add(PromotionGatesPermissions.APPROVE);
    }

    /** The votes the engine recorded for the promotion, counted (ALLOW) or refused (DENY). */
    private List<AuditEvent> votes(Waiting w) {
        return engine.store.byCorrelationId(w.correlationId()).stream()
                .filter(e -> e.type() == AuditEventType.APPROVAL_GRANTED || e.type() == AuditEventType.APPROVAL_REJECTED)
                .toList();
    }

    private PendingApproval pending(Waiting w) {
        return engine.service.pendingApprovals().stream()
                .filter(p -> p.decision().correlationId().equals(w.correlationId()))
                .findFirst().orElseThrow(() -> new AssertionError(w.correlationId() + " is no longer pending"));
    }

    /** Nothing counted, nothing settled: the step still waits and the engine's decision is still PENDING. */
    private void assertStillWaiting(Waiting w) {
        assertThat(pending(w).approvedBy()).isEmpty();
        assertThat(engine.service.currentDecision(w.correlationId())).get()
                .satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.PENDING));
        assertThat(w.gate().completions).as("the gate step must not resume").isZero();
    }

    /** The engine refused the vote with the code, and the refusal is audited under the voter's name. */
    private void assertRefusedAndAudited(ApprovalDecider.Answer answer, Waiting w, String voter, ReasonCode code) {
        assertThat(answer.status()).as(answer.message()).isEqualTo(409);
        assertThat(answer.result()).isNotNull();
        assertThat(answer.result().counted()).isFalse();
        assertThat(answer.result().reason().code()).isEqualTo(code);
        assertThat(answer.result().decision().isAllowed()).isFalse();
        assertThat(votes(w)).filteredOn(e -> e.actor().equals(voter)).isNotEmpty().allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.APPROVAL_GRANTED);
            assertThat(e.outcome()).isEqualTo(Outcome.DENY);
            assertThat(e.reasons()).extracting(AuditReason::code).containsExactly(code);
        });
        assertThat(ChainVerifier.verify(engine.store).isIntact()).isTrue();
    }

    // ------------------------------------------------------------------------------------ refused by the plugin

    @ParameterizedTest(name = "{0} by GET")
    @EnumSource(Endpoint.class)
    void shouldRefuseADecisionSentByGet(Endpoint endpoint) throws Exception {
        Waiting w = waitingRun("42", FakeRun.STARTER);
        access.grantAll = true;
        Map<String, String> form = form(w.page(), "canary error rate too high");

        send(endpoint, w.page(), "GET", form);

        ApprovalDecider.Answer answer = answer("GET", endpoint.verdict, form);
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.message()).isEqualTo("Approve and reject accept POST only");
        assertThat(answer.result()).as("refused before the engine").isNull();
        assertThat(votes(w)).isEmpty();
        assertStillWaiting(w);
        assertThat(endpoint.isRoutedForPostOnly()).as("Stapler routes only POST to " + endpoint.handler).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Endpoint.class, names = {"PAGE_APPROVE", "API_APPROVE"})
    void shouldRefuseAVoteWithoutTheApprovePermission(Endpoint endpoint) throws Exception {
        Waiting w = waitingRun("42", FakeRun.STARTER);
        Map<String, String> form = form(w.page(), null);

        send(endpoint, w.page(), "POST", form);

        ApprovalDecider.Answer answer = answer("POST", endpoint.verdict, form);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.message()).isEqualTo("bob lacks the Promotion Gates/Approve permission on shop");
        assertThat(votes(w)).isEmpty();
        assertStillWaiting(w);
        assertThat(w.page().isCanDecide()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Endpoint.class, names = {"PAGE_APPROVE", "API_APPROVE"})
    void shouldRefuseAnAnonymousVote(Endpoint endpoint) throws Exception {
        Waiting w = waitingRun("42", FakeRun.STARTER);
        access.user = null;
        access.grantAll = true;
        Map<String, String> form = form(w.page(), null);

        send(endpoint, w.page(), "POST", form);

        ApprovalDecider.Answer answer = answer("POST", endpoint.verdict, form);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.message()).isEqualTo("Log in to approve or reject promotions");
        assertThat(votes(w)).isEmpty();
        assertStillWaiting(w);
    }

    // ------------------------------------------------------------------------------------ refused by the engine

    @Test
    void shouldNotCountAVoteFromOutsideTheApproverGroups() throws Exception {
        Waiting w = waitingRun("42", FakeRun.STARTER);
        grantApprove("mallory", "developers");

        w.page().doApprove(post(form(w.page(), null)));

        ApprovalDecider.Answer answer = answer("POST", Verdict.APPROVE, form(w.page(), null));
        assertRefusedAndAudited(answer, w, "mallory", ReasonCode.APPROVER_NOT_AUTHORIZED);
        assertThat(answer.message()).contains("mallory is in none of the approver groups [release-managers, security]");
        assertStillWaiting(w);
    }

    @Test
    void shouldRefuseTheRequesterApprovingTheirOwnPromotionThroughTheJsonApi() throws Exception {
        Waiting w = waitingRun("42", "alice");
        grantApprove("alice", RELEASE_MANAGERS);

        send(Endpoint.API_APPROVE, w.page(), "POST", form(w.page(), null));

        ApprovalDecider.Answer answer = answer("POST", Verdict.APPROVE, form(w.page(), null));
        assertRefusedAndAudited(answer, w, "alice", ReasonCode.SELF_APPROVAL_FORBIDDEN);
        assertThat(answer.result().reason().evidence()).containsEntry("role", "requester");
        assertStillWaiting(w);
    }

    /**
     * In the plugin a person's promotion request is made as the user who started the run (an agent requester is
     * refused in production before any approval), so the starter is also the requester; the engine's own red-team
     * suite covers a starter who is not the requester. Letter case does not help.
     */
    @Test
    void shouldRefuseTheUserWhoStartedTheRunWhateverTheLetterCase() throws Exception {
        Waiting w = waitingRun("42", "alice");
        grantApprove("ALICE", RELEASE_MANAGERS);

        w.page().doApprove(post(form(w.page(), null)));

        assertRefusedAndAudited(answer("POST", Verdict.APPROVE, form(w.page(), null)), w, "ALICE",
                ReasonCode.SELF_APPROVAL_FORBIDDEN);
        assertStillWaiting(w);
    }

    @Test
    void shouldCountTheSamePersonOnceInNOfM() throws Exception {
        Waiting w = waitingRun("42", FakeRun.STARTER);
        grantApprove("bob", RELEASE_MANAGERS, "security");

        ApprovalDecider.Answer first = answer("POST", Verdict.APPROVE, form(w.page(), null));
        w.page().doApprove(post(form(w.page(), null)));
        send(Endpoint.API_APPROVE, w.page(), "POST", form(w.page(), null));
        ApprovalDecider.Answer again = answer("POST", Verdict.APPROVE, form(w.page(), null));

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.result().counted()).isFalse();
        assertThat(again.message()).isEqualTo("bob's approval is already counted; a second vote does not count twice");
        assertThat(again.result().decision().outcome()).isEqualTo(Outcome.PENDING);
        assertThat(pending(w).approvedBy()).containsExactly("bob");
        assertThat(votes(w)).filteredOn(e -> e.outcome() == Outcome.ALLOW).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("bob"));
        assertThat(votes(w)).filteredOn(e -> e.outcome() == Outcome.DENY).hasSize(3)
                .allSatisfy(e -> assertThat(e.reasons()).extracting(AuditReason::code)
                        .containsExactly(ReasonCode.APPROVAL_VOTE_ALREADY_COUNTED));
        assertThat(w.gate().completions).isZero();

        grantApprove("carol", "security");
        assertThat(answer("POST", Verdict.APPROVE, form(w.page(), null)).status()).isEqualTo(200);
        assertThat(w.gate().failure).isNull();
        assertThat(((Map<?, ?>) w.gate().result).get("outcome")).as("a second person completes it").isEqualTo("ALLOW");
    }

    /** A vote taken from one promotion's page and sent for something else. */
    @SuppressWarnings("ImmutableEnumChecker") // the functions are stateless lambdas
    enum Replay {
        ANOTHER_RUNS_CORRELATION_ID((form, other) -> form.put(ApprovalDecider.CORRELATION_ID, other.correlationId())),
        ANOTHER_DIGEST((form, other) -> form.put(ApprovalDecider.DIGESTS, Digest.sha256("0".repeat(64)).toString())),
        ANOTHER_POLICY_VERSION((form, other) -> form.put(ApprovalDecider.POLICY_HASH, "1".repeat(64)));

        private final BiConsumer<Map<String, String>, Waiting> tamper;

        Replay(BiConsumer<Map<String, String>, Waiting> tamper) {
            this.tamper = tamper;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Replay.class)
    void shouldRefuseAVoteReplayedForSomethingElse(Replay replay) throws Exception {
        Waiting shown = waitingRun("42", FakeRun.STARTER);
        Waiting target = waitingRun("43", FakeRun.STARTER);
        grantApprove("bob", RELEASE_MANAGERS);
        Map<String, String> form = form(shown.page(), null);
        replay.tamper.accept(form, target);
        Waiting votedOn = form.get(ApprovalDecider.CORRELATION_ID).equals(target.correlationId()) ? target : shown;

        target.page().doApprove(post(form));

        assertRefusedAndAudited(answer("POST", Verdict.APPROVE, form), votedOn, "bob",
                ReasonCode.APPROVAL_BINDING_MISMATCH);
        assertStillWaiting(shown);
        assertStillWaiting(target);
    }

    // ------------------------------------------------------------------------------------ break-glass

    @Test
    void shouldRefuseAndAuditBreakGlassByAUserOutsideTheBreakGlassGroups() throws Exception {
        engine.clock.set(Instant.parse("2026-11-28T10:00:00Z")); // Saturday: production's window is closed
        FakeRun run = new FakeRun();
        GateRunner.passStaging(run, workspace.toFile(), runtime, GLOB);
        RecordingContext gate = new RecordingContext(run, workspace.toFile());
        GateRunner.start(gate, runtime, "production", GLOB);
        assertThat(gate.failure).hasMessageContaining("OUTSIDE_CHANGE_WINDOW");
        PromotionDecisionAction decisions = run.getAction(PromotionDecisionAction.class);
        String correlationId = decisions.forEnvironment("production").getCorrelationId();
        access.user = "dave";
        access.groups = Set.of(RELEASE_MANAGERS);
        access.granted.add(PromotionGatesPermissions.BREAK_GLASS);

        BreakGlassHandler.Answer answer = new BreakGlassHandler(runtime, () -> runtime)
                .breakGlass("POST", run, decisions, "production", "payment outage INC-4711");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.applied()).isFalse();
        assertThat(answer.message()).contains("APPROVER_NOT_AUTHORIZED")
                .contains("dave is in none of the break-glass groups [sre-oncall]");
        assertThat(decisions.forEnvironment("production").getOutcome()).isEqualTo("DENY");
        assertThat(engine.service.currentDecision(correlationId)).get()
                .satisfies(d -> assertThat(d.outcome()).isEqualTo(Outcome.DENY));
        assertThat(engine.service.openReviews()).isEmpty();
        assertThat(run.getActions(PromotionApprovalAction.class)).isEmpty();
        assertThat(engine.store.byCorrelationId(correlationId))
                .filteredOn(e -> e.type() == AuditEventType.BREAK_GLASS).singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("dave");
                    assertThat(e.outcome()).isEqualTo(Outcome.DENY);
                    assertThat(e.reasons()).extracting(AuditReason::code).containsExactly(ReasonCode.APPROVER_NOT_AUTHORIZED);
                    assertThat(e.payloadValue("applied")).isEqualTo("false");
                });

        access.user = "sam";
        access.groups = Set.of("sre-oncall");
        assertThat(new BreakGlassHandler(runtime, () -> runtime)
                .breakGlass("POST", run, decisions, "production", "payment outage INC-4711").applied())
                .as("positive control: the on-call group may").isTrue();
    }
}
