package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of every {@link AuditStore}. Subclasses supply a fresh, empty store; the plugin reuses this class
 * through the engine's test-jar.
 */
public abstract class AbstractAuditStoreTest {
    protected static final Instant START = Instant.parse("2026-11-25T02:00:00Z");
    protected static final Digest APP = Digest.sha256("a".repeat(64));
    protected static final Digest LIB = Digest.sha256("b".repeat(64));
    protected static final String POLICY_V1 = PolicyVersion.hashOf("version: 1\n");
    protected static final String POLICY_V2 = PolicyVersion.hashOf("version: 2\n");

    private final MutableClock clock = new MutableClock(START);
    private AuditStore store;

    /** A fresh, empty store that takes its time from the clock. */
    protected abstract AuditStore createStore(java.time.Clock clock);

    @BeforeEach
    void openStore() {
        store = createStore(clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected AuditStore store() {
        return store;
    }

    protected MutableClock clock() {
        return clock;
    }

    protected static NewEvent.Builder event(AuditEventType type, String correlationId) {
        return NewEvent.builder(type, "alice", ActorKind.HUMAN).correlationId(correlationId).environment("production")
                .digest(APP).job("shop/backend").run("42");
    }

    protected static NewEvent deployment(String correlationId, Digest digest, String environment, String outcome) {
        return NewEvent.builder(AuditEventType.DEPLOYMENT, "ci-bot", ActorKind.AGENT).correlationId(correlationId)
                .environment(environment).digest(digest).put(PayloadKeys.DEPLOYMENT_OUTCOME, outcome).build();
    }

    @Test
    void shouldAssignSequencesTimesAndChainHashes() {
        AuditEvent first = store.append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        clock.advance(Duration.ofSeconds(1));
        AuditEvent second = store.append(event(AuditEventType.DECISION, "c1").outcome(Outcome.ALLOW).build());

        assertThat(first.sequence()).isEqualTo(1);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(first.prevHash()).isEqualTo(AuditEvent.GENESIS_HASH);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(first.hash()).isEqualTo(CanonicalEncoding.hashHex(first));
        assertThat(first.time()).isEqualTo(START);
        assertThat(second.time()).isEqualTo(START.plusSeconds(1));
        assertThat(store.lastSequence()).isEqualTo(2);
    }

    @Test
    void shouldReadBackExactlyWhatWasAppended() {
        AuditEvent appended = store.append(event(AuditEventType.DECISION, "c1").digest(LIB).policyHash(POLICY_V1)
                .outcome(Outcome.DENY)
                .reason(new AuditReason(ReasonCode.SIGNATURE_INVALID, "signature", "expected a valid signature\nfound none"))
                .reason(new AuditReason(ReasonCode.OUTSIDE_CHANGE_WINDOW, "window", "Sat 03:00 is outside Mon-Fri"))
                .put(PayloadKeys.ENTITLEMENT_AGENT, "docs-refactor-042").put(PayloadKeys.COMMENT, "Ünïcödé ✓")
                .build());

        assertThat(store.byCorrelationId("c1")).containsExactly(appended);
        assertThat(store.since(0, 10)).containsExactly(appended);
    }

    @Test
    void shouldJoinOnePromotionsEventsByCorrelationId() {
        AuditEvent requested = store.append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        store.append(event(AuditEventType.PROMOTION_REQUESTED, "c2").build());
        AuditEvent decided = store.append(event(AuditEventType.DECISION, "c1").outcome(Outcome.ALLOW).build());

        assertThat(store.byCorrelationId("c1")).containsExactly(requested, decided);
        assertThat(store.byCorrelationId("unknown")).isEmpty();
    }

    @Test
    void shouldRefuseASecondEventWithTheSameUniqueKey() throws DuplicateEventException {
        String key = UniqueKeys.approvalConsumed("c1");
        AuditEvent consumed = store.appendUnique(event(AuditEventType.APPROVAL_CONSUMED, "c1").uniqueKey(key).build());

        assertThatThrownBy(() -> store.appendUnique(event(AuditEventType.APPROVAL_CONSUMED, "c1").uniqueKey(key).build()))
                .isInstanceOfSatisfying(DuplicateEventException.class, duplicate -> {
                    assertThat(duplicate.getUniqueKey()).isEqualTo(key);
                    assertThat(duplicate.getExistingSequence()).isEqualTo(consumed.sequence());
                });
        assertThat(store.lastSequence()).isEqualTo(1);
        assertThat(store.appendUnique(event(AuditEventType.APPROVAL_CONSUMED, "c2")
                .uniqueKey(UniqueKeys.approvalConsumed("c2")).build()).sequence()).isEqualTo(2);
    }

    @Test
    void shouldRequireAppendUniqueForEventsWithAUniqueKey() {
        assertThatThrownBy(() -> store.append(event(AuditEventType.APPROVAL_GRANTED, "c1")
                .uniqueKey(UniqueKeys.vote("c1", "bob")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appendUnique");
        assertThatThrownBy(() -> store.appendUnique(event(AuditEventType.APPROVAL_GRANTED, "c1").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.lastSequence()).isZero();
    }

    @Test
    void shouldAppendABatchInOrderAndChainedAfterEarlierEvents() {
        AuditEvent earlier = store.append(event(AuditEventType.PROMOTION_REQUESTED, "c0").build());
        clock.advance(Duration.ofSeconds(1));

        List<AuditEvent> batch = store.appendAll(List.of(
                event(AuditEventType.PROMOTION_REQUESTED, "c1").build(),
                event(AuditEventType.DECISION, "c1").outcome(Outcome.PENDING).build(),
                event(AuditEventType.APPROVAL_REQUESTED, "c1").build()));

        assertThat(batch).extracting(AuditEvent::type).containsExactly(AuditEventType.PROMOTION_REQUESTED,
                AuditEventType.DECISION, AuditEventType.APPROVAL_REQUESTED);
        assertThat(batch).extracting(AuditEvent::sequence).containsExactly(2L, 3L, 4L);
        assertThat(batch.get(0).prevHash()).isEqualTo(earlier.hash());
        assertThat(batch.get(1).prevHash()).isEqualTo(batch.get(0).hash());
        assertThat(batch.get(2).prevHash()).isEqualTo(batch.get(1).hash());
        assertThat(batch).allSatisfy(stored -> {
            assertThat(stored.hash()).isEqualTo(CanonicalEncoding.hashHex(stored));
            assertThat(stored.time()).isEqualTo(START.plusSeconds(1));
        });
        assertThat(store.byCorrelationId("c1")).containsExactlyElementsOf(batch);
        assertThat(store.pendingApprovalCorrelationIds()).containsExactly("c1");
        assertThat(store.lastSequence()).isEqualTo(4);
        assertThat(store.append(event(AuditEventType.DEPLOYMENT, "c1").build()).prevHash())
                .isEqualTo(batch.get(2).hash());
        assertThat(store.appendAll(List.of())).isEmpty();
        assertThat(store.lastSequence()).isEqualTo(5);
    }

    @Test
    void shouldAppendNothingOfABatchWithAnEventThatNeedsAppendUnique() {
        store.append(event(AuditEventType.PROMOTION_REQUESTED, "c0").build());

        assertThatThrownBy(() -> store.appendAll(List.of(
                event(AuditEventType.PROMOTION_REQUESTED, "c1").build(),
                event(AuditEventType.APPROVAL_CONSUMED, "c1").uniqueKey(UniqueKeys.approvalConsumed("c1")).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appendUnique");

        assertThat(store.lastSequence()).isEqualTo(1);
        assertThat(store.byCorrelationId("c1")).isEmpty();
    }

    @Test
    void shouldRefuseAWholeBatchWhenOneDecisionNamesAStalePolicy() {
        store.recordPolicy(POLICY_V1, "version: 1\n", "admin");

        assertThatThrownBy(() -> store.appendAll(List.of(
                event(AuditEventType.PROMOTION_REQUESTED, "c1").build(),
                event(AuditEventType.DECISION, "c1").policyHash(POLICY_V2).outcome(Outcome.ALLOW).build())))
                .isInstanceOfSatisfying(StalePolicyException.class, stale -> {
                    assertThat(stale.getCurrentHash()).isEqualTo(POLICY_V1);
                    assertThat(stale.getDecidedHash()).isEqualTo(POLICY_V2);
                });

        assertThat(store.lastSequence()).isEqualTo(1);
        assertThat(store.byCorrelationId("c1")).isEmpty();
        List<AuditEvent> accepted = store.appendAll(List.of(
                event(AuditEventType.PROMOTION_REQUESTED, "c1").build(),
                event(AuditEventType.DECISION, "c1").policyHash(POLICY_V1).outcome(Outcome.ALLOW).build()));
        assertThat(accepted).extracting(AuditEvent::sequence).containsExactly(2L, 3L);
        assertThat(store.byCorrelationId("c1")).containsExactlyElementsOf(accepted);
    }

    @Test
    void shouldKeepEachBatchContiguousAmongConcurrentAppends() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<AuditEvent>>> batches = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String correlationId = "b" + i;
                batches.add(pool.submit(() -> store.appendAll(List.of(
                        event(AuditEventType.PROMOTION_REQUESTED, correlationId).build(),
                        event(AuditEventType.DECISION, correlationId).outcome(Outcome.ALLOW).build(),
                        event(AuditEventType.DEPLOYMENT, correlationId).build()))));
                batches.add(pool.submit(() -> List.of(store.append(event(AuditEventType.PROMOTION_REQUESTED,
                        "single-" + correlationId).build()))));
            }
            for (Future<List<AuditEvent>> batch : batches) {
                List<AuditEvent> stored = batch.get(30, TimeUnit.SECONDS);
                for (int j = 1; j < stored.size(); j++) {
                    assertThat(stored.get(j).sequence()).isEqualTo(stored.get(j - 1).sequence() + 1);
                    assertThat(stored.get(j).prevHash()).isEqualTo(stored.get(j - 1).hash());
                }
            }
            assertThat(store.lastSequence()).isEqualTo(32);
            for (int i = 0; i < 8; i++) {
                assertThat(store.byCorrelationId("b" + i)).hasSize(3);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldClaimEveryUniqueKeyOfABatchOrNone() throws DuplicateEventException {
        List<AuditEvent> stored = store.appendAllUnique(List.of(
                event(AuditEventType.APPROVAL_GRANTED, "c1").uniqueKey("vote:c1#1:bob").build(),
                event(AuditEventType.APPROVAL_COMPLETED, "c1").uniqueKey("approval-closed:c1#1").build(),
                event(AuditEventType.ESCALATION, "c1").build()));
        long before = store.lastSequence();

        assertThatThrownBy(() -> store.appendAllUnique(List.of(
                event(AuditEventType.APPROVAL_GRANTED, "c1").uniqueKey("vote:c1#1:carol").build(),
                event(AuditEventType.APPROVAL_COMPLETED, "c1").uniqueKey("approval-closed:c1#1").build())))
                .isInstanceOfSatisfying(DuplicateEventException.class, e -> {
                    assertThat(e.getUniqueKey()).isEqualTo("approval-closed:c1#1");
                    assertThat(e.getExistingSequence()).isEqualTo(stored.get(1).sequence());
                });
        assertThatThrownBy(() -> store.appendAllUnique(List.of(
                event(AuditEventType.APPROVAL_GRANTED, "c2").uniqueKey("vote:c2#1:bob").build(),
                event(AuditEventType.APPROVAL_GRANTED, "c2").uniqueKey("vote:c2#1:bob").build())))
                .as("a key named twice in one batch").isInstanceOf(DuplicateEventException.class);

        assertThat(stored).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(store.lastSequence()).as("nothing of a refused batch").isEqualTo(before);
        assertThat(store.appendAllUnique(List.of(event(AuditEventType.APPROVAL_GRANTED, "c1")
                .uniqueKey("vote:c1#1:carol").build()))).hasSize(1);
        assertThat(ChainVerifier.verify(store).isIntact()).isTrue();
    }

    @Test
    void shouldLetOneOfManyConcurrentBatchesClaimASharedKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String voter = "voter" + i;
                attempts.add(pool.submit(() -> {
                    try {
                        store.appendAllUnique(List.of(
                                event(AuditEventType.APPROVAL_GRANTED, "c1").uniqueKey("vote:c1#1:" + voter).build(),
                                event(AuditEventType.APPROVAL_COMPLETED, "c1")
                                        .uniqueKey(UniqueKeys.approvalClosed("c1#1")).build()));
                        return true;
                    } catch (DuplicateEventException e) {
                        return false;
                    }
                }));
            }
            int claimed = 0;
            for (Future<Boolean> attempt : attempts) {
                claimed += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(claimed).isEqualTo(1);
            assertThat(store.byCorrelationId("c1")).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldConsumeAnApprovalOnceWhenManyTryAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                attempts.add(pool.submit(() -> {
                    try {
                        store.appendUnique(event(AuditEventType.APPROVAL_CONSUMED, "c1")
                                .uniqueKey(UniqueKeys.approvalConsumed("c1")).build());
                        return true;
                    } catch (DuplicateEventException e) {
                        return false;
                    }
                }));
            }
            int consumed = 0;
            for (Future<Boolean> attempt : attempts) {
                consumed += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(consumed).isEqualTo(1);
            assertThat(store.byCorrelationId("c1")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAnswerWhenADigestWasLastDeployedSuccessfully() {
        store.append(deployment("c1", APP, "staging", "SUCCESS"));
        clock.advance(Duration.ofMinutes(10));
        store.append(deployment("c2", APP, "staging", "SUCCESS"));
        clock.advance(Duration.ofMinutes(10));
        store.append(deployment("c3", APP, "staging", "FAILURE"));
        store.append(deployment("c4", APP, "canary", "ROLLED_BACK"));

        assertThat(store.lastSuccessfulDeployment(APP, "staging")).contains(START.plus(Duration.ofMinutes(10)));
        assertThat(store.lastSuccessfulDeployment(APP, "canary")).isEmpty();
        assertThat(store.lastSuccessfulDeployment(LIB, "staging")).isEmpty();
    }

    @Test
    void shouldCountAnActorsEventsOfOneTypeInATimeWindow() {
        for (int i = 0; i < 5; i++) {
            store.append(event(AuditEventType.DECISION, "c" + i).outcome(Outcome.DENY).build());
            clock.advance(Duration.ofMinutes(1));
        }
        store.append(NewEvent.builder(AuditEventType.DECISION, "bob", ActorKind.HUMAN).correlationId("b1")
                .outcome(Outcome.DENY).build());

        assertThat(store.countByActorAndTypeSince("alice", AuditEventType.DECISION, START)).isEqualTo(5);
        assertThat(store.countByActorAndTypeSince("alice", AuditEventType.DECISION, START.plusSeconds(60))).isEqualTo(4);
        assertThat(store.countByActorAndTypeSince("alice", AuditEventType.DECISION, START.plusSeconds(61))).isEqualTo(3);
        assertThat(store.countByActorAndTypeSince("alice", AuditEventType.PROMOTION_REQUESTED, START)).isZero();
        assertThat(store.countByActorAndTypeSince("bob", AuditEventType.DECISION, START)).isEqualTo(1);
    }

    @Test
    void shouldCountAnIdentitysDenialsInATimeWindow() {
        store.append(event(AuditEventType.DECISION, "c1").outcome(Outcome.DENY).build());
        store.append(event(AuditEventType.DECISION, "c2").outcome(Outcome.ALLOW).build());
        clock.advance(Duration.ofMinutes(5));
        store.append(event(AuditEventType.DECISION, "c3").outcome(Outcome.DENY).build());
        store.append(event(AuditEventType.DECISION, "c4").outcome(Outcome.PENDING).build());

        assertThat(store.countDecisionsSince("alice", Outcome.DENY, START)).isEqualTo(2);
        assertThat(store.countDecisionsSince("alice", Outcome.DENY, START.plusSeconds(1))).isEqualTo(1);
        assertThat(store.countDecisionsSince("alice", Outcome.ALLOW, START)).isEqualTo(1);
        assertThat(store.countDecisionsSince("bob", Outcome.DENY, START)).isZero();
    }

    static Stream<Arguments> approvalEndings() {
        return Stream.of(
                Arguments.of("completed", AuditEventType.APPROVAL_COMPLETED, null, true),
                Arguments.of("rejected", AuditEventType.APPROVAL_REJECTED, null, true),
                Arguments.of("timed out", AuditEventType.APPROVAL_TIMED_OUT, null, true),
                Arguments.of("withdrawn", AuditEventType.APPROVAL_WITHDRAWN, null, true),
                Arguments.of("final allow", AuditEventType.DECISION, Outcome.ALLOW, true),
                Arguments.of("final deny", AuditEventType.DECISION, Outcome.DENY, true),
                Arguments.of("one vote", AuditEventType.APPROVAL_GRANTED, null, false),
                Arguments.of("still pending", AuditEventType.DECISION, Outcome.PENDING, false));
    }

    @ParameterizedTest(name = "{0} closes the request: {3}")
    @MethodSource("approvalEndings")
    void shouldListPendingApprovalsNewestFirstUntilClosed(String name, AuditEventType type, Outcome outcome,
            boolean closes) {
        store.append(event(AuditEventType.APPROVAL_REQUESTED, "old").build());
        store.append(event(AuditEventType.APPROVAL_REQUESTED, "new").build());
        assertThat(store.pendingApprovalCorrelationIds()).containsExactly("new", "old");

        store.append(event(type, "old").outcome(outcome).build());

        if (closes) {
            assertThat(store.pendingApprovalCorrelationIds()).containsExactly("new");
        } else {
            assertThat(store.pendingApprovalCorrelationIds()).containsExactly("new", "old");
        }
    }

    @Test
    void shouldKeepBreakGlassReviewsOpenUntilClosed() {
        store.append(event(AuditEventType.BREAK_GLASS, "c1").put(PayloadKeys.COMMENT, "outage, freeze override").build());
        store.append(event(AuditEventType.BREAK_GLASS, "c2").build());
        assertThat(store.openBreakGlassReviews()).containsExactly("c2", "c1");

        store.append(NewEvent.builder(AuditEventType.REVIEW_CLOSED, "carol", ActorKind.HUMAN).correlationId("c1").build());

        assertThat(store.openBreakGlassReviews()).containsExactly("c2");
    }

    @Test
    void shouldQuarantineAnIdentityUntilLifted() {
        AuditEvent quarantine = store.append(NewEvent.builder(AuditEventType.QUARANTINE, "system", ActorKind.SYSTEM)
                .put(PayloadKeys.SUBJECT, "agent-7").put(PayloadKeys.SIGNAL, "REPEATED_DENIALS").build());

        assertThat(store.activeQuarantine("agent-7")).contains(quarantine);
        assertThat(store.activeQuarantine("agent-8")).isEmpty();

        store.append(NewEvent.builder(AuditEventType.QUARANTINE_LIFTED, "admin", ActorKind.HUMAN)
                .put(PayloadKeys.SUBJECT, "agent-7").build());

        assertThat(store.activeQuarantine("agent-7")).isEmpty();
    }

    @Test
    void shouldApplyTheProjectionsOfABatchInOrder() {
        store.append(event(AuditEventType.APPROVAL_REQUESTED, "c0").build());
        store.append(event(AuditEventType.BREAK_GLASS, "r0").build());
        clock.advance(Duration.ofMinutes(1));

        List<AuditEvent> stored = store.appendAll(List.of(
                event(AuditEventType.APPROVAL_REQUESTED, "c1").build(),
                event(AuditEventType.APPROVAL_REQUESTED, "c2").build(),
                event(AuditEventType.DECISION, "c1").outcome(Outcome.ALLOW).build(),
                event(AuditEventType.DECISION, "c0").outcome(Outcome.DENY).build(),
                event(AuditEventType.APPROVAL_REQUESTED, "c0").build(),
                NewEvent.builder(AuditEventType.REVIEW_CLOSED, "carol", ActorKind.HUMAN).correlationId("r0").build(),
                event(AuditEventType.BREAK_GLASS, "r1").build(),
                quarantine("agent-7", AuditEventType.QUARANTINE),
                quarantine("agent-7", AuditEventType.QUARANTINE_LIFTED),
                quarantine("agent-8", AuditEventType.QUARANTINE),
                quarantine("agent-7", AuditEventType.QUARANTINE),
                deployment("d1", APP, "staging", "SUCCESS"),
                deployment("d2", APP, "staging", "SUCCESS"),
                StoreRules.policyEvent(POLICY_V1, "version: 1\n", "admin"),
                event(AuditEventType.DECISION, "c9").policyHash(POLICY_V1).outcome(Outcome.DENY).build()));

        // c0 was closed and requested again within the batch, c1 requested and closed: as if appended one by one
        assertThat(store.pendingApprovalCorrelationIds()).containsExactly("c0", "c2");
        assertThat(store.openBreakGlassReviews()).containsExactly("r1");
        assertThat(store.activeQuarantine("agent-7")).contains(stored.get(10));
        assertThat(store.activeQuarantine("agent-8")).contains(stored.get(9));
        assertThat(store.lastSuccessfulDeployment(APP, "staging")).contains(stored.get(12).time());
        assertThat(store.currentPolicy()).map(PolicyVersion::hash).contains(POLICY_V1);
        assertThat(store.since(0, 100)).hasSize(17);
    }

    private static NewEvent quarantine(String subject, AuditEventType type) {
        return NewEvent.builder(type, "system", ActorKind.SYSTEM).put(PayloadKeys.SUBJECT, subject).build();
    }

    @Test
    void shouldShareThePolicyInForceAndRefuseDecisionsUnderAnother() {
        assertThat(store.currentPolicy()).isEmpty();
        store.append(event(AuditEventType.DECISION, "c0").policyHash(POLICY_V2).outcome(Outcome.ALLOW).build());

        PolicyVersion v1 = store.recordPolicy(POLICY_V1, "version: 1\n", "admin");
        PolicyVersion again = store.recordPolicy(POLICY_V1, "version: 1\n", "admin");

        assertThat(v1.hash()).isEqualTo(POLICY_V1);
        assertThat(v1.content()).isEqualTo("version: 1\n");
        assertThat(v1.author()).isEqualTo("admin");
        assertThat(again).isEqualTo(v1);
        assertThat(store.currentPolicy()).contains(v1);
        assertThatThrownBy(() -> store.append(event(AuditEventType.DECISION, "c1").policyHash(POLICY_V2)
                .outcome(Outcome.ALLOW).build()))
                .isInstanceOfSatisfying(StalePolicyException.class, stale -> {
                    assertThat(stale.getCurrentHash()).isEqualTo(POLICY_V1);
                    assertThat(stale.getDecidedHash()).isEqualTo(POLICY_V2);
                });
        assertThat(store.append(event(AuditEventType.DECISION, "c1").policyHash(POLICY_V1).outcome(Outcome.ALLOW)
                .build()).sequence()).isEqualTo(3);
    }

    @Test
    void shouldNeverLetTimeGoBackwards() {
        clock.advance(Duration.ofMinutes(5));
        AuditEvent first = store.append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        clock.set(START);
        AuditEvent second = store.append(event(AuditEventType.DECISION, "c1").outcome(Outcome.ALLOW).build());

        assertThat(second.time()).isEqualTo(first.time());
    }

    @Test
    void shouldPageAndStreamInSequenceOrder() {
        for (int i = 0; i < 25; i++) {
            store.append(event(AuditEventType.PROMOTION_REQUESTED, "c" + i).build());
        }

        assertThat(store.since(10, 5)).extracting(AuditEvent::sequence).containsExactly(11L, 12L, 13L, 14L, 15L);
        assertThat(store.since(25, 5)).isEmpty();
        List<Long> streamed = new ArrayList<>();
        store.scan(20, event -> streamed.add(event.sequence()));
        assertThat(streamed).containsExactly(21L, 22L, 23L, 24L, 25L);
        ChainReport report = ChainVerifier.verify(store);
        assertThat(report.isIntact()).as(report.summary()).isTrue();
        assertThat(report.eventsVerified()).isEqualTo(25);
    }

    @Test
    void shouldExportJsonLinesThatReadBackAndVerify() {
        store.append(event(AuditEventType.PROMOTION_REQUESTED, "c1").build());
        store.append(event(AuditEventType.DECISION, "c1").outcome(Outcome.DENY)
                .reason(new AuditReason(ReasonCode.TESTS_FAILED, "tests", "3 of 120 failed \"quoted\"")).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long written = JsonLinesExporter.export(store, 0, out);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(2);
        assertThat(text.lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"sequence\":"));
        List<AuditEvent> read = new ArrayList<>();
        new JsonLinesReader(new BufferedReader(new StringReader(text))).forEach(read::add);
        assertThat(read).isEqualTo(store.since(0, 10));
        assertThat(ChainVerifier.verify(read).isIntact()).isTrue();
    }
}
