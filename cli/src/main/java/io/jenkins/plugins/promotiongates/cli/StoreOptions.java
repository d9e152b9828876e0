package io.jenkins.plugins.promotiongates.cli;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.FileAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresAuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.PostgresSettings;
import io.jenkins.plugins.promotiongates.engine.audit.SqliteAuditStore;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Where the ledger and audit trail live: an embedded directory (default) or a PostgreSQL database shared by a fleet.
 * The database password is read from an environment variable, never from the command line (it would show in
 * process lists and shell history).
 */
public final class StoreOptions {
    static final String PASSWORD_VARIABLE = "PROMOTION_GATES_JDBC_PASSWORD";
    static final String HOME_VARIABLE = "PROMOTION_GATES_HOME";
    static final int CONNECTIONS_PER_PROCESS = 2;
    static final String ENGINE_VARIABLE = "PROMOTION_GATES_STORE_ENGINE";

    /** The embedded engines; a directory that holds one is opened with it, whatever is asked for a new one. */
    enum Engine {
        SEGMENT, SQLITE;

        /** The default for a new directory. */
        static final Engine DEFAULT = SEGMENT;
    }

    private static final java.util.regex.Pattern WAIT = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)");

    @Option(names = "--store", paramLabel = "DIR",
            description = "Embedded store directory (default: $" + HOME_VARIABLE + " or ./.promotion-gates).")
    @CheckForNull
    private Path directory;

    @Option(names = "--store-engine", paramLabel = "ENGINE",
            description = "Engine of a new embedded store: segment (default) or sqlite (default: $" + ENGINE_VARIABLE
                    + "). An existing store directory is opened with the engine it holds.")
    @CheckForNull
    private String engineName;

    @Option(names = "--store-wait", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long an append waits while other processes append to the embedded store (e.g. 500ms, "
                    + "5s, 1m; default ${DEFAULT-VALUE}); then the command exits 4, busy, retry. Reads never wait.")
    private String storeWait = "5s";

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "PostgreSQL store shared by several controllers, e.g. jdbc:postgresql://db:5432/gates. "
                    + "The password comes from $" + PASSWORD_VARIABLE + ".")
    @CheckForNull
    private String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "PostgreSQL user (default: $PGUSER or postgres).")
    @CheckForNull
    private String jdbcUser;

    /** Opens the chosen store; the caller closes it. */
    AuditStore open(Clock clock, Map<String, String> environment) {
        if (jdbcUrl != null) {
            if (directory != null) {
                throw new IllegalArgumentException("--store and --jdbc-url exclude each other: choose one store");
            }
            PostgresSettings settings = postgresSettings(environment);
            // A wrong or missing password is named at once, not as the pool's timeout five seconds later.
            PostgresLogin.check(settings);
            return PostgresAuditStore.open(settings, clock);
        }
        Path chosen = directory(environment);
        return switch (engine(chosen, environment)) {
            case SQLITE -> new SqliteAuditStore(chosen, clock, storeWait());
            case SEGMENT -> new FileAuditStore(chosen, clock, storeWait());
        };
    }

    /**
     * What the directory holds decides (a SQLite database file, or anything else: a segment log); an empty or new
     * directory gets the engine asked for, else the default. Asking for the other engine than the one a directory
     * holds is refused rather than silently ignored.
     */
    Engine engine(Path chosen, Map<String, String> environment) {
        String asked = engineName != null ? engineName : environment.get(ENGINE_VARIABLE);
        Engine requested = null;
        if (asked != null && !asked.isBlank()) {
            try {
                requested = Engine.valueOf(asked.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown store engine '" + asked + "' (from "
                        + (engineName != null ? "--store-engine" : "$" + ENGINE_VARIABLE) + "): expected segment or sqlite",
                        e);
            }
        }
        Engine held = heldEngine(chosen);
        if (held != null && requested != null && held != requested) {
            throw new IllegalArgumentException("the store " + chosen + " holds a " + held.name().toLowerCase(Locale.ROOT)
                    + " store, not " + requested.name().toLowerCase(Locale.ROOT) + "; drop --store-engine or $"
                    + ENGINE_VARIABLE + " or choose another directory");
        }
        return held != null ? held : requested != null ? requested : Engine.DEFAULT;
    }

    @CheckForNull
    private static Engine heldEngine(Path chosen) {
        if (Files.exists(chosen.resolve(SqliteAuditStore.FILE_NAME))) {
            return Engine.SQLITE;
        }
        if (!Files.isDirectory(chosen)) {
            return null;
        }
        try (Stream<Path> files = Files.list(chosen)) {
            return files.findAny().isPresent() ? Engine.SEGMENT : null;
        } catch (IOException e) {
            throw new io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException("cannot list the store directory " + chosen + ": " + e, e);
        }
    }

    /**
     * One CLI process is one short command on one thread: two connections at most (an append and a read), so that
     * a fleet of processes stays far below max_connections (20 processes with a pool of 4 exhausted 50).
     */
    PostgresSettings postgresSettings(Map<String, String> environment) {
        String user = jdbcUser != null ? jdbcUser : environment.getOrDefault("PGUSER", "postgres");
        String password = environment.get(PASSWORD_VARIABLE);
        return new PostgresSettings(jdbcUrl, user, password == null || password.isEmpty() ? null : password,
                CONNECTIONS_PER_PROCESS, Duration.ofSeconds(5));
    }

    /** {@code --store-wait}: a number with the unit ms, s or m. */
    Duration storeWait() {
        java.util.regex.Matcher matcher = WAIT.matcher(storeWait.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--store-wait: expected a duration such as 500ms, 5s or 1m, found '"
                    + storeWait + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

    Path directory(Map<String, String> environment) {
        if (directory != null) {
            return directory;
        }
        String home = environment.get(HOME_VARIABLE);
        return home != null && !home.isBlank() ? Path.of(home) : Path.of(".promotion-gates");
    }

    /** Whether the store is an embedded directory (not PostgreSQL). */
    boolean isEmbedded() {
        return jdbcUrl == null;
    }

    /** Whether a store was named explicitly. */
    boolean isExplicit() {
        return directory != null || jdbcUrl != null;
    }
}
