package io.jenkins.plugins.promotiongates.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The store for a fleet of controllers sharing one PostgreSQL database. Every append is one transaction that first
 * locks the single chain-head row ({@code SELECT … FOR UPDATE}); appends of all controllers are therefore
 * serialized, each links to the committed head, and the unique-key check, the stale-policy check, the event row, the
 * projections and the new head commit together or not at all. Commit means durable (PostgreSQL's WAL fsync).
 *
 * <p>Schema migrations run on start ({@link PostgresSchema}). Any {@link SQLException} becomes a
 * {@link StoreUnavailableException} naming the operation.
 */
public final class PostgresAuditStore implements AuditStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, String>>> REASONS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> PAYLOAD = new TypeReference<>() {
    };
    private static final String COLUMNS = "sequence, event_id, type, event_time, correlation_id, actor, actor_kind,"
            + " environment, digests, job, run, policy_hash, outcome, reasons, payload, unique_key, prev_hash, hash";

    private final DataSource dataSource;
    @CheckForNull
    private final HikariDataSource ownedPool;
    private final Clock clock;
    private final String description;

    /** Uses a data source managed by the caller (which also closes it); migrates the schema. */
    public PostgresAuditStore(DataSource dataSource, Clock clock) {
        this(dataSource, null, clock, "PostgreSQL audit store");
    }

    private PostgresAuditStore(DataSource dataSource, @CheckForNull HikariDataSource ownedPool, Clock clock,
            String description) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.clock = clock;
        this.description = description;
        try (Connection connection = dataSource.getConnection()) {
            PostgresSchema.migrate(connection, clock.instant());
        } catch (SQLException e) {
            close();
            throw unavailable("migrate the schema", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens a HikariCP pool with the settings and migrates the schema; {@link #close()} closes the pool. */
    public static PostgresAuditStore open(PostgresSettings settings, Clock clock) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maximumPoolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setPoolName("promotion-gates-audit");
        // Fail on first use rather than at construction, so that the error is reported as the store being unavailable.
        config.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(config);
        return new PostgresAuditStore(pool, pool, clock, "PostgreSQL audit store at " + settings.jdbcUrl());
    }

    // ---------------------------------------------------------------- appends

    private record Head(long sequence, String hash, Instant time, @CheckForNull String policyHash) {
    }

    @Override
    public AuditEvent append(NewEvent event) {
        StoreRules.checkUniqueKey(event, false);
        try {
            return appendInTransaction(event, false, false);
        } catch (DuplicateEventException e) {
            throw new IllegalStateException("no unique key, yet a duplicate", e);
        }
    }

    @Override
    public AuditEvent appendUnique(NewEvent event) throws DuplicateEventException {
        StoreRules.checkUniqueKey(event, true);
        return appendInTransaction(event, true, false);
    }

    @Override
    public PolicyVersion recordPolicy(String hash, String content, String author) {
        try {
            appendInTransaction(StoreRules.policyEvent(hash, content, author), false, true);
        } catch (DuplicateEventException e) {
            throw new IllegalStateException("no unique key, yet a duplicate", e);
        }
        return currentPolicy().orElseThrow(() -> new StoreUnavailableException("policy recorded but not readable"));
    }

    /** One transaction: lock the head, check, insert, project, move the head, commit. Null if a policy is current. */
    @CheckForNull
    private AuditEvent appendInTransaction(NewEvent event, boolean unique, boolean policyIfChanged)
            throws DuplicateEventException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Head head = lockHead(connection);
                if (policyIfChanged && event.policyHash() != null && event.policyHash().equals(head.policyHash())) {
                    connection.rollback();
                    return null;
                }
                if (unique) {
                    Long existing = sequenceOfUniqueKey(connection, event.uniqueKey());
                    if (existing != null) {
                        connection.rollback();
                        throw new DuplicateEventException(event.uniqueKey(), existing);
                    }
                }
                StoreRules.checkPolicy(event, head.policyHash());
                AuditEvent stored = AuditEvent.link(event, head.sequence() + 1,
                        StoreRules.nextTime(clock, head.time()), head.hash());
                insertAndMoveHead(connection, stored);
                project(connection, stored);
                connection.commit();
                return stored;
            } catch (SQLException | RuntimeException | DuplicateEventException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("append a " + event.type() + " event", e);
        }
    }

    private static Head lockHead(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT sequence, hash, event_time, policy_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE");
                ResultSet result = select.executeQuery()) {
            if (!result.next()) {
                throw new SQLException("the audit_chain_head row is missing");
            }
            return new Head(result.getLong(1), result.getString(2),
                    result.getObject(3, OffsetDateTime.class).toInstant(), result.getString(4));
        }
    }

    @CheckForNull
    private static Long sequenceOfUniqueKey(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT sequence FROM audit_event WHERE unique_key = ?")) {
            select.setString(1, key);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? result.getLong(1) : null;
            }
        }
    }

    /** Inserts the event and moves the head in one statement (one round trip). */
    private static void insertAndMoveHead(Connection connection, AuditEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("WITH inserted AS (INSERT INTO audit_event ("
                + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)"
                + " RETURNING sequence, hash, event_time)"
                + " UPDATE audit_chain_head SET sequence = inserted.sequence, hash = inserted.hash,"
                + " event_time = inserted.event_time, policy_hash = CASE WHEN ? THEN ? ELSE audit_chain_head.policy_hash END"
                + " FROM inserted WHERE audit_chain_head.id = 1")) {
            int i = 1;
            insert.setLong(i++, event.sequence());
            insert.setObject(i++, UUID.fromString(event.eventId()));
            insert.setString(i++, event.type().name());
            insert.setObject(i++, timestamp(event.time()));
            insert.setString(i++, event.correlationId());
            insert.setString(i++, event.actor());
            insert.setString(i++, event.actorKind().name());
            insert.setString(i++, event.environment());
            Array digests = connection.createArrayOf("text", event.digests().toArray());
            insert.setArray(i++, digests);
            insert.setString(i++, event.job());
            insert.setString(i++, event.run());
            insert.setString(i++, event.policyHash());
            insert.setString(i++, event.outcome() == null ? null : event.outcome().name());
            insert.setString(i++, json(event.reasons().stream().map(PostgresAuditStore::reasonMap).toList()));
            insert.setString(i++, json(event.payload()));
            insert.setString(i++, event.uniqueKey());
            insert.setString(i++, event.prevHash());
            insert.setString(i++, event.hash());
            boolean policyChanged = event.type() == AuditEventType.POLICY_CHANGED;
            insert.setBoolean(i++, policyChanged);
            insert.setString(i, event.policyHash());
            if (insert.executeUpdate() != 1) {
                throw new SQLException("the chain head did not move to sequence " + event.sequence());
            }
        }
    }

    /** Keeps the query tables in step with the event, by the same rules as {@link EventIndex}. */
    private static void project(Connection connection, AuditEvent event) throws SQLException {
        String correlationId = event.correlationId();
        if (EventIndex.isDeploymentSuccess(event) && event.environment() != null) {
            for (String digest : event.digests()) {
                update(connection, "INSERT INTO deployment_success (digest, environment, last_success, sequence)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (digest, environment) DO UPDATE SET"
                        + " last_success = GREATEST(deployment_success.last_success, EXCLUDED.last_success),"
                        + " sequence = EXCLUDED.sequence", digest, event.environment(), timestamp(event.time()),
                        event.sequence());
            }
        }
        if (correlationId != null) {
            if (event.type() == AuditEventType.APPROVAL_REQUESTED) {
                update(connection, "INSERT INTO approval_open (correlation_id, requested_sequence) VALUES (?, ?)"
                        + " ON CONFLICT (correlation_id) DO UPDATE SET requested_sequence = EXCLUDED.requested_sequence",
                        correlationId, event.sequence());
            } else if (EventIndex.closesApproval(event)) {
                update(connection, "DELETE FROM approval_open WHERE correlation_id = ?", correlationId);
            }
            if (event.type() == AuditEventType.BREAK_GLASS) {
                update(connection, "INSERT INTO review_open (correlation_id, break_glass_sequence) VALUES (?, ?)"
                        + " ON CONFLICT (correlation_id) DO UPDATE SET break_glass_sequence = EXCLUDED.break_glass_sequence",
                        correlationId, event.sequence());
            } else if (event.type() == AuditEventType.REVIEW_CLOSED) {
                update(connection, "DELETE FROM review_open WHERE correlation_id = ?", correlationId);
            }
        }
        String subject = event.payloadValue(PayloadKeys.SUBJECT);
        if (subject != null && event.type() == AuditEventType.QUARANTINE) {
            update(connection, "INSERT INTO quarantine_active (identity, sequence) VALUES (?, ?)"
                    + " ON CONFLICT (identity) DO UPDATE SET sequence = EXCLUDED.sequence", subject, event.sequence());
        } else if (subject != null && event.type() == AuditEventType.QUARANTINE_LIFTED) {
            update(connection, "DELETE FROM quarantine_active WHERE identity = ?", subject);
        }
        if (event.type() == AuditEventType.POLICY_CHANGED) {
            PolicyVersion version = PolicyVersion.of(event);
            update(connection, "INSERT INTO policy_version (sequence, hash, content, author, recorded_at)"
                    + " VALUES (?, ?, ?, ?, ?)", event.sequence(), version.hash(), version.content(), version.author(),
                    timestamp(version.recordedAt()));
        }
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the connection is broken; the pool discards it and the transaction is gone with it
        }
    }

    // ---------------------------------------------------------------- queries

    @Override
    public List<AuditEvent> byCorrelationId(String correlationId) {
        return queryEvents("read promotion " + correlationId,
                "SELECT " + COLUMNS + " FROM audit_event WHERE correlation_id = ? ORDER BY sequence", correlationId);
    }

    @Override
    public Optional<Instant> lastSuccessfulDeployment(Digest digest, String environment) {
        return queryOne("read the last deployment of " + digest + " to " + environment,
                "SELECT last_success FROM deployment_success WHERE digest = ? AND environment = ?",
                result -> result.getObject(1, OffsetDateTime.class).toInstant(), digest.toString(), environment);
    }

    @Override
    public List<AuditEvent> since(long afterSequence, int limit) {
        return queryEvents("read events after " + afterSequence,
                "SELECT " + COLUMNS + " FROM audit_event WHERE sequence > ? ORDER BY sequence LIMIT ?", afterSequence,
                limit);
    }

    @Override
    public long lastSequence() {
        return queryOne("read the chain head", "SELECT sequence FROM audit_chain_head WHERE id = 1",
                result -> result.getLong(1)).orElse(0L);
    }

    @Override
    public long countByActorAndTypeSince(String actor, AuditEventType type, Instant since) {
        return queryOne("count " + type + " events of " + actor,
                "SELECT count(*) FROM audit_event WHERE actor = ? AND type = ? AND event_time >= ?",
                result -> result.getLong(1), actor, type.name(), timestamp(since)).orElse(0L);
    }

    @Override
    public List<String> pendingApprovalCorrelationIds() {
        return queryStrings("list pending approvals",
                "SELECT correlation_id FROM approval_open ORDER BY requested_sequence DESC");
    }

    @Override
    public List<String> openBreakGlassReviews() {
        return queryStrings("list open break-glass reviews",
                "SELECT correlation_id FROM review_open ORDER BY break_glass_sequence DESC");
    }

    @Override
    public Optional<AuditEvent> activeQuarantine(String identity) {
        List<AuditEvent> events = queryEvents("read the quarantine of " + identity, "SELECT " + COLUMNS
                + " FROM audit_event WHERE sequence = (SELECT sequence FROM quarantine_active WHERE identity = ?)",
                identity);
        return events.stream().findFirst();
    }

    @Override
    public Optional<PolicyVersion> currentPolicy() {
        return queryOne("read the policy in force",
                "SELECT hash, content, author, recorded_at, sequence FROM policy_version ORDER BY sequence DESC LIMIT 1",
                result -> new PolicyVersion(result.getString(1), result.getString(2), result.getString(3),
                        result.getObject(4, OffsetDateTime.class).toInstant(), result.getLong(5)));
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet result) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    private <T> Optional<T> queryOne(String what, String sql, RowMapper<T> mapper, Object... parameters) {
        return query(what, sql, mapper, parameters).stream().findFirst();
    }

    private List<String> queryStrings(String what, String sql) {
        return query(what, sql, result -> result.getString(1));
    }

    private List<AuditEvent> queryEvents(String what, String sql, Object... parameters) {
        return query(what, sql, PostgresAuditStore::event, parameters);
    }

    private static AuditEvent event(ResultSet row) throws SQLException {
        long sequence = row.getLong("sequence");
        try {
            Array digestArray = row.getArray("digests");
            List<String> digests = List.of((String[]) digestArray.getArray());
            List<AuditReason> reasons = new ArrayList<>();
            for (Map<String, String> reason : JSON.readValue(row.getString("reasons"), REASONS)) {
                reasons.add(new AuditReason(ReasonCode.valueOf(reason.get("code")), reason.get("gate"),
                        reason.get("message")));
            }
            String outcome = row.getString("outcome");
            return new AuditEvent(sequence, row.getString("event_id"), AuditEventType.valueOf(row.getString("type")),
                    row.getObject("event_time", OffsetDateTime.class).toInstant(), row.getString("correlation_id"),
                    row.getString("actor"), ActorKind.valueOf(row.getString("actor_kind")), row.getString("environment"),
                    digests, row.getString("job"), row.getString("run"), row.getString("policy_hash"),
                    outcome == null ? null : Outcome.valueOf(outcome), reasons,
                    JSON.readValue(row.getString("payload"), PAYLOAD), row.getString("unique_key"),
                    row.getString("prev_hash"), row.getString("hash"));
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new StoreUnavailableException("Audit event " + sequence + " in the database is malformed (edited?): "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, String> reasonMap(AuditReason reason) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("code", reason.code().name());
        map.put("gate", reason.gate());
        map.put("message", reason.message());
        return map;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private static OffsetDateTime timestamp(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    private StoreUnavailableException unavailable(String operation, SQLException e) {
        return new StoreUnavailableException("Audit store unavailable: cannot " + operation + " in the " + description
                + " (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
    }

    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }
}
