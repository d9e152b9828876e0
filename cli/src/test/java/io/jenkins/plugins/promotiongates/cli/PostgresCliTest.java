package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.cli.CliHarness.Result;
import io.jenkins.plugins.promotiongates.cli.CliHarness.Workspace;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static io.jenkins.plugins.promotiongates.cli.CliHarness.TUESDAY_MORNING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI on a real PostgreSQL server (zonky embedded binaries) that asks for passwords, as a shared server does:
 * pg_hba.conf trusts only the superuser on loopback (zonky's own start-up check) and wants SCRAM from everyone else;
 * max_connections is 50, the figure 20 processes with a pool of 4 each exhausted.
 */
class PostgresCliTest {
    private static EmbeddedPostgres postgres;

    @TempDir
    private Path directory;
    private Workspace workspace;
    private final CliHarness cli = new CliHarness(TUESDAY_MORNING);

    @BeforeAll
    static void startServer() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "50")
                .setDataDirectoryCustomizer(dataDirectory -> {
                    try {
                        Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), """
                                host all postgres 127.0.0.1/32 trust
                                host all postgres ::1/128 trust
                                host all all 127.0.0.1/32 scram-sha-256
                                host all all ::1/128 scram-sha-256
                                """, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE gates LOGIN PASSWORD 'right-password'");
            statement.execute("GRANT ALL ON SCHEMA public TO gates");
        }
    }

    @AfterAll
    static void stopServer() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void setUp() {
        workspace = CliHarness.workspace(directory);
    }

    private String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    private Result pending() {
        return cli.run("pending", "--jdbc-url", url(), "--jdbc-user", "gates");
    }

    @Test
    void shouldNameTheVariableWhenThePasswordIsMissing() {
        long start = System.nanoTime();
        Result result = pending();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("PostgreSQL at " + url() + " wants a password for user 'gates'")
                .contains("PROMOTION_GATES_JDBC_PASSWORD is not set").doesNotContain("Connection is not available");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no pool timeout").isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void shouldSayThePasswordIsWrongAndNameTheVariable() {
        cli.setEnvironmentVariable(StoreOptions.PASSWORD_VARIABLE, "wrong-password");

        Result result = pending();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("PostgreSQL at " + url() + " refused the password of user 'gates'")
                .contains("check PROMOTION_GATES_JDBC_PASSWORD").doesNotContain("wrong-password")
                .doesNotContain("Connection is not available");
    }

    @Test
    void shouldGateAndListWithTheRightPassword() {
        cli.setEnvironmentVariable(StoreOptions.PASSWORD_VARIABLE, "right-password");
        String[] gate = workspace.gate("staging", "alice", "42");
        String[] args = new String[gate.length + 4];
        System.arraycopy(gate, 0, args, 0, gate.length);
        System.arraycopy(new String[] {"--jdbc-url", url(), "--jdbc-user", "gates"}, 0, args, gate.length, 4);
        // the workspace gate names --store; the PostgreSQL store replaces it
        java.util.List<String> list = new java.util.ArrayList<>(java.util.List.of(args));
        int store = list.indexOf("--store");
        list.remove(store);
        list.remove(store);

        Result result = cli.run(list.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(pending().exitCode()).isZero();
    }

    /**
     * 20 commands at once, each with its own store and pool as 20 processes would have, against max_connections=50:
     * every one is acknowledged and the shared chain stays intact.
     */
    @Test
    void shouldServeTwentyParallelCommandsWithinFiftyConnections() throws Exception {
        cli.setEnvironmentVariable(StoreOptions.PASSWORD_VARIABLE, "right-password");
        String schemaUrl = url() + "?currentSchema=parallel";
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA parallel AUTHORIZATION gates");
        }
        assertThat(cli.run(postgresGate(schemaUrl, "1")).exitCode()).isZero();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(21);
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            // the server's own count of the gates role's connections, sampled while the commands run
            java.util.concurrent.Future<?> sampler = pool.submit(() -> {
                try (Connection connection = postgres.getPostgresDatabase().getConnection();
                        Statement statement = connection.createStatement()) {
                    while (sampling.get()) {
                        try (java.sql.ResultSet rows = statement.executeQuery(
                                "SELECT count(*) FROM pg_stat_activity WHERE usename = 'gates'")) {
                            rows.next();
                            peak.accumulateAndGet(rows.getInt(1), Math::max);
                        }
                        Thread.sleep(5);
                    }
                }
                return null;
            });
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Result>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String run = Integer.toString(100 + i);
                results.add(pool.submit(() -> {
                    start.await();
                    return cli.run(postgresGate(schemaUrl, run));
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Result> result : results) {
                Result done = result.get(5, java.util.concurrent.TimeUnit.MINUTES);
                assertThat(done.exitCode()).as(done.err()).isZero();
            }
            sampling.set(false);
            sampler.get(1, java.util.concurrent.TimeUnit.MINUTES); // a failed sampler would leave the peak at 0
        } finally {
            sampling.set(false);
            pool.shutdownNow();
        }
        System.out.println("peak connections of 20 parallel CLI commands: " + peak.get());
        // two per process; with the old pool of 4 this test measured 45 here (and 20 x 4 would exceed 50)
        assertThat(peak.get()).as("connections at once").isLessThanOrEqualTo(40);
        Result verify = cli.run("audit", "verify", "--jdbc-url", schemaUrl, "--jdbc-user", "gates");
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    }

    private String[] postgresGate(String jdbcUrl, String run) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(workspace.gate("staging", "alice", run)));
        int store = args.indexOf("--store");
        args.remove(store);
        args.remove(store);
        args.addAll(java.util.List.of("--jdbc-url", jdbcUrl, "--jdbc-user", "gates"));
        return args.toArray(String[]::new);
    }

    /** 20 processes against max_connections=50 exhausted the server with a pool of 4 each. */
    @Test
    void shouldUseAtMostTwoConnectionsPerProcess() {
        StoreOptions options = new StoreOptions();
        new CommandLine(options).parseArgs("--jdbc-url", url(), "--jdbc-user", "gates");

        PostgresSettings settings = options.postgresSettings(Map.of(StoreOptions.PASSWORD_VARIABLE, "x"));

        assertThat(settings.maximumPoolSize()).isBetween(1, 2);
        assertThat(settings.password()).isEqualTo("x");
        assertThat(settings.user()).isEqualTo("gates");
    }
}
