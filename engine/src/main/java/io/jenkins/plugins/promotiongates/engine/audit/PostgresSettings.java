package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the shared PostgreSQL store.
 *
 * @param jdbcUrl           e.g. {@code jdbc:postgresql://db.example:5432/gates}
 * @param user              database user
 * @param password          its password (never shown by {@link #toString()})
 * @param maximumPoolSize   connections per controller
 * @param connectionTimeout how long an operation waits for a connection before the store is unavailable
 */
public record PostgresSettings(String jdbcUrl, String user, @CheckForNull String password, int maximumPoolSize,
        Duration connectionTimeout) {
    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: expected jdbc:postgresql://host/db, got '"
                    + jdbcUrl + "'");
        }
        Objects.requireNonNull(user, "user");
        if (maximumPoolSize < 1) {
            throw new IllegalArgumentException("maximumPoolSize must be at least 1, got " + maximumPoolSize);
        }
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    }

    /** Four connections, five seconds to get one. */
    public static PostgresSettings of(String jdbcUrl, String user, @CheckForNull String password) {
        return new PostgresSettings(jdbcUrl, user, password, 4, Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", maximumPoolSize=" + maximumPoolSize + ", connectionTimeout=" + connectionTimeout + "]";
    }
}
