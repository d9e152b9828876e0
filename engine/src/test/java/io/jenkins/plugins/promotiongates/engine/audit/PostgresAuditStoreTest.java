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
