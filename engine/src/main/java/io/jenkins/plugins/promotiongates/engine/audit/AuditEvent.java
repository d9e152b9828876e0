package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One appended, immutable audit event: a link of the hash chain. docs/audit.md documents every field.
 *
 * @param sequence      position in the chain, 1, 2, 3… without gaps; assigned by the store
 * @param eventId       random UUID chosen by the writer
 * @param type          what happened
 * @param time          when the store appended it (its injected clock, microseconds, never before the previous event)
 * @param correlationId joins every event of one promotion; absent only for policy, anomaly and quarantine events
 * @param actor         user or agent id who acted ({@code system} for the gate itself)
 * @param actorKind     human, agent or system
 * @param environment   target environment, if the event concerns one
 * @param digests       artifact digests ({@code sha256:…}) the event concerns
 * @param job           full job name of the asking run, if any
 * @param run           run id within the job, if any
 * @param policyHash    SHA-256 (hex) of the policy in force, if the event depends on policy
 * @param outcome       the gate outcome for DECISION events
 * @param reasons       the reasons recorded (decision failures, rejection, timeout, …)
 * @param payload       further facts under {@link PayloadKeys}, sorted by key
 * @param uniqueKey     set for events that may exist only once per key (see {@link UniqueKeys})
 * @param prevHash      the previous event's hash (64 zeros for the first event), lower-case hex
 * @param hash          SHA-256 over {@link CanonicalEncoding} of all other fields, lower-case hex
 */
public record AuditEvent(long sequence, String eventId, AuditEventType type, Instant time,
        @CheckForNull String correlationId, String actor, ActorKind actorKind, @CheckForNull String environment,
        List<String> digests, @CheckForNull String job, @CheckForNull String run, @CheckForNull String policyHash,
        @CheckForNull Outcome outcome, List<AuditReason> reasons, Map<String, String> payload,
        @CheckForNull String uniqueKey, String prevHash, String hash) {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    /** The previous hash of the first event. */
    public static final String GENESIS_HASH = "0".repeat(64);

    public AuditEvent {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, got " + sequence);
        }
        Objects.requireNonNull(time, "time");
        NewEvent validated = new NewEvent(eventId, type, correlationId, actor, actorKind, environment, digests, job,
                run, policyHash, outcome, reasons, payload, uniqueKey);
        digests = validated.digests();
        reasons = validated.reasons();
        payload = validated.payload();
        requireHash("prevHash", prevHash);
        requireHash("hash", hash);
    }

    private static void requireHash(String what, String value) {
        if (!HASH.matcher(Objects.requireNonNull(value, what)).matches()) {
            throw new IllegalArgumentException(what + " must be 64 lower-case hex characters, got '" + value + "'");
        }
    }

    /** Links a new event into the chain: the store's part of an append. */
    static AuditEvent link(NewEvent event, long sequence, Instant time, String prevHash) {
        AuditEvent unhashed = linked(event, sequence, time, prevHash, GENESIS_HASH);
        return unhashed.withHash(CanonicalEncoding.hashHex(unhashed));
    }

    /** The stored form of a new event whose chain fields and hash a store has already computed. */
    static AuditEvent linked(NewEvent event, long sequence, Instant time, String prevHash, String hash) {
        return new AuditEvent(sequence, event.eventId(), event.type(), time, event.correlationId(), event.actor(),
                event.actorKind(), event.environment(), event.digests(), event.job(), event.run(), event.policyHash(),
                event.outcome(), event.reasons(), event.payload(), event.uniqueKey(), prevHash, hash);
    }

    AuditEvent withHash(String newHash) {
        return new AuditEvent(sequence, eventId, type, time, correlationId, actor, actorKind, environment, digests,
                job, run, policyHash, outcome, reasons, payload, uniqueKey, prevHash, newHash);
    }

    /** A payload value, if present. */
    @CheckForNull
    public String payloadValue(String key) {
        return payload.get(key);
    }
}
