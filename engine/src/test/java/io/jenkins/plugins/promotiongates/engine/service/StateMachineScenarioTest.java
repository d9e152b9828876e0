package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.anomaly.Identity;
import io.jenkins.plugins.promotiongates.engine.approval.Approver;
import io.jenkins.plugins.promotiongates.engine.approval.ApproverDirectory;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.InMemoryAuditStore;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.jenkins.plugins.promotiongates.engine.model.RunRef;
import io.jenkins.plugins.promotiongates.engine.policy.Policy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.allEvents;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.approve;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.codes;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.events;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.gate;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.pom;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.reject;
import static io.jenkins.plugins.promotiongates.engine.service.ServiceFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The scenarios of "One decision, one write" (issue 16), each an example of the approval state machine of
 * docs/state-machine.md under a policy change, a fault or a second controller. The first six were watched failing on
 * the service before the split (DefaultPromotionService of commit fd78a75): the failure is named in each comment.
 */
class StateMachineScenarioTest {
    private static final Requester ALICE = Requester.human("alice");
    private static final Set<String> RELEASE_MANAGERS = Set.of("release-managers");
    private static final Set<String> SECURITY = Set.of("security");

    private final ServiceFixture fixture = new ServiceFixture();
    private final InMemoryAuditStore real = new InMemoryAuditStore(fixture.clock);
    private final FailingAuditStore store = new FailingAuditStore(real);
    private final AtomicReference<Policy> inForce = new AtomicReference<>(fixture.policy);
    private final DefaultPromotionService service = new DefaultPromotionService(inForce::get, store, fixture.clock);

    StateMachineScenarioTest() {
        real.recordPolicy(fixture.policy.hash(), fixture.policyText, "admin");
    }

    /** Another controller (or the admin) applies a new policy: the store and this controller's provider follow it. */
    private Policy changePolicy() {
        String text = fixture.policyText.replace("timeoutMinutes: 1440", "timeoutMinutes: 720");
        Policy changed = ServiceFixture.parse(text);
        real.recordPolicy(changed.hash(), text, "admin");
        inForce.set(changed);
        return changed;
    }

    /** Old code: the second vote consumed the approval, then StalePolicyException escaped from decide(). */
    @Test
    void shouldWithdrawAPendingRequestWithPolicyStaleWhenThePolicyChangesAndVotesComeForTheOldOne() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        ApprovalVote bob = approve(service, pending, "bob", RELEASE_MANAGERS);
        ApprovalVote carol = approve(service, pending, "carol", SECURITY);
        changePolicy();

        ApprovalResult[] results = new ApprovalResult[2];
        assertThatCode(() -> {
            results[0] = service.decide(bob);
            results[1] = service.decide(carol);
        }).doesNotThrowAnyException();

        assertThat(results[0].counted()).isFalse();
        assertThat(results[0].reason().code()).isEqualTo(ReasonCode.POLICY_STALE);
        assertThat(results[0].decision().outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(results[0].decision())).contains(ReasonCode.POLICY_STALE);
        assertThat(results[1].counted()).isFalse();
        String id = pending.correlationId();
        assertThat(events(real, id, AuditEventType.APPROVAL_CONSUMED)).isEmpty();
        assertThat(events(real, id, AuditEventType.APPROVAL_WITHDRAWN)).hasSize(1)
                .allSatisfy(e -> assertThat(ServiceFixture.reasonCodes(e)).containsExactly(ReasonCode.POLICY_STALE));
        assertThat(service.currentDecision(id)).hasValueSatisfying(d -> assertThat(codes(d))
                .contains(ReasonCode.POLICY_STALE));
        assertThat(service.pendingApprovals()).isEmpty();
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    /** Old code: every read of a due request appended another APPROVAL_TIMED_OUT (and a decision). */
    @Test
    void shouldAnswerATimedOutRequestWithoutWritingAndRecordTheTimeoutOnceWhenSomeoneActs() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        fixture.clock.advance(Duration.ofHours(24).plusMinutes(1));
        long before = real.lastSequence();

        Decision first = service.currentDecision(pending.correlationId()).orElseThrow();
        Decision second = service.currentDecision(pending.correlationId()).orElseThrow();
        List<PendingApproval> listed = service.pendingApprovals();

        assertThat(first.outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(first)).contains(ReasonCode.APPROVAL_TIMED_OUT);
        assertThat(second.outcome()).isEqualTo(Outcome.DENY);
        assertThat(listed).isEmpty();
        assertThat(real.lastSequence()).as("queries never write").isEqualTo(before);

        ApprovalResult late = service.decide(approve(service, pending, "bob", RELEASE_MANAGERS));
        service.withdraw(pending.correlationId(), "alice", "aborted");
        service.decide(approve(service, pending, "carol", SECURITY));

        assertThat(late.counted()).isFalse();
        assertThat(late.reason().code()).isEqualTo(ReasonCode.APPROVAL_TIMED_OUT);
        assertThat(events(real, pending.correlationId(), AuditEventType.APPROVAL_TIMED_OUT)).hasSize(1);
        assertThat(events(real, pending.correlationId(), AuditEventType.DECISION))
                .filteredOn(e -> e.outcome() != Outcome.PENDING).hasSize(1);
    }

    /**
     * Old code: break-glass recorded {@code BREAK_GLASS applied=true}, then the decision was refused as stale: a review
     * was opened for an override that never took effect.
     */
    @Test
    void shouldRefuseBreakGlassWithPolicyStaleBeforeRecordingAnOverrideWhenThePolicyChanged() {
        RunRef run = run("42");
        fixture.pendingProduction(service, run, pom());
        fixture.clock.set(Instant.parse("2026-11-28T10:00:00Z")); // Saturday: outside the production window
        Decision denied = gate(service, "production", ALICE, run, pom());
        assertThat(codes(denied)).contains(ReasonCode.OUTSIDE_CHANGE_WINDOW);
        changePolicy();

        Decision broken = service.breakGlass(new BreakGlassSubmission(denied.correlationId(), "erin",
                Set.of("sre-oncall"), true, "INC-7: payment outage"));

        assertThat(broken.outcome()).isEqualTo(Outcome.DENY);
        assertThat(codes(broken)).contains(ReasonCode.POLICY_STALE);
        assertThat(events(real, denied.correlationId(), AuditEventType.BREAK_GLASS))
                .noneMatch(e -> "true".equals(e.payload().get("applied")));
        assertThat(service.openReviews()).isEmpty();
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    /**
     * Old code: the second vote was durable on its own, then the completion failed on the full disk and the exception
     * escaped; the request was left approved 2 of 2 with no completion and no decision.
     */
    @Test
    void shouldLeaveNothingOfTheSecondApprovalWhenItsWriteFailsOnAFullDisk() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        assertThat(service.decide(approve(service, pending, "bob", RELEASE_MANAGERS)).counted()).isTrue();
        long before = real.lastSequence();
        store.failAppendsOf(AuditEventType.APPROVAL_COMPLETED,
                () -> new UncheckedIOException(new IOException("No space left on device")));

        ApprovalResult[] second = new ApprovalResult[1];
        assertThatCode(() -> second[0] = service.decide(approve(service, pending, "carol", SECURITY)))
                .doesNotThrowAnyException();

        assertThat(second[0].counted()).isFalse();
        assertThat(second[0].reason().code()).isEqualTo(ReasonCode.STORE_UNAVAILABLE);
        assertThat(real.lastSequence()).as("nothing reported failed is durable").isEqualTo(before);
        store.heal();
        ApprovalResult retried = service.decide(approve(service, pending, "carol", SECURITY));
        assertThat(retried.counted()).isTrue();
        assertThat(retried.decision().outcome()).isEqualTo(Outcome.ALLOW);
    }

    /** Old code: a repeated gate withdrew the open request ("superseded") and its counted vote was lost. */
    @Test
    void shouldReturnTheOpenRequestWithItsVotesWhenTheSameGateRunsAgain() {
        RunRef run = run("42");
        Decision pending = fixture.pendingProduction(service, run, pom());
        assertThat(service.decide(approve(service, pending, "bob", RELEASE_MANAGERS)).counted()).isTrue();

        Decision again = gate(service, "production", ALICE, run, pom());

        assertThat(again.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(events(real, pending.correlationId(), AuditEventType.APPROVAL_WITHDRAWN)).isEmpty();
        assertThat(events(real, pending.correlationId(), AuditEventType.APPROVAL_REQUESTED)).hasSize(1);
        ApprovalResult carol = service.decide(approve(service, pending, "carol", SECURITY));
        assertThat(carol.decision().outcome()).isEqualTo(Outcome.ALLOW);
        long before = real.lastSequence();
        assertThat(gate(service, "production", ALICE, run, pom()).outcome())
                .as("asking again after the allow returns it").isEqualTo(Outcome.ALLOW);
        assertThat(real.lastSequence()).isEqualTo(before);
    }

    /**
     * Old code: both controllers read the request as pending and both appended a closing event and a final decision
     * (the per-JVM lock of one service does not exclude another).
     */
    @Test
    void shouldCloseAnApprovalOnceWhenTwoServicesOnOneStoreCloseItAtTheSameTime() throws Exception {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        ApprovalVote carolRejects = reject(service, pending, "carol", SECURITY, "not today");
        BarrierStore barrier = new BarrierStore(real, new CyclicBarrier(2));
        DefaultPromotionService first = new DefaultPromotionService(inForce::get, barrier, fixture.clock);
        DefaultPromotionService second = new DefaultPromotionService(inForce::get, barrier, fixture.clock);

        CompletableFuture<Decision> withdrawn = CompletableFuture.supplyAsync(
                () -> first.withdraw(pending.correlationId(), "alice", "build aborted"));
        CompletableFuture<ApprovalResult> rejected = CompletableFuture.supplyAsync(() -> second.decide(carolRejects));
        withdrawn.get(30, TimeUnit.SECONDS);
        rejected.get(30, TimeUnit.SECONDS);

        List<AuditEvent> all = real.byCorrelationId(pending.correlationId());
        assertThat(all).filteredOn(e -> e.type() == AuditEventType.DECISION && e.outcome() != Outcome.PENDING)
                .as("one final decision").hasSize(1);
        assertThat(all).filteredOn(e -> e.type() == AuditEventType.APPROVAL_WITHDRAWN
                || (e.type() == AuditEventType.APPROVAL_REJECTED && e.outcome() != Outcome.DENY))
                .as("one closing event").hasSize(1);
        assertThat(ChainVerifier.verify(real).isIntact()).isTrue();
    }

    /**
     * Wraps a store so that the first read of each of two threads waits for the other: both read the request as
     * pending before either writes, the interleaving two controllers produce when they act at the same moment.
     */
    private static final class BarrierStore extends ForwardingAuditStore {
        private final CyclicBarrier barrier;
        private final ThreadLocal<Boolean> waited = ThreadLocal.withInitial(() -> false);

        BarrierStore(AuditStore delegate, CyclicBarrier barrier) {
            super(delegate);
            this.barrier = barrier;
        }

        @Override
        public List<AuditEvent> byCorrelationId(String correlationId) {
            List<AuditEvent> read = super.byCorrelationId(correlationId);
            if (!waited.get()) {
                waited.set(true);
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other controller never read", e);
                }
            }
            return read;
        }
    }

    /**
     * Old code: the replay at start-up charged every later non-allow DECISION to the request recorded just before it,
     * so a rejection (and the service's own final decisions) counted as the requester's denial after a restart while
     * the live detector had counted none; a refused self-vote must not count either. (The count view is new, so this
     * one could not run against the old service; the old replay's pairing is what it would have caught.)
     */
    @Test
    void shouldRebuildTheSameAnomalyCountsAfterARestartAsTheLiveDetectorHeld() {
        Decision pending = fixture.pendingProduction(service, run("42"), pom());
        ApprovalResult selfVote = service.decide(approve(service, pending, "alice", RELEASE_MANAGERS));
        service.decide(reject(service, pending, "carol", SECURITY, "not today"));
        assertThat(selfVote.reason().code()).isEqualTo(ReasonCode.SELF_APPROVAL_FORBIDDEN);
        Identity alice = Identity.user("alice");
        java.util.Optional<String> live = service.anomalyCounts(alice);

        DefaultPromotionService restarted = new DefaultPromotionService(inForce::get, store, fixture.clock);

        assertThat(restarted.anomalyCounts(alice)).isEqualTo(live);
        assertThat(live).hasValueSatisfying(counts -> assertThat(counts)
                .contains("denials=0", "productionAttempts=1"));
    }

    /**
     * Issue 17 item 5: an approver removed from the approver groups after voting no longer counts when the quorum is
     * reached; the discounted vote is recorded with the reason and the request stays pending. (New API: the old
     * service took no directory and counted bob's vote.)
     */
    @Test
    void shouldDiscountTheVoteOfAnApproverRemovedFromTheGroupsWhenTheQuorumIsReached() {
        Set<String> removed = new java.util.HashSet<>();
        ApproverDirectory directory = asVoted -> removed.contains(asVoted.userId()) ? java.util.Optional.of(
                new Approver(asVoted.userId(), Set.of(), asVoted.hasApprovePermission(), asVoted.agent()))
                : java.util.Optional.of(asVoted);
        DefaultPromotionService judged = new DefaultPromotionService(inForce::get, store, fixture.clock, directory);
        Decision pending = fixture.pendingProduction(judged, run("42"), pom());
        assertThat(judged.decide(approve(judged, pending, "bob", RELEASE_MANAGERS)).counted()).isTrue();
        removed.add("bob");

        ApprovalResult carol = judged.decide(approve(judged, pending, "carol", SECURITY));

        assertThat(carol.counted()).isTrue();
        assertThat(carol.decision().outcome()).isEqualTo(Outcome.PENDING);
        assertThat(events(real, pending.correlationId(), AuditEventType.APPROVAL_VOTE_DISCOUNTED)).singleElement()
                .satisfies(e -> {
                    assertThat(e.payloadValue("subject")).isEqualTo("bob");
                    assertThat(ServiceFixture.reasonCodes(e)).containsExactly(ReasonCode.APPROVER_NOT_AUTHORIZED);
                });
        assertThat(events(real, pending.correlationId(), AuditEventType.APPROVAL_CONSUMED)).isEmpty();
        assertThat(judged.pendingApprovals()).singleElement()
                .satisfies(p -> assertThat(p.approvedBy()).containsExactly("carol"));
        ApprovalResult erin = judged.decide(approve(judged, pending, "erin", RELEASE_MANAGERS));
        assertThat(erin.decision().outcome()).isEqualTo(Outcome.ALLOW);
    }
}
