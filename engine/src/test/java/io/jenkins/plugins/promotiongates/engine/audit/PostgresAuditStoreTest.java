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
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(1);
            assertThat(result.next()).isFalse();
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
            // occupies a sequence of the batch's second statement, behind the head's back
            statement.execute("INSERT INTO audit_event SELECT 70, gen_random_uuid(), type, event_time, 'squatter', actor,"
                    + " actor_kind, environment, digests, job, run, policy_hash, outcome, reasons, payload, NULL,"
                    + " prev_hash, hash FROM audit_event WHERE sequence = 1");
        }
        List<NewEvent> batch = IntStream.rangeClosed(1, 100).mapToObj(PostgresAuditStoreTest::decision).toList();

        assertThatThrownBy(() -> store().appendAll(batch)).isInstanceOf(StoreUnavailableException.class);

        assertThat(store().lastSequence()).isEqualTo(1);
        assertThat(store().byCorrelationId("c1")).isEmpty();
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
