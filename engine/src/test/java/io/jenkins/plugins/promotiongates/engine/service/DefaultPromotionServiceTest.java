package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PayloadKeys;
import io.jenkins.plugins.promotiongates.engine.model.ArtifactRef;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.allEvents;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.approve;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.assertDeniedAndAudited;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.codes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.deploy;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.events;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.reasonCodes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.reject;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.submission;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine service end to end: real signatures, the ledger, approvals, credentials, break-glass, anomalies. */
class DefaultPromotionServiceTest {
    private static final Requester ALICE = Requester.human("alice");
    private static final Set<String> RELEASE_MANAGERS = Set.of("release-managers");
    private static final Set<String> SECURITY = Set.of("security");

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore store = new InMemoryAuditStore(fixture.clock);
    private final DefaultPromotionService service = fixture.service(store);

    @Test
    void shouldPromoteThroughStagingCanaryAndProductionWithTwoApprovals() {
        RunRef run = run("42");
        Decision pending = fixture.pendingProduction(service, run, pom());

        assertThat(codes(pending)).containsExactly(ReasonCode.APPROVAL_REQUIRED);
        assertThat(service.pendingApprovals()).singleElement()
                .satisfies(p -> assertThat(p.decision().correlationId()).isEqualTo(pending.correlationId()));

        ApprovalResult bob = service.decide(approve(service, pending, "bob", RELEASE_MANAGERS));
        assertThat(bob.counted()).isTrue();
        assertThat(bob.decision().outcome()).isEqualTo(Outcome.PENDING);
        ApprovalResult carol = service.decide(approve(service, pending, "carol", SECURITY));
        assertThat(carol.counted()).isTrue();
        assertThat(carol.decision().outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(service.currentDecision(pending.correlationId())).hasValueSatisfying(
                d -> assertThat(d.isAllowed()).isTrue());
        assertThat(service.pendingApprovals()).isEmpty();

        assertThat(events(store, pending.correlationId(), AuditEventType.APPROVAL_CONSUMED)).hasSize(1);
        assertThat(events(store, pending.correlationId(), AuditEventType.APPROVAL_COMPLETED)).hasSize(1);
        assertThat(ChainVerifier.verify(store).isIntact()).isTrue();
    }

    @Test
    void shouldNotCountTheSameApproverTwice() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());

        assertThat(service.decide(approve(service, pending, "bob", RELEASE_MANAGERS)).counted()).isTrue();
        ApprovalResult again = service.decide(approve(service, pending, "bob", SECURITY));

        assertThat(again.counted()).isFalse();
        assertThat(again.decision().outcome()).isEqualTo(Outcome.PENDING);
    }

    @Test
    void shouldRebuildThePendingApprovalAfterARestart(@TempDir Path directory) {
        RunRef run = run("42");
        Decision pending;
        try (FileAuditStore first = new FileAuditStore(directory, fixture.clock)) {
            DefaultPromotionService before = fixture.service(first);
            pending = fixture.pendingProduction(before, run, pom());
            assertThat(before.decide(approve(before, pending, "bob", RELEASE_MANAGERS)).counted()).isTrue();
        }

        try (FileAuditStore reopened = new FileAuditStore(directory, fixture.clock)) {
            DefaultPromotionService after = fixture.service(reopened);

            assertThat(after.pendingApprovals()).singleElement().satisfies(p -> {
                assertThat(p.decision().correlationId()).isEqualTo(pending.correlationId());
                assertThat(p.approvedBy()).containsExactly("bob");
                assertThat(p.required()).isEqualTo(2);
            });
            assertThat(after.decide(approve(after, pending, "bob", SECURITY)).counted())
                    .as("bob's vote before the restart still counts once").isFalse();
            ApprovalResult carol = after.decide(approve(after, pending, "carol", SECURITY));
            assertThat(carol.decision().outcome()).isEqualTo(Outcome.ALLOW);
            assertThat(ChainVerifier.verify(reopened).isIntact()).isTrue();
        }
    }

    @Test
    void shouldDenyWithApprovalTimedOutWhenNobodyDecidesInTime() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        service.decide(approve(service, pending, "bob", RELEASE_MANAGERS));

        fixture.clock.advance(Duration.ofHours(24).plusMinutes(1));

        Decision timedOut = service.currentDecision(pending.correlationId()).orElseThrow();
        assertThat(timedOut.outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(timedOut)).contains(ReasonCode.APPROVAL_TIMED_OUT);
        assertThat(events(store, pending.correlationId(), AuditEventType.APPROVAL_TIMED_OUT))
                .as("a query computes the time-out; it does not record it").isEmpty();
        ApprovalResult late = service.decide(approve(service, pending, "carol", SECURITY));
        assertThat(late.counted()).isFalse();
        assertThat(late.decision().outcome()).isEqualTo(Outcome.DENY);
        assertDeniedAndAudited(store, late.decision(), ReasonCode.APPROVAL_TIMED_OUT);
        assertThat(events(store, pending.correlationId(), AuditEventType.APPROVAL_TIMED_OUT)).hasSize(1);
        assertThat(service.pendingApprovals()).isEmpty();
    }

    @Test
    void shouldDenyWhenTheBuildIsAbortedWhileWaiting() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());

        Decision withdrawn = service.withdraw(pending.correlationId(), "alice", "build aborted");

        assertDeniedAndAudited(store, withdrawn, ReasonCode.APPROVAL_WITHDRAWN);
        assertThat(events(store, pending.correlationId(), AuditEventType.APPROVAL_WITHDRAWN)).singleElement()
                .satisfies(e -> assertThat(e.payloadValue(PayloadKeys.DETAIL)).isEqualTo("build aborted"));
        assertThat(service.decide(approve(service, pending, "bob", RELEASE_MANAGERS)).counted()).isFalse();
    }

    @Test
    void shouldDenyWhenAnApproverRejects() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        service.decide(approve(service, pending, "bob", RELEASE_MANAGERS));

        ApprovalResult rejected = service.decide(reject(service, pending, "carol", SECURITY, "changelog is wrong"));

        assertThat(rejected.counted()).isTrue();
        assertDeniedAndAudited(store, rejected.decision(), ReasonCode.APPROVAL_REJECTED);
    }

    @Test
    void shouldBindTheCredentialOnlyForTheGatedEnvironmentAndDigests() {
        RunRef run = run("42");
        Decision staging = gate(service, "staging", ALICE, run, pom());
        assertThat(staging.isAllowed()).isTrue();
        List<ArtifactRef> verified = List.of(pom().artifact());

        CredentialDecision granted = service.authorizeCredential(
                new CredentialRequest("staging", "staging-deploy", run, verified));
        CredentialDecision otherEnvironment = service.authorizeCredential(
                new CredentialRequest("staging", "prod-deploy", run, verified));
        CredentialDecision notGated = service.authorizeCredential(
                new CredentialRequest("canary", "canary-deploy", run, verified));
        CredentialDecision swapped = service.authorizeCredential(new CredentialRequest("staging", "staging-deploy",
                run, List.of(ServiceFixture.jar().artifact())));
        CredentialDecision unknown = service.authorizeCredential(
                new CredentialRequest("staging", "root-password", run, verified));

        assertThat(granted.granted()).isTrue();
        assertThat(otherEnvironment.granted()).isFalse();
        assertThat(otherEnvironment.checks()).extracting(c -> c.code()).contains(ReasonCode.CREDENTIAL_OUT_OF_SCOPE);
        assertThat(notGated.granted()).isFalse();
        assertThat(notGated.checks()).extracting(c -> c.code()).contains(ReasonCode.CREDENTIAL_NOT_GATED);
        assertThat(swapped.granted()).isFalse();
        assertThat(swapped.checks()).extracting(c -> c.code()).contains(ReasonCode.ARTIFACT_CHANGED_SINCE_GATE);
        assertThat(unknown.granted()).isFalse();
        assertThat(unknown.checks()).extracting(c -> c.code()).contains(ReasonCode.CREDENTIAL_OUT_OF_SCOPE);
        assertThat(allEvents(store, AuditEventType.CREDENTIAL_BOUND)).hasSize(1);
        assertThat(allEvents(store, AuditEventType.CREDENTIAL_REFUSED)).hasSize(4);
    }

    @Test
    void shouldNotLetAnUngatedDeploymentSatisfyTheNextEnvironmentsOrder() {
        RunRef run = run("42");
        deploy(service, "staging", run);

        AuditEvent ungated = allEvents(store, AuditEventType.DEPLOYMENT).get(0);
        assertThat(ungated.payloadValue("gated")).isEqualTo("false");
        assertThat(ungated.digests()).isEmpty();
        Decision canary = gate(service, "canary", ALICE, run, pom());
        assertDeniedAndAudited(store, canary, ReasonCode.PROMOTION_ORDER_VIOLATED);

        assertThat(gate(service, "staging", ALICE, run, pom()).isAllowed()).isTrue();
        deploy(service, "staging", run);
        AuditEvent gated = allEvents(store, AuditEventType.DEPLOYMENT).get(1);
        assertThat(gated.payloadValue("gated")).isEqualTo("true");
        assertThat(gated.digests()).containsExactly(pom().artifact().digest().toString());
        assertThat(gate(service, "canary", ALICE, run, pom()).isAllowed()).isTrue();
    }

    @Test
    void shouldLetBreakGlassOverrideOnlyTheWindowAndOpenAReviewSomeoneElseCloses() {
        RunRef run = run("42");
        fixture.pendingProduction(service, run, pom());
        fixture.clock.set(Instant.parse("2026-11-28T10:00:00Z")); // Saturday: outside the production window
        Decision denied = gate(service, "production", ALICE, run, pom());
        assertDeniedAndAudited(store, denied, ReasonCode.OUTSIDE_CHANGE_WINDOW);

        Decision refused = service.breakGlass(new BreakGlassSubmission(denied.correlationId(), "erin",
                Set.of("sre-oncall"), false, "outage"));
        assertThat(refused.outcome()).isEqualTo(Outcome.DENY);
        assertThat(service.openReviews()).isEmpty();

        Decision notOnCall = service.breakGlass(new BreakGlassSubmission(denied.correlationId(), "mallory",
                Set.of("developers"), true, "I have the permission"));
        assertThat(notOnCall.outcome()).as("the permission alone is not enough").isEqualTo(Outcome.DENY);

        Decision broken = service.breakGlass(new BreakGlassSubmission(denied.correlationId(), "erin",
                Set.of("sre-oncall"), true, "INC-7: payment outage, hotfix"));
        assertThat(broken.outcome()).as("approvals are still needed after break-glass").isEqualTo(Outcome.PENDING);
        assertThat(service.openReviews()).containsExactly(denied.correlationId());
        List<AuditEvent> glass = events(store, denied.correlationId(), AuditEventType.BREAK_GLASS);
        assertThat(glass).extracting(e -> e.payloadValue("applied")).containsExactly("false", "false", "true");
        assertThat(glass.get(1).reasons()).extracting(r -> r.code()).containsExactly(ReasonCode.APPROVER_NOT_AUTHORIZED);

        assertThat(service.closeReview(denied.correlationId(), "erin", "done")).isFalse();
        assertThat(service.closeReview(denied.correlationId(), "frank", "")).isFalse();
        assertThat(service.closeReview(denied.correlationId(), "frank", "reviewed: hotfix was needed")).isTrue();
        assertThat(service.openReviews()).isEmpty();

        service.decide(approve(service, broken, "bob", RELEASE_MANAGERS));
        assertThat(service.decide(approve(service, broken, "carol", SECURITY)).decision().outcome())
                .isEqualTo(Outcome.ALLOW);
    }

    @Test
    void shouldQuarantineAnAgentAfterRepeatedDenialsUntilAnAdminLiftsIt() {
        Requester bot = Requester.agent("release-bot-7");
        String token = fixture.entitlement("release-bot-7", List.of("staging"), Duration.ofMinutes(30));
        for (int i = 0; i < 3; i++) {
            Decision denied = service.requestPromotion(submission("production", bot, run("5" + i), List.of(pom()),
                    token));
            assertThat(codes(denied)).contains(ReasonCode.AGENTS_NOT_ALLOWED);
        }
        assertThat(allEvents(store, AuditEventType.QUARANTINE)).singleElement()
                .satisfies(e -> assertThat(e.payloadValue(PayloadKeys.SUBJECT)).isEqualTo("agent:release-bot-7"));

        Decision quarantined = service.requestPromotion(submission("staging", bot, run("60"), List.of(pom()), token));
        assertDeniedAndAudited(store, quarantined, ReasonCode.IDENTITY_QUARANTINED);

        assertThat(service.liftQuarantine("agent:release-bot-7", "admin", "")).isFalse();
        assertThat(service.liftQuarantine("agent:release-bot-7", "admin", "bot fixed, token rotated")).isTrue();
        fixture.clock.advance(Duration.ofMinutes(11)); // the denials left the window: no immediate re-quarantine
        Decision allowed = service.requestPromotion(submission("staging", bot, run("61"), List.of(pom()), token));
        assertThat(allowed.outcome()).as(allowed.toString()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void shouldListTheDecisionsAStricterPolicyWouldChange() {
        RunRef run = run("42");
        assertThat(gate(service, "staging", ALICE, run, pom()).isAllowed()).isTrue();
        assertThat(gate(service, "staging", ALICE, run("43"), ServiceFixture.jar()).isAllowed()).isTrue();
        Policy stricter = ServiceFixture.parse(fixture.policyText.replace("artifacts: ['sigstore-java-*']",
                "artifacts: ['*.jar']"));

        PolicyReplay.Report report = PolicyReplay.replay(store, stricter);

        assertThat(report.replayed()).isEqualTo(2);
        assertThat(report.changes()).singleElement().satisfies(change -> {
            assertThat(change.correlationId()).isEqualTo(CorrelationIds.of(run, "staging"));
            assertThat(change.recorded()).isEqualTo(Outcome.ALLOW);
            assertThat(change.replayed()).isEqualTo(Outcome.DENY);
            assertThat(change.reasons()).contains(ReasonCode.NOT_ON_ALLOWLIST);
        });
        assertThat(PolicyReplay.replay(store, fixture.policy).changes()).isEmpty();
    }

    @Test
    void shouldRecordTheRefusedVotesAsEvidence() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());

        ApprovalResult self = service.decide(approve(service, pending, "alice", RELEASE_MANAGERS));

        assertThat(self.counted()).isFalse();
        assertThat(self.reason().code()).isEqualTo(ReasonCode.SELF_APPROVAL_FORBIDDEN);
        assertThat(events(store, pending.correlationId(), AuditEventType.APPROVAL_GRANTED)).singleElement()
                .satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.DENY);
                    assertThat(reasonCodes(e)).containsExactly(ReasonCode.SELF_APPROVAL_FORBIDDEN);
                });
    }
}
