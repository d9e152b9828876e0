package io.jenkins.plugins.promotiongates.engine.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations of {@link PostgresAuditStore}, applied on start. Each migration is a SQL resource run
 * in one transaction together with its row in {@code schema_version}; a transaction-scoped advisory lock makes
 * controllers that start at once migrate one after the other. A database migrated by a newer version is refused.
 */
final class PostgresSchema {
    /** Arbitrary constant that names the migration lock among PostgreSQL advisory locks. */
    private static final long MIGRATION_LOCK = 0x50474154L;

    record Migration(int version, String description, String resource) {
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "audit events, chain head and projections", "V1__audit_events.sql"),
            new Migration(2, "chain head is the last event; partial unique-key index", "V2__head_is_last_event.sql"));

    private PostgresSchema() {
    }

    /** Applies the missing migrations; returns the versions applied now. */
    static List<Integer> migrate(Connection connection, Instant now) throws SQLException {
        List<Integer> applied = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY,"
                        + " description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)");
            }
            int current = currentVersion(connection);
            int latest = MIGRATIONS.get(MIGRATIONS.size() - 1).version();
            if (current > latest) {
                throw new StoreUnavailableException("The audit database has schema version " + current
                        + " but this version of promotion-gates knows only up to " + latest + "; upgrade it");
            }
            for (Migration migration : MIGRATIONS) {
                if (migration.version() <= current) {
                    continue;
                }
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements(migration.resource())) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, migration.version());
                    insert.setString(2, migration.description());
                    insert.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    insert.executeUpdate();
                }
                applied.add(migration.version());
            }
            connection.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            result.next();
            return result.getInt(1);
        }
    }

    /** The statements of a migration resource: separated by a semicolon at the end of a line; comments dropped. */
    static List<String> statements(String resource) {
        String text;
        try (InputStream in = PostgresSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Migration " + resource + " is missing from the engine jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read migration " + resource, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) { // blank lines are skipped, trailing ones too
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("Migration " + resource + " ends without a semicolon");
        }
        return statements;
    }
}
