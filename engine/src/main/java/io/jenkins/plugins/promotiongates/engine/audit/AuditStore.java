package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.ledger.PromotionHistory;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The ledger and audit trail: one append-only, hash-chained event log, and the queries the gates need. Every method
 * throws {@link StoreUnavailableException} when the store cannot answer or cannot make a write durable; callers
 * turn that into a denial, never into an allow.
 *
 * <p>Implementations: {@link FileAuditStore} (embedded default), {@link SqliteAuditStore} (embedded, one database file
 * shared by many processes) and {@link PostgresAuditStore} (shared by a fleet of controllers). All pass the same
 * contract tests ({@code AbstractAuditStoreTest}).
 */
public interface AuditStore extends PromotionHistory, AutoCloseable {
    /**
     * Appends an event and returns it as stored (sequence, time, previous hash, hash) once it is durable: after a
     * crash it is still there. Events with a unique key must go through {@link #appendUnique}.
     *
     * @throws IllegalArgumentException if the event has a unique key
     * @throws StalePolicyException     if a DECISION names a policy hash other than the one in force
     */
    AuditEvent append(NewEvent event);

    /**
     * Appends events as one atomic, durable batch: all of them, in the given order and chained one after the other
     * with no other event in between, or none. Returns them as stored once the whole batch is durable, which costs
     * one fsync (file store) or one transaction (PostgreSQL) instead of one per event: a gate records its request
     * and decision this way. The checks of {@link #append} apply to every event, and if any event is refused (unique
     * key, stale policy, too large) nothing of the batch is appended. An empty list appends nothing.
     *
     * <p>A crash during the write itself can leave a prefix of a batch that was never acknowledged, as a crash
     * between two separate appends would; a batch that returned is durable as a whole.
     *
     * @throws IllegalArgumentException if an event has a unique key; nothing is appended
     * @throws StalePolicyException     if a DECISION names a policy hash other than the one in force; nothing is
     *                                  appended
     */
    List<AuditEvent> appendAll(List<NewEvent> events);

    /**
     * Appends events as one atomic, durable batch like {@link #appendAll}, where events may carry unique keys: the
     * whole write of one user action (a vote with the approval's completion, consumption and final decision) either
     * claims every key it names or appends nothing. Atomic with respect to every writer of the store, including other
     * controllers on a shared database. An empty list appends nothing.
     *
     * @throws DuplicateEventException if a key of the batch is taken already, or named twice in the batch; nothing
     *                                 is appended
     * @throws StalePolicyException    if a DECISION names a policy hash other than the one in force; nothing is
     *                                 appended
     */
    List<AuditEvent> appendAllUnique(List<NewEvent> events) throws DuplicateEventException;

    /**
     * Appends an event that must be the only one with its (non-null) unique key, atomically with respect to every
     * writer of the store, including other controllers on a shared database.
     *
     * @throws DuplicateEventException if an event with this unique key exists; nothing is appended
     */
    AuditEvent appendUnique(NewEvent event) throws DuplicateEventException;

    /** Every event of one promotion, in sequence order. */
    List<AuditEvent> byCorrelationId(String correlationId);

    /**
     * When the digest was last deployed successfully to the environment: the latest DEPLOYMENT event carrying the
     * digest and {@link PayloadKeys#DEPLOYMENT_OUTCOME} {@code SUCCESS}.
     */
    @Override
    Optional<Instant> lastSuccessfulDeployment(Digest digest, String environment);

    /** Up to {@code limit} events with a sequence greater than {@code afterSequence}, in order (paging for export). */
    List<AuditEvent> since(long afterSequence, int limit);

    /** Streams every event after {@code afterSequence} in order, a page at a time (verification, export, replay). */
    default void scan(long afterSequence, Consumer<? super AuditEvent> consumer) {
        long next = afterSequence;
        while (true) {
            List<AuditEvent> page = since(next, 1000);
            if (page.isEmpty()) {
                return;
            }
            page.forEach(consumer);
            next = page.get(page.size() - 1).sequence();
        }
    }

    /** The sequence of the last event, 0 for an empty store. */
    long lastSequence();

    /** How many events of this type the actor caused at or after {@code since} (e.g. promotion requests in a burst). */
    long countByActorAndTypeSince(String actor, AuditEventType type, Instant since);

    /**
     * How many DECISION events with this outcome were recorded for the actor (the requester, see
     * {@link AuditEvents#decision}) at or after {@code since}: "denials for identity X in the last N minutes".
     */
    long countDecisionsSince(String actor, Outcome outcome, Instant since);

    /**
     * Correlation ids of approval requests that are still open, newest request first. A request is open from its
     * APPROVAL_REQUESTED event until a later APPROVAL_COMPLETED, APPROVAL_REJECTED, APPROVAL_TIMED_OUT or
     * APPROVAL_WITHDRAWN event, or a later DECISION whose outcome is ALLOW or DENY, with the same correlation id.
     * Individual APPROVAL_GRANTED votes do not close it.
     */
    List<String> pendingApprovalCorrelationIds();

    /** Correlation ids with a BREAK_GLASS event that unblocked a promotion (outcome not DENY) and no later REVIEW_CLOSED event, newest first. */
    List<String> openBreakGlassReviews();

    /**
     * The QUARANTINE event in force for an identity ({@link PayloadKeys#SUBJECT}): the latest QUARANTINE with no
     * later QUARANTINE_LIFTED for the same subject.
     */
    Optional<AuditEvent> activeQuarantine(String identity);

    /**
     * Records a policy version as the one in force (a POLICY_CHANGED event carrying the content), unless it already
     * is; returns the version in force afterwards.
     */
    PolicyVersion recordPolicy(String hash, String content, String author);

    /** The latest recorded policy version, shared by every controller using this store. */
    Optional<PolicyVersion> currentPolicy();

    /** Releases files, locks and connections; appends in flight complete or fail first. */
    @Override
    void close();
}
