package io.jenkins.plugins.promotiongates.engine.audit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store contract on a real PostgreSQL server (one server for the class, one schema per test). */
class PostgresAuditStoreTest extends AbstractAuditStoreTest {
    private static PostgresTestServer server;
    private String url;

    @BeforeAll
    static void startServer() {
        server = new PostgresTestServer();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @Override
    protected AuditStore createStore(Clock clock) {
        url = server.newSchemaUrl();
        return server.openStore(url, clock);
    }

    @Test
    void shouldRecordAppliedMigrationsAndNotApplyThemTwice() throws SQLException {
        try (PostgresAuditStore second = server.openStore(url, clock());
                Connection connection = server.connect(url);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT version, description FROM schema_version")) {
            List<Integer> versions = new java.util.ArrayList<>();
            while (result.next()) {
                versions.add(result.getInt(1));
            }
            assertThat(versions).containsExactlyInAnyOrder(1, 2);
            assertThat(second.lastSequence()).isZero();
        }
    }

    @Test
    void shouldWriteABatchWithOneStatementPerSixtyFourEvents() {
        AtomicInteger statements = new AtomicInteger();
        try (PostgresAuditStore counted = new PostgresAuditStore(countingStatements(statements), clock())) {
            counted.append(decision(0)); // the first append reads the chain head
            statements.set(0);

            counted.appendAll(IntStream.rangeClosed(1, 10).mapToObj(PostgresAuditStoreTest::decision).toList());
            assertThat(statements).hasValue(1);

            statements.set(0);
            counted.appendAll(IntStream.rangeClosed(11, 160).mapToObj(PostgresAuditStoreTest::decision).toList());
            assertThat(statements).hasValue(3);

            assertThat(counted.lastSequence()).isEqualTo(161);
            ChainReport report = ChainVerifier.verify(counted);
            assertThat(report.isIntact()).as(report.summary()).isTrue();
            assertThat(report.eventsVerified()).isEqualTo(161);
        }
    }

    @Test
    void shouldWriteNothingOfALargeBatchWhoseLaterStatementFails() throws SQLException {
        store().append(decision(0));
        try (Connection connection = server.connect(url); Statement statement = connection.createStatement()) {
            // refuses one event of the batch's second statement
            statement.execute("ALTER TABLE audit_event ADD CONSTRAINT refuse_c70 CHECK (correlation_id <> 'c70')");
        }
        List<NewEvent> batch = IntStream.rangeClosed(1, 100).mapToObj(PostgresAuditStoreTest::decision).toList();

        assertThatThrownBy(() -> store().appendAll(batch)).isInstanceOf(StoreUnavailableException.class);

        assertThat(store().lastSequence()).isEqualTo(1);
        assertThat(store().byCorrelationId("c1")).isEmpty();
    }

    @Test
    void shouldMigrateAVersionOneDatabaseAndContinueItsChain() throws Exception {
        String v1 = versionOneCopy(POLICY_V1);

        try (PostgresAuditStore migrated = server.openStore(v1, clock());
                Connection connection = server.connect(v1);
                Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT max(version) FROM schema_version")) {
                result.next();
                assertThat(result.getInt(1)).isEqualTo(2);
            }
            assertThat(migrated.lastSequence()).isEqualTo(4);
            assertThat(migrated.currentPolicy()).map(PolicyVersion::hash).contains(POLICY_V1);
            assertThat(migrated.pendingApprovalCorrelationIds()).isEqualTo(store().pendingApprovalCorrelationIds());
            assertThatThrownBy(() -> migrated.appendUnique(consumed("c1"))).isInstanceOf(DuplicateEventException.class);
            assertThatThrownBy(() -> migrated.append(event(AuditEventType.DECISION, "c3").policyHash(POLICY_V2)
                    .outcome(Outcome.ALLOW).build())).isInstanceOf(StalePolicyException.class);

            AuditEvent next = migrated.append(event(AuditEventType.DECISION, "c3").policyHash(POLICY_V1)
                    .outcome(Outcome.ALLOW).build());

            assertThat(next.sequence()).isEqualTo(5);
            assertThat(next.prevHash()).isEqualTo(store().since(3, 1).get(0).hash());
            ChainReport report = ChainVerifier.verify(migrated);
            assertThat(report.isIntact()).as(report.summary()).isTrue();
            assertThat(report.eventsVerified()).isEqualTo(5);
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM audit_chain_head"))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void shouldRefuseToMigrateWhenTheHeadRowDisagreesWithTheEvents() {
        String v1 = versionOneCopy(POLICY_V2);

        assertThatThrownBy(() -> server.openStore(v1, clock()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("audit_chain_head does not match");
    }

    /**
     * A schema at version 1 (its DDL as released) holding this test's events, with the head row as version 1 kept
     * it, except for the policy hash given. The event and projection rows are the same in both versions.
     */
    private String versionOneCopy(String headPolicy) {
        store().recordPolicy(POLICY_V1, "version: 1\n", "admin");
        store().append(event(AuditEventType.APPROVAL_REQUESTED, "c1").build());
        store().append(event(AuditEventType.DECISION, "c2").policyHash(POLICY_V1).outcome(Outcome.ALLOW).build());
        try {
            store().appendUnique(consumed("c1"));
        } catch (DuplicateEventException e) {
            throw new AssertionError(e);
        }
        String source = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        String v1 = server.newSchemaUrl();
        try (Connection connection = server.connect(v1); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version INT PRIMARY KEY, description TEXT NOT NULL,"
                    + " applied_at TIMESTAMPTZ NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (1, 'audit events, chain head and projections', now())");
            for (String sql : PostgresSchema.statements("V1__audit_events.sql")) {
                statement.execute(sql);
            }
            for (String table : List.of("audit_event", "deployment_success", "approval_open", "review_open",
                    "quarantine_active", "policy_version")) {
                statement.execute("INSERT INTO " + table + " SELECT * FROM " + source + "." + table);
            }
            statement.execute("UPDATE audit_chain_head SET (sequence, hash, event_time, policy_hash) = (SELECT sequence,"
                    + " hash, event_time, '" + headPolicy + "' FROM audit_event ORDER BY sequence DESC LIMIT 1)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return v1;
    }

    private static NewEvent consumed(String correlationId) {
        return NewEvent.builder(AuditEventType.APPROVAL_CONSUMED, "bob", ActorKind.HUMAN).correlationId(correlationId)
                .uniqueKey(UniqueKeys.approvalConsumed(correlationId)).build();
    }

    private static NewEvent decision(int n) {
        return event(AuditEventType.DECISION, "c" + n).outcome(Outcome.DENY).build();
    }

    /** Connections to this test's schema that count the statements prepared on them. */
    private DataSource countingStatements(AtomicInteger statements) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (source, method, arguments) -> {
                    if (!method.getName().equals("getConnection")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Connection connection = server.connect(url);
                    return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {Connection.class}, (proxy, call, parameters) -> {
                                if (call.getName().equals("prepareStatement")) {
                                    statements.incrementAndGet();
                                }
                                try {
                                    return call.invoke(connection, parameters);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
    }

    @Test
    void shouldRefuseADatabaseMigratedByANewerVersion() throws SQLException {
        try (Connection connection = server.connect(url); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_version VALUES (99, 'from the future', now())");
        }

        assertThatThrownBy(() -> server.openStore(url, clock()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("schema version 99");
    }

    @Test
    void shouldReportAnUnreachableDatabaseAsUnavailable() {
        String unreachable = "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1";

        assertThatThrownBy(() -> PostgresAuditStore.open(new PostgresSettings(unreachable, "nobody", "secret", 1,
                java.time.Duration.ofMillis(500)), clock()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("Audit store unavailable")
                .hasMessageNotContaining("secret");
    }
}
