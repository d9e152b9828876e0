package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.ChainVerifier;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresSettings;
import io.jenkins.plugins.promotiongates.engine.model.Decision;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import io.jenkins.plugins.promotiongates.engine.model.Requester;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults of a shared PostgreSQL store: connections dropped in the middle of transactions, and the server going away.
 * The gate may deny, but it never allows without the allow being recorded, and the chain still verifies.
 */
class PostgresFaultRedTeamTest {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startServer() throws IOException {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        postgres.close();
    }

    @Test
    void shouldNeverAllowWithoutARecordWhenConnectionsDropMidTransaction() throws Exception {
        String url = newSchemaUrl();
        ServiceFixture fixture = new ServiceFixture();
        List<Decision> decisions = new ArrayList<>();
        try (PostgresAuditStore store = open(url)) {
            DefaultPromotionService service = fixture.service(store);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger dropped = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            Future<?> killer = threads.submit(() -> {
                // Bounded: at most 200 rounds of terminating every other backend, 10 ms apart.
                for (int round = 0; round < 200 && running.get(); round++) {
                    dropped.addAndGet(terminateOtherBackends());
                    sleep(10);
                }
            });
            List<Future<Decision>> gates = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String run = Integer.toString(100 + i);
                gates.add(threads.submit(() -> ServiceFixture.gate(service, "staging", Requester.human("alice"),
                        ServiceFixture.run(run), ServiceFixture.pom())));
            }
            for (Future<Decision> gate : gates) {
                decisions.add(gate.get(120, TimeUnit.SECONDS));
            }
            running.set(false);
            killer.get(30, TimeUnit.SECONDS);
            threads.shutdown();
            assertThat(dropped.get()).as("connections were really dropped while gates ran").isPositive();
        }

        try (PostgresAuditStore reopened = open(url)) {
            for (Decision decision : decisions) {
                if (decision.outcome() == Outcome.ALLOW) {
                    List<AuditEvent> recorded = reopened.byCorrelationId(decision.correlationId()).stream()
                            .filter(e -> e.type() == AuditEventType.DECISION && e.outcome() == Outcome.ALLOW).toList();
                    assertThat(recorded).as("an allow is never returned without its record: %s",
                            decision.correlationId()).isNotEmpty();
                } else {
                    assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
                    assertThat(ServiceFixture.codes(decision)).containsAnyOf(ReasonCode.STORE_UNAVAILABLE,
                            ReasonCode.INTERNAL_ERROR);
                }
            }
            assertThat(ChainVerifier.verify(reopened).isIntact()).isTrue();
        }
    }

    @Test
    void shouldDenyWhileTheDatabaseRefusesConnectionsAndKeepEveryAcknowledgedEvent() throws Exception {
        String url = newSchemaUrl();
        ServiceFixture fixture = new ServiceFixture();
        Decision before;
        try (PostgresAuditStore store = open(url)) {
            DefaultPromotionService service = fixture.service(store);
            before = ServiceFixture.gate(service, "staging", Requester.human("alice"),
                    ServiceFixture.run("1"), ServiceFixture.pom());
            assertThat(before.outcome()).isEqualTo(Outcome.ALLOW);

            setConnectionsAllowed(false);
            try {
                terminateOtherBackends();
                Decision during = ServiceFixture.gate(service, "staging", Requester.human("alice"),
                        ServiceFixture.run("2"), ServiceFixture.pom());
                assertThat(during.outcome()).isEqualTo(Outcome.DENY);
                assertThat(ServiceFixture.codes(during)).contains(ReasonCode.STORE_UNAVAILABLE);
            } finally {
                setConnectionsAllowed(true);
            }
        }
        try (PostgresAuditStore reopened = open(url)) {
            assertThat(reopened.byCorrelationId(before.correlationId()))
                    .anySatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.ALLOW));
            assertThat(ChainVerifier.verify(reopened).isIntact()).isTrue();
        }
    }

    private static PostgresAuditStore open(String url) {
        return PostgresAuditStore.open(new PostgresSettings(url, "postgres", null, 4, Duration.ofSeconds(5)),
                new ServiceFixture().clock);
    }

    private static String newSchemaUrl() throws SQLException {
        String schema = "fault_" + SCHEMAS.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        return postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
    }

    /** Drops every other session's connection, as a failover or a network cut would, wherever its transaction is. */
    private static int terminateOtherBackends() {
        try (Connection connection = admin();
                Statement statement = connection.createStatement();
                var terminated = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                        + "FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = 'postgres'")) {
            terminated.next();
            return terminated.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot terminate backends", e);
        }
    }

    private static void setConnectionsAllowed(boolean allowed) throws SQLException {
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE postgres WITH ALLOW_CONNECTIONS " + allowed);
        }
    }

    /** The test's own session, on another database, so that it survives what it does to the store's database. */
    private static Connection admin() throws SQLException {
        return postgres.getDatabase("postgres", "template1").getConnection();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
