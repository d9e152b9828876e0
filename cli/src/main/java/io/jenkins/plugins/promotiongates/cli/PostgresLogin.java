package io.jenkins.plugins.promotiongates.cli;

import io.jenkins.plugins.promotiongates.engine.audit.PostgresSettings;
import io.jenkins.plugins.promotiongates.engine.audit.StoreUnavailableException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Logs in once before the pool opens, so that a refused login says what is wrong: the pool retries until its
 * timeout and then reports only "Connection is not available, request timed out after 5009ms". The connection is
 * closed before the pool opens, so a process never holds more than the pool's connections.
 */
final class PostgresLogin {
    /** SQLSTATE class 28, invalid authorization: a wrong password (28P01) or a login pg_hba.conf refuses (28000). */
    private static final String INVALID_AUTHORIZATION = "28";

    private PostgresLogin() {
    }

    static void check(PostgresSettings settings) {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        long seconds = Math.max(1, settings.connectionTimeout().toSeconds());
        properties.setProperty("loginTimeout", Long.toString(seconds));
        properties.setProperty("connectTimeout", Long.toString(seconds));
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), properties)) {
            connection.isValid(1);
        } catch (SQLException e) {
            throw new StoreUnavailableException(describe(settings, e), e);
        }
    }

    private static String describe(PostgresSettings settings, SQLException e) {
        String server = "PostgreSQL at " + withoutParameters(settings.jdbcUrl());
        String message = String.valueOf(e.getMessage());
        boolean noPassword = message.contains("no password was provided");
        if (settings.password() == null && (noPassword || isAuthorization(e))) {
            return server + " wants a password for user '" + settings.user() + "', and "
                    + StoreOptions.PASSWORD_VARIABLE + " is not set (the password is never taken on the command line)";
        }
        if ("28P01".equals(e.getSQLState())) {
            return server + " refused the password of user '" + settings.user() + "': check "
                    + StoreOptions.PASSWORD_VARIABLE;
        }
        if (isAuthorization(e)) {
            return server + " refused the login of user '" + settings.user() + "': " + firstLine(message);
        }
        return "cannot connect to " + server + ": " + firstLine(message);
    }

    private static boolean isAuthorization(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith(INVALID_AUTHORIZATION);
    }

    /** The URL without its query: parameters may hold credentials and never belong in a message. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
