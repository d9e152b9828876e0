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
import org.postgresql.util.PSQLException;

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
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The store for a fleet of controllers sharing one PostgreSQL database. Every append is one statement, hence one
 * transaction and one round trip: it inserts the event, linked to the last event this store saw, and its projection
 * rows. The chain head is the last event itself, and the primary key on the sequence is its compare-and-set: if
 * another controller appended in between, the sequence is taken, the statement writes nothing and the event is linked
 * again to the new head, so the chain never forks. The unique key has a unique index, so "only once" holds across
 * controllers, and the stale-policy check uses the newest recorded policy. Commit means durable (PostgreSQL's WAL).
 *
 * <p>Group commit: plain appends ({@link #append}) that queue up while another thread of this store is appending are
 * linked one after the other and written by one statement (a multi-row insert, in autocommit), so one round trip and one WAL flush make a whole group durable. If anything in the group goes wrong
 * (the head moved, a stale policy, an SQL error), the statement has changed nothing and each event of the group is
 * appended alone; the unique event id keeps a group whose commit outcome is unknown from being appended twice.
 * {@link #appendAll} writes its batch the same way (one statement per {@value #MAX_ROWS} events).
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
    private static final int MAX_ATTEMPTS = 1000;
    private static final String UNIQUE_VIOLATION = "23505";
    /** The primary key on the sequence: the compare-and-set of the chain head. */
    private static final String SEQUENCE_KEY = "audit_event_pkey";
    /** Appends of this store's threads take turns; guards cachedHead. */
    private final java.util.concurrent.locks.ReentrantLock appendLock = new java.util.concurrent.locks.ReentrantLock();
    @CheckForNull
    private Head cachedHead;
    /** Plain appends waiting for the thread that holds appendLock to commit them with its own group. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Waiting> waiting =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Bounds the transaction (and the time the first appender of a group waits for the last). */
    private static final int MAX_GROUP = 64;
    /** Events per statement: bounds its parameters (18 per event) and the number of statement shapes to prepare. */
    private static final int MAX_ROWS = 64;

    /**
     * An append in a group. The lock holder that commits the group sets the result, then counts the latch down; the
     * latch is what publishes the result to the waiting thread.
     */
    private static final class Waiting {
        private final NewEvent event;
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        @CheckForNull
        private AuditEvent stored;
        @CheckForNull
        private RuntimeException failure;

        Waiting(NewEvent event) {
            this.event = event;
        }

        boolean isDone() {
            return done.getCount() == 0;
        }
    }

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
        // Named explicitly: DriverManager finds drivers through the context class loader, which in Jenkins is core's
        // and cannot see the plugin's jars; HikariCP then loads the driver through its own class loader.
        config.setDriverClassName(org.postgresql.Driver.class.getName());
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

    /** The chain head as last seen by this store: what the next append links to, if nobody else appended since. */
    private record Head(long sequence, String hash, Instant time, @CheckForNull String policyHash) {
    }

    /** A small list of SQL parameters with their JDBC setters, so the statement can be built per event type. */
    private interface Parameter {
        void set(PreparedStatement statement, int index) throws SQLException;
    }

    @Override
    public AuditEvent append(NewEvent event) {
        StoreRules.checkUniqueKey(event, false);
        Waiting mine = new Waiting(event);
        waiting.add(mine);
        boolean interrupted = false;
        // Whoever holds the lock commits everything queued, in groups, until the queue is empty, and looks again
        // after unlocking; so an append queued while the lock was held is always taken by some lock holder, and a
        // waiter wakes up once, when its own group is durable (no convoy of threads through the lock).
        while (!mine.isDone() || !waiting.isEmpty()) {
            if (appendLock.tryLock()) {
                try {
                    for (List<Waiting> group = drain(); !group.isEmpty(); group = drain()) {
                        try {
                            appendGroup(group);
                        } finally {
                            failUnfinished(group); // only after an Error: nobody may wait forever
                        }
                    }
                } finally {
                    appendLock.unlock();
                }
            } else if (mine.isDone()) {
                break; // the lock holder serves the queue
            } else {
                try {
                    mine.done.await(5, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // the append may already be durable: wait for its outcome
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return Objects.requireNonNull(mine.stored);
    }

    private void failUnfinished(List<Waiting> group) {
        for (Waiting next : group) {
            if (!next.isDone()) {
                next.failure = new StoreUnavailableException("Audit store unavailable: the append of a "
                        + next.event.type() + " event was interrupted by an error in the appending thread");
                next.done.countDown();
            }
        }
    }

    private List<Waiting> drain() {
        List<Waiting> group = new ArrayList<>();
        for (Waiting next = waiting.poll(); next != null; next = group.size() < MAX_GROUP ? waiting.poll() : null) {
            group.add(next);
        }
        return group;
    }

    /** Appends a group in one transaction, or, if that fails for any reason, each event alone. Holds appendLock. */
    private void appendGroup(List<Waiting> group) {
        if (group.size() > 1 && appendTogether(group)) {
            return;
        }
        for (Waiting next : group) {
            try {
                next.stored = Objects.requireNonNull(appendLinked(next.event, false));
            } catch (DuplicateEventException e) {
                next.failure = new IllegalStateException("no unique key, yet a duplicate", e);
            } catch (RuntimeException e) {
                next.failure = e;
            }
            next.done.countDown();
        }
    }

    /**
     * One statement for the whole group (autocommit, so one round trip and one WAL flush): true if it committed, false
     * if nothing was written and each event must be appended alone.
     */
    private boolean appendTogether(List<Waiting> group) {
        List<NewEvent> events = new ArrayList<>(group.size());
        for (Waiting next : group) {
            events.add(next.event);
        }
        Head head;
        List<AuditEvent> stored;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            head = cachedHead == null ? readHead(connection) : cachedHead;
            StoreRules.checkPolicies(events, head.policyHash());
            stored = link(events, head);
            if (!executeAppend(connection, stored)) {
                cachedHead = null;
                return false;
            }
        } catch (SQLException | RuntimeException e) {
            // the statement is atomic: whatever failed (moved head, stale policy, broken connection), either nothing
            // was written or, if the outcome is unknown, the unique event ids keep the retry alone from writing twice
            cachedHead = null;
            return false;
        }
        cachedHead = headAfter(stored, head);
        for (int i = 0; i < group.size(); i++) {
            group.get(i).stored = stored.get(i);
            group.get(i).done.countDown();
        }
        return true;
    }

    /** Links the events one after the other to the head, with non-decreasing times. */
    private List<AuditEvent> link(List<NewEvent> events, Head start) {
        List<AuditEvent> linked = new ArrayList<>(events.size());
        long sequence = start.sequence();
        String hash = start.hash();
        Instant time = start.time();
        for (NewEvent event : events) {
            AuditEvent next = AuditEvent.link(event, ++sequence, StoreRules.nextTime(clock, time), hash);
            linked.add(next);
            hash = next.hash();
            time = next.time();
        }
        return linked;
    }

    /** The head once the events (linked to {@code start}) are stored: the last event, the last policy recorded. */
    private static Head headAfter(List<AuditEvent> stored, Head start) {
        AuditEvent last = stored.get(stored.size() - 1);
        String policy = start.policyHash();
        for (AuditEvent event : stored) {
            if (event.type() == AuditEventType.POLICY_CHANGED) {
                policy = event.policyHash();
            }
        }
        return new Head(last.sequence(), last.hash(), last.time(), policy);
    }

    /**
     * The whole batch in one statement (several in one transaction beyond {@value #MAX_ROWS} events), under the
     * store's lock: it compare-and-sets the head as {@link #appendLinked} does; if another controller moved the head
     * in between, nothing is written and the batch is linked again to the fresh head. Plain appends queued meanwhile
     * are served when the lock is free.
     */
    @Override
    public List<AuditEvent> appendAll(List<NewEvent> events) {
        StoreRules.checkBatch(events);
        try {
            return appendBatch(events);
        } catch (DuplicateEventException e) {
            throw new IllegalStateException("no unique key, yet a duplicate", e);
        }
    }

    /**
     * As {@link #appendAll}; the statement (or transaction) that inserts the batch is refused whole by the unique-key
     * index if one of its keys is taken, so the batch claims all its keys or none.
     */
    @Override
    public List<AuditEvent> appendAllUnique(List<NewEvent> events) throws DuplicateEventException {
        StoreRules.uniqueKeysOf(events);
        return appendBatch(events);
    }

    private List<AuditEvent> appendBatch(List<NewEvent> events) throws DuplicateEventException {
        if (events.isEmpty()) {
            return List.of();
        }
        appendLock.lock();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                boolean fresh = cachedHead == null;
                Head head = fresh ? readHead(connection) : cachedHead;
                try {
                    StoreRules.checkPolicies(events, head.policyHash());
                } catch (StalePolicyException stale) {
                    if (fresh) {
                        throw stale;
                    }
                    cachedHead = null;
                    continue;
                }
                List<AuditEvent> stored = link(events, head);
                boolean inserted;
                try {
                    inserted = insertLinked(connection, stored);
                } catch (SQLException e) {
                    cachedHead = null;
                    if (isUniqueKeyViolation(e)) {
                        throw duplicateOf(connection, events);
                    }
                    throw e;
                }
                if (inserted) {
                    cachedHead = headAfter(stored, head);
                    return List.copyOf(stored);
                }
                cachedHead = null;
            }
            throw new StoreUnavailableException("Audit store unavailable: the chain head of the " + description
                    + " kept moving during " + MAX_ATTEMPTS + " attempts to append a batch of " + events.size()
                    + " events");
        } catch (SQLException e) {
            cachedHead = null;
            throw unavailable("append a batch of " + events.size() + " events", e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Stores linked events all or nothing: up to {@link #MAX_ROWS} in one statement (autocommit), more in one
     * transaction of such statements. False (nothing stored) if the head moved. Holds appendLock.
     */
    private static boolean insertLinked(Connection connection, List<AuditEvent> linked) throws SQLException {
        if (linked.size() <= MAX_ROWS) {
            return executeAppend(connection, linked);
        }
        connection.setAutoCommit(false);
        try {
            for (int from = 0; from < linked.size(); from += MAX_ROWS) {
                if (!executeAppend(connection, linked.subList(from, Math.min(linked.size(), from + MAX_ROWS)))) {
                    connection.rollback();
                    return false;
                }
            }
            connection.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is broken; the pool discards it, and the caller reports the first cause
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public AuditEvent appendUnique(NewEvent event) throws DuplicateEventException {
        StoreRules.checkUniqueKey(event, true);
        return Objects.requireNonNull(appendLinked(event, false));
    }

    @Override
    public PolicyVersion recordPolicy(String hash, String content, String author) {
        try {
            appendLinked(StoreRules.policyEvent(hash, content, author), true);
        } catch (DuplicateEventException e) {
            throw new IllegalStateException("no unique key, yet a duplicate", e);
        }
        return currentPolicy().orElseThrow(() -> new StoreUnavailableException("policy recorded but not readable"));
    }

    /**
     * Appends with one statement (one round trip, its own transaction), see {@link #executeAppend}. If another
     * controller appended in between, the statement changes nothing, and the event is linked again to the fresh head. Threads of this store take turns (a local lock), so they do
     * not race each other. A unique-key violation rolls the whole statement back. Null if the policy is current.
     */
    @CheckForNull
    private AuditEvent appendLinked(NewEvent event, boolean policyIfChanged) throws DuplicateEventException {
        appendLock.lock();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                boolean fresh = cachedHead == null || policyIfChanged;
                Head head = fresh ? readHead(connection) : cachedHead;
                if (policyIfChanged && event.policyHash() != null && event.policyHash().equals(head.policyHash())) {
                    cachedHead = head;
                    return null;
                }
                try {
                    StoreRules.checkPolicy(event, head.policyHash());
                } catch (StalePolicyException stale) {
                    if (fresh) {
                        throw stale;
                    }
                    cachedHead = null;
                    continue;
                }
                AuditEvent stored = AuditEvent.link(event, head.sequence() + 1,
                        StoreRules.nextTime(clock, head.time()), head.hash());
                boolean appended;
                try {
                    appended = executeAppend(connection, List.of(stored));
                } catch (SQLException e) {
                    cachedHead = null;
                    if (UNIQUE_VIOLATION.equals(e.getSQLState()) && event.uniqueKey() != null
                            && isUniqueKeyViolation(e)) {
                        Long existing = sequenceOfUniqueKey(connection, event.uniqueKey());
                        throw new DuplicateEventException(event.uniqueKey(), existing == null ? -1 : existing);
                    }
                    throw e;
                }
                if (appended) {
                    cachedHead = new Head(stored.sequence(), stored.hash(), stored.time(),
                            stored.type() == AuditEventType.POLICY_CHANGED ? stored.policyHash() : head.policyHash());
                    return stored;
                }
                cachedHead = null;
            }
            throw new StoreUnavailableException("Audit store unavailable: the chain head of the " + description
                    + " kept moving during " + MAX_ATTEMPTS + " attempts to append a " + event.type() + " event");
        } catch (SQLException e) {
            cachedHead = null;
            throw unavailable("append a " + event.type() + " event", e);
        } finally {
            appendLock.unlock();
        }
    }

    /** The first key of a refused batch that another event holds. */
    private static DuplicateEventException duplicateOf(Connection connection, List<NewEvent> events) throws SQLException {
        for (NewEvent event : events) {
            if (event.uniqueKey() != null) {
                Long existing = sequenceOfUniqueKey(connection, event.uniqueKey());
                if (existing != null) {
                    return new DuplicateEventException(event.uniqueKey(), existing);
                }
            }
        }
        return new DuplicateEventException(String.valueOf(events.get(0).uniqueKey()), -1);
    }

    private static boolean isUniqueKeyViolation(SQLException e) {
        String constraint = violatedConstraint(e);
        return constraint != null && constraint.contains("unique_key");
    }

    @CheckForNull
    private static String violatedConstraint(SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState()) && e instanceof PSQLException psql
                && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getConstraint();
        }
        return null;
    }

    /** The last event (or the genesis of an empty chain) and the policy in force, from one snapshot. */
    private static Head readHead(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT last.sequence, last.hash, last.event_time,"
                + " (SELECT hash FROM policy_version ORDER BY sequence DESC LIMIT 1) FROM (SELECT 1) AS one LEFT JOIN"
                + " (SELECT sequence, hash, event_time FROM audit_event ORDER BY sequence DESC LIMIT 1) AS last ON true");
                ResultSet result = select.executeQuery()) {
            result.next();
            String policy = result.getString(4);
            if (result.getString(2) == null) {
                return new Head(0, AuditEvent.GENESIS_HASH, Instant.EPOCH, policy);
            }
            return new Head(result.getLong(1), result.getString(2),
                    result.getObject(3, OffsetDateTime.class).toInstant(), policy);
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

    /**
     * One statement for events linked one after the other to the head this store last saw: insert the events and
     * maintain the projections by the rules of {@link EventIndex}. The primary key on the sequence is the
     * compare-and-set of the head: if another controller appended since, the first sequence is taken, the statement
     * fails as a whole and nothing is written (false). A concurrent insert of the same sequence waits for the other
     * transaction and fails if it commits, so two events never share a predecessor.
     *
     * <p>Projections are applied as their net effect over the events in order (the last event that opens or closes a
     * key wins), because one statement may touch each projection row only once; the result equals applying them one
     * by one, as the single-event statements did.
     */
    private static boolean executeAppend(Connection connection, List<AuditEvent> events) throws SQLException {
        List<Parameter> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(512 + 160 * events.size());
        sql.append("WITH inserted AS (INSERT INTO audit_event (").append(COLUMNS).append(") VALUES ");
        Map<String, Long> approvals = new LinkedHashMap<>();
        Map<String, Long> reviews = new LinkedHashMap<>();
        Map<String, Long> quarantines = new LinkedHashMap<>();
        Map<List<String>, AuditEvent> deployments = new LinkedHashMap<>();
        List<PolicyVersion> policies = new ArrayList<>();
        for (int n = 0; n < events.size(); n++) {
            AuditEvent event = events.get(n);
            sql.append(n == 0 ? "" : ", ").append("(?::bigint, ?::uuid, ?::text, ?::timestamptz, ?::text, ?::text,"
                    + " ?::text, ?::text, ?::text[], ?::text, ?::text, ?::text, ?::text, ?::jsonb, ?::jsonb, ?::text,"
                    + " ?::text, ?::text)");
            parameters.add((s, i) -> s.setLong(i, event.sequence()));
            parameters.add((s, i) -> s.setObject(i, UUID.fromString(event.eventId())));
            parameters.add((s, i) -> s.setString(i, event.type().name()));
            parameters.add((s, i) -> s.setObject(i, timestamp(event.time())));
            parameters.add((s, i) -> s.setString(i, event.correlationId()));
            parameters.add((s, i) -> s.setString(i, event.actor()));
            parameters.add((s, i) -> s.setString(i, event.actorKind().name()));
            parameters.add((s, i) -> s.setString(i, event.environment()));
            parameters.add((s, i) -> s.setArray(i, connection.createArrayOf("text", event.digests().toArray())));
            parameters.add((s, i) -> s.setString(i, event.job()));
            parameters.add((s, i) -> s.setString(i, event.run()));
            parameters.add((s, i) -> s.setString(i, event.policyHash()));
            parameters.add((s, i) -> s.setString(i, event.outcome() == null ? null : event.outcome().name()));
            parameters.add((s, i) -> s.setString(i,
                    json(event.reasons().stream().map(PostgresAuditStore::reasonMap).toList())));
            parameters.add((s, i) -> s.setString(i, json(event.payload())));
            parameters.add((s, i) -> s.setString(i, event.uniqueKey()));
            parameters.add((s, i) -> s.setString(i, event.prevHash()));
            parameters.add((s, i) -> s.setString(i, event.hash()));

            if (EventIndex.isDeploymentSuccess(event.type(), event.payloadValue(PayloadKeys.DEPLOYMENT_OUTCOME))
                    && event.environment() != null) {
                for (String digest : event.digests()) {
                    // times never decrease along the chain, so the last success is also the latest
                    deployments.put(List.of(digest, event.environment()), event);
                }
            }
            String correlationId = event.correlationId();
            if (correlationId != null) {
                if (event.type() == AuditEventType.APPROVAL_REQUESTED) {
                    approvals.put(correlationId, event.sequence());
                } else if (EventIndex.closesApproval(event.type(), event.outcome())) {
                    approvals.put(correlationId, null);
                }
                if (EventIndex.opensReview(event.type(), event.outcome())) {
                    reviews.put(correlationId, event.sequence());
                } else if (event.type() == AuditEventType.REVIEW_CLOSED) {
                    reviews.put(correlationId, null);
                }
            }
            String subject = event.payloadValue(PayloadKeys.SUBJECT);
            if (subject != null && event.type() == AuditEventType.QUARANTINE) {
                quarantines.put(subject, event.sequence());
            } else if (subject != null && event.type() == AuditEventType.QUARANTINE_LIFTED) {
                quarantines.put(subject, null);
            }
            if (event.type() == AuditEventType.POLICY_CHANGED) {
                policies.add(PolicyVersion.of(event));
            }
        }
        sql.append(" RETURNING sequence)");

        int projection = 0;
        if (!deployments.isEmpty()) {
            sql.append(", p").append(projection++).append(" AS (INSERT INTO deployment_success (digest, environment,"
                    + " last_success, sequence) VALUES ");
            int n = 0;
            for (Map.Entry<List<String>, AuditEvent> deployment : deployments.entrySet()) {
                sql.append(n++ == 0 ? "" : ", ").append("(?::text, ?::text, ?::timestamptz, ?::bigint)");
                String digest = deployment.getKey().get(0);
                String environment = deployment.getKey().get(1);
                AuditEvent event = deployment.getValue();
                parameters.add((s, i) -> s.setString(i, digest));
                parameters.add((s, i) -> s.setString(i, environment));
                parameters.add((s, i) -> s.setObject(i, timestamp(event.time())));
                parameters.add((s, i) -> s.setLong(i, event.sequence()));
            }
            sql.append(" ON CONFLICT (digest, environment) DO UPDATE SET last_success ="
                    + " GREATEST(deployment_success.last_success, EXCLUDED.last_success), sequence = EXCLUDED.sequence)");
        }
        projection = project(sql, parameters, projection, approvals, "approval_open", "correlation_id",
                "requested_sequence", connection);
        projection = project(sql, parameters, projection, reviews, "review_open", "correlation_id",
                "break_glass_sequence", connection);
        projection = project(sql, parameters, projection, quarantines, "quarantine_active", "identity", "sequence",
                connection);
        if (!policies.isEmpty()) {
            sql.append(", p").append(projection).append(" AS (INSERT INTO policy_version (sequence, hash, content, author,"
                    + " recorded_at) VALUES ");
            for (int n = 0; n < policies.size(); n++) {
                PolicyVersion version = policies.get(n);
                sql.append(n == 0 ? "" : ", ").append("(?::bigint, ?::text, ?::text, ?::text, ?::timestamptz)");
                parameters.add((s, i) -> s.setLong(i, version.sequence()));
                parameters.add((s, i) -> s.setString(i, version.hash()));
                parameters.add((s, i) -> s.setString(i, version.content()));
                parameters.add((s, i) -> s.setString(i, version.author()));
                parameters.add((s, i) -> s.setObject(i, timestamp(version.recordedAt())));
            }
            sql.append(')');
        }
        sql.append(" SELECT count(*) FROM inserted");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).set(statement, i + 1);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1) == events.size();
            }
        } catch (SQLException e) {
            if (SEQUENCE_KEY.equals(violatedConstraint(e))) {
                return false; // another controller appended since expected: nothing of this statement was written
            }
            throw e;
        }
    }

    /**
     * The net effect on one projection table: keys whose last event opened them are upserted with its sequence,
     * keys whose last event closed them are deleted.
     */
    private static int project(StringBuilder sql, List<Parameter> parameters, int projection, Map<String, Long> net,
            String table, String key, String sequenceColumn, Connection connection) {
        List<String> deleted = new ArrayList<>();
        int next = projection;
        int upserted = 0;
        for (Map.Entry<String, Long> entry : net.entrySet()) {
            if (entry.getValue() == null) {
                deleted.add(entry.getKey());
                continue;
            }
            sql.append(upserted++ == 0 ? ", p" + next++ + " AS (INSERT INTO " + table + " (" + key + ", " + sequenceColumn
                    + ") VALUES " : ", ").append("(?::text, ?::bigint)");
            String value = entry.getKey();
            long sequence = entry.getValue();
            parameters.add((s, i) -> s.setString(i, value));
            parameters.add((s, i) -> s.setLong(i, sequence));
        }
        if (upserted > 0) {
            sql.append(" ON CONFLICT (").append(key).append(") DO UPDATE SET ").append(sequenceColumn)
                    .append(" = EXCLUDED.").append(sequenceColumn).append(')');
        }
        if (!deleted.isEmpty()) {
            sql.append(", p").append(next++).append(" AS (DELETE FROM ").append(table).append(" WHERE ").append(key)
                    .append(deleted.size() == 1 ? " = ?::text" : " = ANY (?::text[])")
                    .append(')');
            parameters.add(deleted.size() == 1 ? (s, i) -> s.setString(i, deleted.get(0))
                    : (s, i) -> s.setArray(i, connection.createArrayOf("text", deleted.toArray())));
        }
        return next;
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
        return queryOne("read the chain head", "SELECT coalesce(max(sequence), 0) FROM audit_event",
                result -> result.getLong(1)).orElse(0L);
    }

    @Override
    public long countByActorAndTypeSince(String actor, AuditEventType type, Instant since) {
        return queryOne("count " + type + " events of " + actor,
                "SELECT count(*) FROM audit_event WHERE actor = ? AND type = ? AND event_time >= ?",
                result -> result.getLong(1), actor, type.name(), timestamp(since)).orElse(0L);
    }

    @Override
    public long countDecisionsSince(String actor, Outcome outcome, Instant since) {
        return queryOne(outcome + " decisions of " + actor, "SELECT count(*) FROM audit_event WHERE actor = ?"
                + " AND type = 'DECISION' AND outcome = ? AND event_time >= ?",
                result -> result.getLong(1), actor, outcome.name(), timestamp(since)).orElse(0L);
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
            java.sql.Array digestArray = row.getArray("digests");
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
