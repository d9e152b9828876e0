package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.audit.ChainReport.Problem;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two controllers (two stores with their own pools) writing one PostgreSQL database at once; tampering with rows. */
class PostgresConcurrentWritersTest {
    private static final int THREADS_PER_CONTROLLER = 4;
    private static final int APPENDS_PER_THREAD = 40;
    private static PostgresTestServer server;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T02:00:00Z"));
    private String url;
    private PostgresAuditStore controllerA;
    private PostgresAuditStore controllerB;

    @BeforeAll
    static void startServer() {
        server = new PostgresTestServer();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void openControllers() {
        url = server.newSchemaUrl();
        controllerA = server.openStore(url, clock);
        controllerB = server.openStore(url, clock);
    }

    @AfterEach
    void closeControllers() {
        controllerA.close();
        controllerB.close();
    }

    @Test
    void shouldKeepOneChainAndConsumeAnApprovalOnceUnderConcurrentWriters() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_CONTROLLER);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < 2 * THREADS_PER_CONTROLLER; t++) {
                AuditStore store = t % 2 == 0 ? controllerA : controllerB;
                int thread = t;
                workers.add(pool.submit(() -> {
                    start.await();
                    int consumed = 0;
                    for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                        store.append(NewEvent.builder(AuditEventType.DECISION, "agent-" + thread, ActorKind.AGENT)
                                .correlationId("c-" + thread + "-" + i).outcome(Outcome.DENY).build());
                        try {
                            store.appendUnique(NewEvent.builder(AuditEventType.APPROVAL_CONSUMED, "agent-" + thread,
                                    ActorKind.AGENT).correlationId("shared").uniqueKey(UniqueKeys.approvalConsumed("shared"))
                                    .build());
                            consumed++;
                        } catch (DuplicateEventException expected) {
                            // someone else, on this or the other controller, consumed it first
                        }
                    }
                    return consumed;
                }));
            }
            start.countDown();
            int consumed = 0;
            for (Future<Integer> worker : workers) {
                consumed += worker.get(120, TimeUnit.SECONDS);
            }

            long appends = 2L * THREADS_PER_CONTROLLER * APPENDS_PER_THREAD;
            assertThat(consumed).isEqualTo(1);
            assertThat(controllerA.lastSequence()).isEqualTo(appends + 1);
            ChainReport report = ChainVerifier.verify(controllerB);
            assertThat(report.isIntact()).as(report.summary()).isTrue();
            assertThat(report.eventsVerified()).isEqualTo(appends + 1);
            Set<String> correlationIds = new HashSet<>();
            controllerA.scan(0, event -> correlationIds.add(event.correlationId()));
            assertThat(correlationIds).hasSize((int) appends + 1);
            assertThat(controllerA.countByActorAndTypeSince("agent-3", AuditEventType.DECISION, Instant.EPOCH))
                    .isEqualTo(APPENDS_PER_THREAD);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldLinkToTheOtherControllersEventWhenItsSequenceWasTaken() {
        AuditEvent first = controllerA.append(deny("a", 1));
        AuditEvent second = controllerB.append(deny("b", 1));
        // A still believes the head is its own event; the sequence it would take is B's

        AuditEvent third = controllerA.appendAll(List.of(deny("a", 2), deny("a", 3))).get(0);

        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(third.sequence()).isEqualTo(3);
        assertThat(third.prevHash()).isEqualTo(second.hash());
        ChainReport report = ChainVerifier.verify(controllerB);
        assertThat(report.isIntact()).as(report.summary()).isTrue();
        assertThat(report.eventsVerified()).isEqualTo(4);
    }

    private static NewEvent deny(String controller, int n) {
        return NewEvent.builder(AuditEventType.DECISION, "agent-" + controller, ActorKind.AGENT)
                .correlationId(controller + n).outcome(Outcome.DENY).build();
    }

    @Test
    void shouldShareThePolicyInForceBetweenControllers() {
        String v1 = PolicyVersion.hashOf("v1");
        String v2 = PolicyVersion.hashOf("v2");
        controllerA.recordPolicy(v1, "v1", "admin");
        assertThat(controllerB.currentPolicy()).map(PolicyVersion::hash).contains(v1);

        controllerB.recordPolicy(v2, "v2", "admin");

        assertThatThrownBy(() -> controllerA.append(NewEvent.builder(AuditEventType.DECISION, "alice", ActorKind.HUMAN)
                .correlationId("c1").policyHash(v1).outcome(Outcome.ALLOW).build()))
                .isInstanceOf(StalePolicyException.class);
        assertThat(controllerA.currentPolicy()).map(PolicyVersion::hash).contains(v2);
    }

    @Test
    void shouldDetectAnEditedRow() throws SQLException {
        appendFive();
        execute("UPDATE audit_event SET outcome = 'ALLOW' WHERE sequence = 3");

        ChainReport report = ChainVerifier.verify(controllerA);

        assertThat(report.firstBrokenLink().sequence()).isEqualTo(3);
        assertThat(report.firstBrokenLink().problem()).isEqualTo(Problem.HASH_MISMATCH);
    }

    @Test
    void shouldDetectADeletedRow() throws SQLException {
        appendFive();
        execute("DELETE FROM audit_event WHERE sequence = 2");

        ChainReport report = ChainVerifier.verify(controllerA);

        assertThat(report.firstBrokenLink().sequence()).isEqualTo(2);
        assertThat(report.firstBrokenLink().problem()).isEqualTo(Problem.SEQUENCE_MISMATCH);
    }

    @Test
    void shouldDetectReorderedRows() throws SQLException {
        appendFive();
        execute("UPDATE audit_event SET sequence = -1 WHERE sequence = 2");
        execute("UPDATE audit_event SET sequence = 2 WHERE sequence = 3");
        execute("UPDATE audit_event SET sequence = 3 WHERE sequence = -1");

        ChainReport report = ChainVerifier.verify(controllerA);

        assertThat(report.firstBrokenLink().sequence()).isEqualTo(2);
        assertThat(report.firstBrokenLink().problem()).isIn(Problem.PREV_HASH_MISMATCH, Problem.HASH_MISMATCH);
    }

    private void appendFive() {
        for (int i = 1; i <= 5; i++) {
            controllerA.append(NewEvent.builder(AuditEventType.DECISION, "alice", ActorKind.HUMAN).correlationId("c" + i)
                    .outcome(Outcome.DENY).build());
        }
        assertThat(ChainVerifier.verify(controllerA).isIntact()).isTrue();
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = server.connect(url); Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            statement.execute(sql);
        }
    }
}
