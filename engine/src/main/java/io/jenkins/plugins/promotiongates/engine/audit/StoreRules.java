package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The rules every store applies under its lock or transaction, so that all stores behave alike. */
final class StoreRules {
    static final String SYSTEM_ACTOR = "system";

    private StoreRules() {
    }

    /**
     * The time of the next event: the clock in microseconds (what PostgreSQL stores), never before the previous
     * event, so that time-window queries can rely on chain order even if the clock steps back.
     */
    static Instant nextTime(Clock clock, Instant previous) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return now.isBefore(previous) ? previous : now;
    }

    static void checkUniqueKey(NewEvent event, boolean unique) {
        if (unique && event.uniqueKey() == null) {
            throw new IllegalArgumentException("appendUnique needs an event with a unique key");
        }
        if (!unique && event.uniqueKey() != null) {
            throw new IllegalArgumentException("an event with unique key '" + event.uniqueKey()
                    + "' must be appended with appendUnique");
        }
    }

    /** A batch may hold only events that {@code append} accepts: no unique keys. */
    static void checkBatch(java.util.List<NewEvent> events) {
        for (NewEvent event : events) {
            checkUniqueKey(event, false);
        }
    }

    /**
     * The unique keys a batch claims, in order; a key named twice refuses the batch (the duplicate is reported at
     * sequence -1: it is not stored anywhere).
     */
    static java.util.List<String> uniqueKeysOf(java.util.List<NewEvent> events) throws DuplicateEventException {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        for (NewEvent event : events) {
            if (event.uniqueKey() != null && !keys.add(event.uniqueKey())) {
                throw new DuplicateEventException(event.uniqueKey(), -1);
            }
        }
        return java.util.List.copyOf(keys);
    }

    /** A decision is only recorded under the policy in force: a controller never decides on another version. */
    static void checkPolicy(NewEvent event, @CheckForNull String currentPolicyHash) {
        if (event.type() == AuditEventType.DECISION && event.policyHash() != null && currentPolicyHash != null
                && !currentPolicyHash.equals(event.policyHash())) {
            throw new StalePolicyException(currentPolicyHash, event.policyHash());
        }
    }

    /**
     * Checks every event of a batch against the policy in force before any is linked, following policy changes inside
     * the batch, so that a stale decision refuses the whole batch.
     */
    static void checkPolicies(java.util.List<NewEvent> events, @CheckForNull String currentPolicyHash) {
        String policy = currentPolicyHash;
        for (NewEvent event : events) {
            checkPolicy(event, policy);
            if (event.type() == AuditEventType.POLICY_CHANGED) {
                policy = event.policyHash();
            }
        }
    }

    static NewEvent policyEvent(String hash, String content, String author) {
        return NewEvent.builder(AuditEventType.POLICY_CHANGED, author, ActorKind.HUMAN)
                .policyHash(hash)
                .put(PayloadKeys.POLICY_CONTENT, content)
                .build();
    }
}
