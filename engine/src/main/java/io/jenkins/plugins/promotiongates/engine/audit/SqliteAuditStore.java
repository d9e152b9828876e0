package io.jenkins.plugins.promotiongates.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;
import io.jenkins.plugins.promotiongates.engine.model.ReasonCode;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store as one SQLite database ({@value #FILE_NAME} in the store directory) that many processes share:
 * WAL journal, {@code synchronous=FULL} (a commit is durable: the WAL is fsynced before COMMIT returns), the same hash
 * chain as every store and the relational projections of {@link PostgresAuditStore}, maintained in the same
 * transaction as the events they come from.
 *
 * <p>Writers: every write is one {@code BEGIN IMMEDIATE} transaction, which takes SQLite's single write lock, reads
 * the chain head inside it (another process may have appended since), links, inserts and commits. A writer waits for
 * the lock up to the busy timeout and then fails with {@link StoreBusyException}; nothing was written. The unique
 * key has a partial UNIQUE index, so "only once" holds across processes, and a batch claims all its keys or none.
 * Readers never wait for writers (WAL): each query reads the committed prefix as of its start.
 *
 * <p>Group commit: writes of this store's threads that queue up while one thread holds the write connection are
 * written in one transaction, hence one fsync; each write inside it is a savepoint, so a write refused for its own
 * reason (duplicate key, stale policy) is rolled back alone and the others commit. A failed commit fails them all and
 * leaves nothing durable.
 *
 * <p>Opening costs the same at any history length: it checks the schema version and the chain tail (the last event's
 * hash and its link to the one before), not the whole chain; {@link ChainVerifier#verify(AuditStore)} (the CLI's
 * {@code audit verify}) checks everything.
 */
public final class SqliteAuditStore implements AuditStore {
    /** The database file in the store directory; its presence is what makes a directory a SQLite store. */
    public static final String FILE_NAME = "audit.sqlite";
    /** How long a writer waits for another process's write by default before it reports the store busy. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    static final int SCHEMA_VERSION = 1;
    private static final String SCHEMA = "SQLITE_V1__audit_events.sql";
    /** Bounds one group's transaction (and the time its first writer waits for its last). */
    private static final int MAX_GROUP = 64;
    /** Idle read connections kept open; more are opened when more threads read at once. */
    private static final int MAX_IDLE_READERS = 4;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, String>>> REASONS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> PAYLOAD = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> DIGESTS = new TypeReference<>() {
    };
    private static final String COLUMNS = "sequence, event_id, type, event_time, correlation_id, actor, actor_kind,"
            + " environment, digests, job, run, policy_hash, outcome, reasons, payload, unique_key, prev_hash, hash";

    private final Path file;
    private final Clock clock;
    private final Duration busyTimeout;
    /** 0: unlimited; tests set it to provoke SQLITE_FULL deterministically (PRAGMA max_page_count). */
    private final int maxPageCount;
    /** The write connection and its statements; used only by the thread holding appendLock. */
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Connection writer;
    /** Prepared on the first write: a read-only command (the CLI's pending) never prepares them. */
    @CheckForNull
    private WriteStatements statements;
    private final ConcurrentLinkedQueue<Work> waiting = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /** Opens (or creates) the store in the directory with the default busy timeout. */
    public SqliteAuditStore(Path directory, Clock clock) {
        this(directory, clock, DEFAULT_BUSY_TIMEOUT);
    }

    /** Opens (or creates) the store; a writer waits up to {@code busyTimeout} for another process's write. */
    public SqliteAuditStore(Path directory, Clock clock, Duration busyTimeout) {
        this(directory, clock, busyTimeout, 0);
    }

    SqliteAuditStore(Path directory, Clock clock, Duration busyTimeout, int maxPageCount) {
        this(directory, clock, busyTimeout, maxPageCount, true);
    }

    /**
     * Verifies the whole chain of the store in the directory, from its first event (the CLI's {@code audit verify}).
     * Unlike opening the store, a broken tail is reported, not refused: naming the damage is what this is for.
     */
    public static ChainReport verifyChain(Path directory, Clock clock) {
        if (!Files.exists(directory.resolve(FILE_NAME))) {
            throw new StoreUnavailableException("Audit store unavailable: no " + FILE_NAME + " in " + directory);
        }
        try (SqliteAuditStore store = new SqliteAuditStore(directory, clock, DEFAULT_BUSY_TIMEOUT, 0, false)) {
            return ChainVerifier.verify(store);
        }
    }

    private SqliteAuditStore(Path directory, Clock clock, Duration busyTimeout, int maxPageCount, boolean checkTail) {
        this.file = directory.resolve(FILE_NAME);
        this.clock = Objects.requireNonNull(clock, "clock");
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busy timeout must be between 0 and " + Integer.MAX_VALUE + " ms, got "
                    + busyTimeout);
        }
        this.busyTimeout = busyTimeout;
        this.maxPageCount = maxPageCount;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreUnavailableException("Audit store unavailable: cannot create the store directory "
                    + directory + ": " + e, e);
        }
        Connection connection = null;
        try {
            connection = connect();
            migrate(connection);
            this.writer = connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw unavailable("open the store", e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
        try {
            if (checkTail) {
                checkTail();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        if (maxPageCount > 0) {
            config.setMaxPageCount(maxPageCount);
        }
        return config.createConnection("jdbc:sqlite:" + file);
    }

    /** Creates the schema in the first process that opens the file; refuses a file of a newer version. */
    private void migrate(Connection connection) throws SQLException {
        if (userVersion(connection) == SCHEMA_VERSION) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                int version = userVersion(connection);
                if (version > SCHEMA_VERSION) {
                    throw new StoreUnavailableException("The audit database " + file + " has schema version " + version
                            + " but this version of promotion-gates knows only up to " + SCHEMA_VERSION + "; upgrade it");
                }
                if (version == 0) {
                    for (String sql : PostgresSchema.statements(SCHEMA)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA user_version")) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    /** The last event's hash is its own and links to the one before: what appends build on. */
    private void checkTail() {
        List<AuditEvent> tail = queryEvents("check the chain tail",
                "SELECT " + COLUMNS + " FROM audit_event ORDER BY sequence DESC LIMIT 2");
        if (tail.isEmpty()) {
            return;
        }
        AuditEvent last = tail.get(0);
        String expectedPrevious = tail.size() > 1 ? tail.get(1).hash() : AuditEvent.GENESIS_HASH;
        long expectedSequence = tail.size() > 1 ? tail.get(1).sequence() + 1 : 1;
        if (last.sequence() != expectedSequence || !last.prevHash().equals(expectedPrevious)
                || !CanonicalEncoding.hashHex(last).equals(last.hash())) {
            throw new StoreUnavailableException("Audit store unavailable: the chain tail of " + file
                    + " is broken at sequence " + last.sequence() + " (edited?); run `audit verify` and restore from"
                    + " backup");
        }
    }

    // ---------------------------------------------------------------- appends

    /** The chain head inside the current write transaction. */
    private record Head(long sequence, String hash, Instant time, @CheckForNull String policyHash) {
    }

    /**
     * One caller's write: its events, all or none. The thread that commits the group sets the outcome, then counts
     * the latch down; the latch publishes the outcome to the waiting caller.
     */
    private static final class Work {
        private final List<NewEvent> events;
        /** recordPolicy: append only if the policy in force is another one. */
        private final boolean policyIfChanged;
        /** Digests, reasons and payload of each event as JSON, encoded before the write lock is taken. */
        private final List<String[]> json;
        private final CountDownLatch done = new CountDownLatch(1);
        @CheckForNull
        private List<AuditEvent> stored;
        @CheckForNull
        private DuplicateEventException duplicate;
        @CheckForNull
        private RuntimeException failure;

        Work(List<NewEvent> events, boolean policyIfChanged) {
            this.events = List.copyOf(events);
            this.policyIfChanged = policyIfChanged;
            this.json = this.events.stream().map(event -> new String[] {json(event.digests()),
                    json(event.reasons().stream().map(SqliteAuditStore::reasonMap).toList()),
                    json(event.payload())}).toList();
        }

        boolean isDone() {
            return done.getCount() == 0;
        }

        boolean failed() {
            return duplicate != null || failure != null;
        }
    }

    @Override
    public AuditEvent append(NewEvent event) {
        StoreRules.checkUniqueKey(event, false);
        return single(submitPlain(List.of(event)));
    }

    @Override
    public List<AuditEvent> appendAll(List<NewEvent> events) {
        StoreRules.checkBatch(events);
        return events.isEmpty() ? List.of() : submitPlain(events);
    }

    @Override
    public List<AuditEvent> appendAllUnique(List<NewEvent> events) throws DuplicateEventException {
        StoreRules.uniqueKeysOf(events);
        return events.isEmpty() ? List.of() : submit(new Work(events, false));
    }

    @Override
    public AuditEvent appendUnique(NewEvent event) throws DuplicateEventException {
        StoreRules.checkUniqueKey(event, true);
        return single(submit(new Work(List.of(event), false)));
    }

    @Override
    public PolicyVersion recordPolicy(String hash, String content, String author) {
        Optional<PolicyVersion> current = currentPolicy();
        if (current.isPresent() && current.get().hash().equals(hash)) {
            // a read, no write lock: every CLI gate records its policy, and it is nearly always the one in force
            return current.get();
        }
        try {
            submit(new Work(List.of(StoreRules.policyEvent(hash, content, author)), true));
        } catch (DuplicateEventException e) {
            throw new IllegalStateException("no unique key, yet a duplicate", e);
        }
        return currentPolicy().orElseThrow(() -> new StoreUnavailableException("policy recorded but not readable"));
    }

    private static AuditEvent single(List<AuditEvent> stored) {
        return stored.get(0);
    }

    private List<AuditEvent> submitPlain(List<NewEvent> events) {
        try {
            return submit(new Work(events, false));
        } catch (DuplicateEventException e) {
            throw new IllegalStateException("no unique key, yet a duplicate", e);
        }
    }

    private List<AuditEvent> submit(Work mine) throws DuplicateEventException {
        if (closed) {
            throw new StoreUnavailableException("Audit store unavailable: the SQLite store " + file + " is closed");
        }
        waiting.add(mine);
        boolean interrupted = false;
        // Whoever holds the lock writes everything queued, in groups, until the queue is empty, and looks again after
        // unlocking; so a write queued while the lock was held is always taken by some lock holder, and a waiter
        // wakes up once, when its own group is committed.
        while (!mine.isDone() || !waiting.isEmpty()) {
            if (appendLock.tryLock()) {
                try {
                    for (List<Work> group = drain(); !group.isEmpty(); group = drain()) {
                        try {
                            writeGroup(group);
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
                    mine.done.await(5, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // the write may already be committed: wait for its outcome
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.duplicate != null) {
            throw mine.duplicate;
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return Objects.requireNonNull(mine.stored);
    }

    private List<Work> drain() {
        List<Work> group = new ArrayList<>();
        for (Work next = waiting.poll(); next != null; next = group.size() < MAX_GROUP ? waiting.poll() : null) {
            group.add(next);
        }
        return group;
    }

    private void failUnfinished(List<Work> group) {
        for (Work work : group) {
            if (!work.isDone()) {
                work.stored = null;
                work.failure = new StoreUnavailableException("Audit store unavailable: a write to " + file
                        + " was interrupted by an error in the writing thread");
                work.done.countDown();
            }
        }
    }

    /** One transaction for the group, one savepoint per write. Holds appendLock. */
    private void writeGroup(List<Work> group) {
        if (closed) {
            for (Work work : group) {
                work.failure = new StoreUnavailableException("Audit store unavailable: the SQLite store " + file
                        + " was closed");
            }
            countDown(group);
            return;
        }
        try (Statement control = writer.createStatement()) {
            if (statements == null) {
                statements = new WriteStatements(writer);
            }
            control.execute("BEGIN IMMEDIATE");
            try {
                Head head = readHead();
                for (Work work : group) {
                    control.execute("SAVEPOINT write");
                    try {
                        head = write(work, head);
                        control.execute("RELEASE write");
                    } catch (StalePolicyException | DuplicateEventException | DuplicateIdException e) {
                        control.execute("ROLLBACK TO write");
                        control.execute("RELEASE write");
                        head = readHead();
                        work.stored = null;
                        if (e instanceof DuplicateEventException duplicate) {
                            work.duplicate = duplicate;
                        } else if (e instanceof DuplicateIdException id) {
                            work.failure = new StoreUnavailableException("Audit store unavailable: event id "
                                    + id.eventId + " is stored already in " + file, id);
                        } else {
                            work.failure = (StalePolicyException) e;
                        }
                    }
                }
                control.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(writer);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            RuntimeException failure = e instanceof SQLException sql
                    ? unavailable("append " + describe(group), sql) : (RuntimeException) e;
            for (Work work : group) {
                if (!work.failed()) {
                    work.stored = null;
                    work.failure = failure;
                }
            }
        }
        countDown(group);
    }

    private static void countDown(List<Work> group) {
        for (Work work : group) {
            work.done.countDown();
        }
    }

    private static String describe(List<Work> group) {
        int events = group.stream().mapToInt(work -> work.events.size()).sum();
        return events == 1 ? "a " + group.get(0).events.get(0).type() + " event" : events + " events";
    }

    /** An insert refused because the event id is taken (a caller retried an event id): that write fails alone. */
    private static final class DuplicateIdException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String eventId;

        DuplicateIdException(String eventId, SQLException cause) {
            super("duplicate event id " + eventId, cause);
            this.eventId = eventId;
        }
    }

    /** Links and inserts one write's events with their projections; returns the head after it. */
    private Head write(Work work, Head head) throws SQLException, DuplicateEventException, DuplicateIdException {
        List<NewEvent> events = work.events;
        if (work.policyIfChanged && Objects.equals(events.get(0).policyHash(), head.policyHash())) {
            work.stored = List.of();
            return head;
        }
        StoreRules.checkPolicies(events, head.policyHash());
        List<AuditEvent> linked = new ArrayList<>(events.size());
        long sequence = head.sequence();
        String hash = head.hash();
        Instant time = head.time();
        String policy = head.policyHash();
        for (int i = 0; i < events.size(); i++) {
            AuditEvent stored = AuditEvent.link(events.get(i), ++sequence, StoreRules.nextTime(clock, time), hash);
            insert(stored, work.json.get(i));
            linked.add(stored);
            hash = stored.hash();
            time = stored.time();
            if (stored.type() == AuditEventType.POLICY_CHANGED) {
                policy = stored.policyHash();
            }
        }
        work.stored = List.copyOf(linked);
        return new Head(sequence, hash, time, policy);
    }

    private void insert(AuditEvent event, String[] json) throws SQLException, DuplicateEventException, DuplicateIdException {
        PreparedStatement insert = writeStatements().insertEvent;
        insert.setLong(1, event.sequence());
        insert.setString(2, event.eventId());
        insert.setString(3, event.type().name());
        insert.setLong(4, EventIndex.micros(event.time()));
        insert.setString(5, event.correlationId());
        insert.setString(6, event.actor());
        insert.setString(7, event.actorKind().name());
        insert.setString(8, event.environment());
        insert.setString(9, json[0]);
        insert.setString(10, event.job());
        insert.setString(11, event.run());
        insert.setString(12, event.policyHash());
        insert.setString(13, event.outcome() == null ? null : event.outcome().name());
        insert.setString(14, json[1]);
        insert.setString(15, json[2]);
        insert.setString(16, event.uniqueKey());
        insert.setString(17, event.prevHash());
        insert.setString(18, event.hash());
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("UNIQUE constraint failed: audit_event.unique_key") && event.uniqueKey() != null) {
                throw new DuplicateEventException(event.uniqueKey(), sequenceOfUniqueKey(event.uniqueKey()));
            }
            if (message.contains("UNIQUE constraint failed: audit_event.event_id")) {
                throw new DuplicateIdException(event.eventId(), e);
            }
            throw e;
        }
        project(event);
    }

    /** The projections, by the rules of {@link EventIndex}, applied event by event in chain order. */
    private void project(AuditEvent event) throws SQLException {
        if (EventIndex.isDeploymentSuccess(event.type(), event.payloadValue(PayloadKeys.DEPLOYMENT_OUTCOME))
                && event.environment() != null) {
            for (String digest : event.digests()) {
                PreparedStatement upsert = writeStatements().upsertDeployment;
                upsert.setString(1, digest);
                upsert.setString(2, event.environment());
                upsert.setLong(3, EventIndex.micros(event.time()));
                upsert.setLong(4, event.sequence());
                upsert.executeUpdate();
            }
        }
        String correlationId = event.correlationId();
        if (correlationId != null) {
            if (event.type() == AuditEventType.APPROVAL_REQUESTED) {
                upsert(writeStatements().openApproval, correlationId, event.sequence());
            } else if (EventIndex.closesApproval(event.type(), event.outcome())) {
                delete(writeStatements().closeApproval, correlationId);
            }
            if (EventIndex.opensReview(event.type(), event.outcome())) {
                upsert(writeStatements().openReview, correlationId, event.sequence());
            } else if (event.type() == AuditEventType.REVIEW_CLOSED) {
                delete(writeStatements().closeReview, correlationId);
            }
        }
        String subject = event.payloadValue(PayloadKeys.SUBJECT);
        if (subject != null && event.type() == AuditEventType.QUARANTINE) {
            upsert(writeStatements().quarantine, subject, event.sequence());
        } else if (subject != null && event.type() == AuditEventType.QUARANTINE_LIFTED) {
            delete(writeStatements().liftQuarantine, subject);
        }
        if (event.type() == AuditEventType.POLICY_CHANGED) {
            PolicyVersion version = PolicyVersion.of(event);
            PreparedStatement insert = writeStatements().insertPolicy;
            insert.setLong(1, version.sequence());
            insert.setString(2, version.hash());
            insert.setString(3, version.content());
            insert.setString(4, version.author());
            insert.setLong(5, EventIndex.micros(version.recordedAt()));
            insert.executeUpdate();
        }
    }

    private static void upsert(PreparedStatement statement, String key, long sequence) throws SQLException {
        statement.setString(1, key);
        statement.setLong(2, sequence);
        statement.executeUpdate();
    }

    private static void delete(PreparedStatement statement, String key) throws SQLException {
        statement.setString(1, key);
        statement.executeUpdate();
    }

    /** The head inside the write transaction (the write lock is held, so nobody else moves it). */
    private Head readHead() throws SQLException {
        String policy = null;
        try (ResultSet result = writeStatements().policyHead.executeQuery()) {
            if (result.next()) {
                policy = result.getString(1);
            }
        }
        try (ResultSet result = writeStatements().head.executeQuery()) {
            if (!result.next()) {
                return new Head(0, AuditEvent.GENESIS_HASH, Instant.EPOCH, policy);
            }
            return new Head(result.getLong(1), result.getString(2), instant(result.getLong(3)), policy);
        }
    }

    /** The write statements; only called inside a write, after writeGroup prepared them. */
    private WriteStatements writeStatements() {
        return Objects.requireNonNull(statements, "write statements are prepared before the first write");
    }

    private long sequenceOfUniqueKey(String key) throws SQLException {
        PreparedStatement select = writeStatements().uniqueKey;
        select.setString(1, key);
        try (ResultSet result = select.executeQuery()) {
            return result.next() ? result.getLong(1) : -1;
        }
    }

    /** The write connection's statements, prepared once. */
    private static final class WriteStatements {
        private final List<PreparedStatement> all = new ArrayList<>();
        private final PreparedStatement insertEvent;
        private final PreparedStatement upsertDeployment;
        private final PreparedStatement openApproval;
        private final PreparedStatement closeApproval;
        private final PreparedStatement openReview;
        private final PreparedStatement closeReview;
        private final PreparedStatement quarantine;
        private final PreparedStatement liftQuarantine;
        private final PreparedStatement insertPolicy;
        private final PreparedStatement head;
        private final PreparedStatement policyHead;
        private final PreparedStatement uniqueKey;

        WriteStatements(Connection connection) throws SQLException {
            insertEvent = prepare(connection, "INSERT INTO audit_event (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            // times never decrease along the chain, so max() is only a guard against an edited row
            upsertDeployment = prepare(connection, "INSERT INTO deployment_success (digest, environment, last_success,"
                    + " sequence) VALUES (?, ?, ?, ?) ON CONFLICT (digest, environment) DO UPDATE SET last_success ="
                    + " max(last_success, excluded.last_success), sequence = excluded.sequence");
            openApproval = prepare(connection, "INSERT INTO approval_open (correlation_id, requested_sequence)"
                    + " VALUES (?, ?) ON CONFLICT (correlation_id) DO UPDATE SET requested_sequence ="
                    + " excluded.requested_sequence");
            closeApproval = prepare(connection, "DELETE FROM approval_open WHERE correlation_id = ?");
            openReview = prepare(connection, "INSERT INTO review_open (correlation_id, break_glass_sequence)"
                    + " VALUES (?, ?) ON CONFLICT (correlation_id) DO UPDATE SET break_glass_sequence ="
                    + " excluded.break_glass_sequence");
            closeReview = prepare(connection, "DELETE FROM review_open WHERE correlation_id = ?");
            quarantine = prepare(connection, "INSERT INTO quarantine_active (identity, sequence) VALUES (?, ?)"
                    + " ON CONFLICT (identity) DO UPDATE SET sequence = excluded.sequence");
            liftQuarantine = prepare(connection, "DELETE FROM quarantine_active WHERE identity = ?");
            insertPolicy = prepare(connection, "INSERT INTO policy_version (sequence, hash, content, author,"
                    + " recorded_at) VALUES (?, ?, ?, ?, ?)");
            head = prepare(connection, "SELECT sequence, hash, event_time FROM audit_event ORDER BY sequence DESC"
                    + " LIMIT 1");
            policyHead = prepare(connection, "SELECT hash FROM policy_version ORDER BY sequence DESC LIMIT 1");
            uniqueKey = prepare(connection, "SELECT sequence FROM audit_event WHERE unique_key = ?");
        }

        private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            all.add(statement);
            return statement;
        }

        void close() {
            for (PreparedStatement statement : all) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // closing the connection next releases it anyway
                }
            }
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
                result -> instant(result.getLong(1)), digest.toString(), environment);
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
                result -> result.getLong(1), actor, type.name(), EventIndex.micros(since)).orElse(0L);
    }

    @Override
    public long countDecisionsSince(String actor, Outcome outcome, Instant since) {
        return queryOne(outcome + " decisions of " + actor, "SELECT count(*) FROM audit_event WHERE actor = ?"
                + " AND type = 'DECISION' AND event_time >= ? AND outcome = ?",
                result -> result.getLong(1), actor, EventIndex.micros(since), outcome.name()).orElse(0L);
    }

    @Override
    public List<String> pendingApprovalCorrelationIds() {
        return query("list pending approvals",
                "SELECT correlation_id FROM approval_open ORDER BY requested_sequence DESC", result -> result.getString(1));
    }

    @Override
    public List<String> openBreakGlassReviews() {
        return query("list open break-glass reviews",
                "SELECT correlation_id FROM review_open ORDER BY break_glass_sequence DESC",
                result -> result.getString(1));
    }

    @Override
    public Optional<AuditEvent> activeQuarantine(String identity) {
        return queryEvents("read the quarantine of " + identity, "SELECT " + COLUMNS
                + " FROM audit_event WHERE sequence = (SELECT sequence FROM quarantine_active WHERE identity = ?)",
                identity).stream().findFirst();
    }

    @Override
    public Optional<PolicyVersion> currentPolicy() {
        return queryOne("read the policy in force",
                "SELECT hash, content, author, recorded_at, sequence FROM policy_version ORDER BY sequence DESC LIMIT 1",
                result -> new PolicyVersion(result.getString(1), result.getString(2), result.getString(3),
                        instant(result.getLong(4)), result.getLong(5)));
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet result) throws SQLException;
    }

    /**
     * One statement on a read connection: in autocommit, so it reads one committed snapshot and never waits for a
     * writer (WAL).
     */
    private <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... parameters) {
        if (closed) {
            throw new StoreUnavailableException("Audit store unavailable: the SQLite store " + file + " is closed");
        }
        Connection connection = null;
        boolean healthy = false;
        try {
            connection = borrowReader();
            List<T> rows = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add(mapper.map(result));
                    }
                }
            }
            healthy = true;
            return rows;
        } catch (SQLException e) {
            throw unavailable(what, e);
        } finally {
            returnReader(connection, healthy);
        }
    }

    private <T> Optional<T> queryOne(String what, String sql, RowMapper<T> mapper, Object... parameters) {
        return query(what, sql, mapper, parameters).stream().findFirst();
    }

    private List<AuditEvent> queryEvents(String what, String sql, Object... parameters) {
        return query(what, sql, SqliteAuditStore::event, parameters);
    }

    private Connection borrowReader() throws SQLException {
        Connection idle = idleReaders.pollFirst();
        if (idle != null) {
            return idle;
        }
        Connection connection = connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only = 1");
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    private void returnReader(@CheckForNull Connection connection, boolean healthy) {
        if (connection == null) {
            return;
        }
        if (healthy && !closed && idleReaders.size() < MAX_IDLE_READERS) {
            idleReaders.addFirst(connection);
            if (closed && idleReaders.remove(connection)) {
                closeQuietly(connection); // close() ran meanwhile and may have missed it
            }
        } else {
            closeQuietly(connection);
        }
    }

    private static AuditEvent event(ResultSet row) throws SQLException {
        long sequence = row.getLong("sequence");
        try {
            List<AuditReason> reasons = new ArrayList<>();
            for (Map<String, String> reason : JSON.readValue(row.getString("reasons"), REASONS)) {
                reasons.add(new AuditReason(ReasonCode.valueOf(reason.get("code")), reason.get("gate"),
                        reason.get("message")));
            }
            String outcome = row.getString("outcome");
            return new AuditEvent(sequence, row.getString("event_id"), AuditEventType.valueOf(row.getString("type")),
                    instant(row.getLong("event_time")), row.getString("correlation_id"), row.getString("actor"),
                    ActorKind.valueOf(row.getString("actor_kind")), row.getString("environment"),
                    JSON.readValue(row.getString("digests"), DIGESTS), row.getString("job"), row.getString("run"),
                    row.getString("policy_hash"), outcome == null ? null : Outcome.valueOf(outcome), reasons,
                    JSON.readValue(row.getString("payload"), PAYLOAD), row.getString("unique_key"),
                    row.getString("prev_hash"), row.getString("hash"));
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new StoreUnavailableException("Audit event " + sequence + " in the SQLite store is malformed"
                    + " (edited?): " + e.getMessage(), e);
        }
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
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

    /** SQLITE_BUSY or SQLITE_LOCKED, with any extended code: another connection holds the lock. */
    static boolean isBusy(SQLException e) {
        return e instanceof SQLiteException sqlite && ((sqlite.getResultCode().code & 0xff) == SQLITE_BUSY
                || (sqlite.getResultCode().code & 0xff) == SQLITE_LOCKED);
    }

    private StoreUnavailableException unavailable(String operation, SQLException e) {
        if (isBusy(e)) {
            return new StoreBusyException("Audit store busy: another process held the SQLite store " + file
                    + " for longer than the busy timeout of " + busyTimeout.toMillis() + " ms; could not " + operation
                    + ", nothing was written; retry", e);
        }
        return new StoreUnavailableException("Audit store unavailable: cannot " + operation + " in the SQLite store "
                + file + ": " + e.getMessage(), e);
    }

    private static void rollbackQuietly(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction left to roll back (SQLite rolled it back itself on a full disk or I/O error)
        }
    }

    private static void closeQuietly(@CheckForNull Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing more to release
        }
    }

    @Override
    public void close() {
        closed = true;
        appendLock.lock();
        try {
            // writes queued after the last lock holder left are failed by the next writeGroup; none can be left
            List<Work> rest = drain();
            for (Work work : rest) {
                work.failure = new StoreUnavailableException("Audit store unavailable: the SQLite store " + file
                        + " was closed");
            }
            countDown(rest);
            if (statements != null) {
                statements.close();
            }
            closeQuietly(writer);
        } finally {
            appendLock.unlock();
        }
        for (Connection idle = idleReaders.pollFirst(); idle != null; idle = idleReaders.pollFirst()) {
            closeQuietly(idle);
        }
    }
}
