package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.CheckResult;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.PromotionRequest;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.model.TestEvidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.allEvents;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.codes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.reasonCodes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Injection through step parameters: path and glob characters, newlines, megabyte strings, huge lists. */
class InputRedTeamTest {
    private static final Requester ALICE = Requester.human("alice");
    private static final String TEN_MEGABYTES = "a".repeat(10 * 1024 * 1024);

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
    private final DefaultPromotionService service = fixture.service(store);

    static Stream<String> hostileEnvironments() {
        return Stream.of("../production", "staging/../production", "production/", "*", "prod*", "**",
                "production\n", "staging\nINFO promotion to production ALLOWED", "prod\u0000uction", "PRODUCTION",
                "", " production", "production;rm -rf /", TEN_MEGABYTES);
    }

    private Decision promote(PromotionSubmission submission) {
        Decision[] decision = new Decision[1];
        assertThatCode(() -> decision[0] = service.requestPromotion(submission)).doesNotThrowAnyException();
        return decision[0];
    }

    private static PromotionSubmission submission(String correlationId, String environment,
            List<SubmittedArtifact> artifacts) {
        return new PromotionSubmission(correlationId, environment, PromotionRequest.Action.PROMOTE, ALICE, run("42"),
                artifacts, new TestEvidence(1, 0, 0), "https://wiki.example.org/rollback", null, false, List.of());
    }

    /** Denied as an invalid request, with a DENY event for it whose fields are all safe to print. */
    private void assertInvalidAndAudited(Decision decision) {
        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(decision)).containsExactly(ReasonCode.INVALID_REQUEST);
        assertThat(decision.reasons().get(0).message()).doesNotContain("\n").hasSizeLessThan(1000);
        List<AuditEvent> decisions = allEvents(store, AuditEventType.DECISION);
        assertThat(decisions).singleElement().satisfies(event -> {
            assertThat(event.outcome()).isEqualTo(Outcome.DENY);
            assertThat(reasonCodes(event)).containsExactly(ReasonCode.INVALID_REQUEST);
            assertThat(event.correlationId()).isEqualTo(decision.correlationId()).doesNotContain("\n")
                    .hasSizeLessThanOrEqualTo(128);
            assertThat(event.payload().values()).allSatisfy(v -> assertThat(v).doesNotContain("\n"));
        });
        assertThat(ChainVerifier.verify(store).isIntact()).isTrue();
    }

    @ParameterizedTest(name = "environment #{index}")
    @MethodSource("hostileEnvironments")
    void shouldDenyHostileEnvironmentNamesCleanly(String environment) {
        String correlationId = environment.length() < 100 ? "shop/release#42/" + environment : "shop/release#42/x";

        Decision decision = promote(submission(correlationId, environment, List.of(pom())));

        assertInvalidAndAudited(decision);
        assertThat(decision.environment()).isEqualTo("unknown");
    }

    @ParameterizedTest(name = "correlation id #{index}")
    @ValueSource(strings = {"a\nb", "id\r\nforged: yes", "\u001b[31mred"})
    void shouldReplaceAHostileCorrelationIdInsteadOfRecordingIt(String correlationId) {
        Decision decision = promote(submission(correlationId, "staging", List.of(pom())));

        assertThat(decision.correlationId()).startsWith("invalid-").doesNotContain("\n");
        assertThat(store.byCorrelationId(decision.correlationId())).isNotEmpty();
    }

    @Test
    void shouldDenyAHugeCorrelationIdAsAnInvalidOne() {
        Decision decision = promote(submission(TEN_MEGABYTES, "staging", List.of(pom())));

        assertThat(decision.correlationId()).startsWith("invalid-").hasSizeLessThanOrEqualTo(128);
    }

    @Test
    void shouldDenyTenThousandArtifactsCleanly() {
        List<SubmittedArtifact> many = Collections.nCopies(10_000, pom());

        Decision decision = promote(submission("shop/release#42/staging", "staging", many));

        assertInvalidAndAudited(decision);
        assertThat(allEvents(store, AuditEventType.DECISION)).singleElement().satisfies(event -> {
            assertThat(event.digests()).as("a flood is recorded as a count, not 10,000 digests").isEmpty();
            assertThat(event.payloadValue("artifactCount")).isEqualTo("10000");
        });
    }

    @Test
    void shouldRefuseNewlinesInIdentitiesAtTheBoundary() {
        assertThatThrownBy(() -> Requester.human("alice\nINFO approved by bob"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control character");
        assertThatThrownBy(() -> Requester.agent(TEN_MEGABYTES)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RunRef("shop\nrelease", "1", null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArtifactRef("app.jar\n", pom().artifact().digest()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDenyAPathInAnArtifactNameByTheAllowlist() {
        SubmittedArtifact escaping = new SubmittedArtifact(new ArtifactRef("sigstore-java-1.0.0/../../etc/passwd",
                pom().artifact().digest()), pom().bundleJson(), null);

        Decision decision = promote(submission("shop/release#42/staging", "staging", List.of(escaping)));

        ServiceFixture.assertDeniedAndAudited(store, decision, ReasonCode.NOT_ON_ALLOWLIST);
    }

    @Test
    void shouldRefuseAndRecordAHostileVoteWithoutThrowing() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        ApprovalVote genuine = ServiceFixture.approve(service, pending, "bob", Set.of("release-managers"));
        List<ApprovalVote> hostile = List.of(
                new ApprovalVote(genuine.correlationId(), "bob\nINFO approved", genuine.voterGroups(), true, false,
                        genuine.verdict(), null, genuine.runId(), genuine.environment(), genuine.digests(),
                        genuine.policyHash()),
                new ApprovalVote(genuine.correlationId(), "bob", genuine.voterGroups(), true, false,
                        genuine.verdict(), null, genuine.runId(), "../production", genuine.digests(),
                        genuine.policyHash()),
                new ApprovalVote(genuine.correlationId(), "bob", genuine.voterGroups(), true, false,
                        genuine.verdict(), null, genuine.runId(), genuine.environment(), List.of(),
                        genuine.policyHash()),
                new ApprovalVote(genuine.correlationId(), TEN_MEGABYTES, genuine.voterGroups(), true, false,
                        genuine.verdict(), null, TEN_MEGABYTES, genuine.environment(), genuine.digests(),
                        TEN_MEGABYTES));

        for (ApprovalVote vote : hostile) {
            ApprovalResult[] result = new ApprovalResult[1];
            assertThatCode(() -> result[0] = service.decide(vote)).doesNotThrowAnyException();
            assertThat(result[0].counted()).isFalse();
            assertThat(result[0].decision().isAllowed()).isFalse();
        }
        assertThat(allEvents(store, AuditEventType.ANOMALY_SIGNAL)).filteredOn(event -> "INVALID_VOTE".equals(
                event.payloadValue(io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys.SIGNAL)))
                .hasSize(hostile.size()).allSatisfy(event -> {
            assertThat(reasonCodes(event)).containsExactly(ReasonCode.INVALID_REQUEST);
            assertThat(event.payload().values()).allSatisfy(v -> assertThat(v).doesNotContain("\n"));
        });
        assertThat(service.decide(genuine).counted()).as("hostile votes do not poison the approval").isTrue();
        assertThat(ChainVerifier.verify(store).isIntact()).isTrue();
    }

    @Test
    void shouldRefuseAHostileCredentialIdAndRecordItPrintably() {
        RunRef run = run("42");
        assertThat(ServiceFixture.gate(service, "staging", ALICE, run, pom()).isAllowed()).isTrue();

        CredentialDecision decision = service.authorizeCredential(new CredentialRequest("staging",
                "staging-deploy\nINFO bound prod-deploy", run, List.of(pom().artifact())));
        CredentialDecision traversal = service.authorizeCredential(new CredentialRequest("../production",
                "prod-deploy", run, List.of(pom().artifact())));

        assertThat(decision.granted()).isFalse();
        assertThat(decision.checks()).extracting(CheckResult::code).contains(ReasonCode.CREDENTIAL_OUT_OF_SCOPE);
        assertThat(traversal.granted()).isFalse();
        assertThat(allEvents(store, AuditEventType.CREDENTIAL_REFUSED)).hasSize(2)
                .allSatisfy(e -> assertThat(e.payload().values()).allSatisfy(v -> assertThat(v).doesNotContain("\n")));
    }
}
