package io.jenkins.plugins.promotiongates.engine.audit;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory projections of the event log that answer the store queries, rebuilt by replaying the log. It holds
 * sequences and small values, never whole events; the owning store reads events back by sequence. Not thread-safe:
 * the owner guards it with a read-write lock and applies events only once they are durable.
 */
final class EventIndex {
    private final Map<String, LongList> byCorrelation = new HashMap<>();
    private final Map<String, Instant> lastSuccess = new HashMap<>();
    private final Map<String, Long> uniqueKeys = new HashMap<>();
    /** Key actor + NUL + type: micros since the epoch, non-decreasing because stores never let time go backwards. */
    private final Map<String, LongList> actorTypeTimes = new HashMap<>();
    private final Map<String, Long> openApprovals = new HashMap<>();
    private final Map<String, Long> openReviews = new HashMap<>();
    private final Map<String, Long> quarantines = new HashMap<>();
    @CheckForNull
    private PolicyVersion policy;
    private long lastSequence;
    private Instant lastTime = Instant.EPOCH;

    /**
     * The fields of an event that the projections read. Replaying a file store decodes only these (the chain hash
     * already proved the record intact), which keeps reopening a large store fast.
     */
    record Entry(long sequence, Instant time, AuditEventType type, @CheckForNull String correlationId, String actor,
            @CheckForNull String environment, List<String> digests, @CheckForNull Outcome outcome,
            @CheckForNull String uniqueKey, @CheckForNull String deploymentOutcome, @CheckForNull String subject,
            @CheckForNull PolicyVersion policy) {
        static Entry of(AuditEvent event) {
            return of(event.sequence(), event.time(), event.type(), event.correlationId(), event.actor(),
                    event.environment(), event.digests(), event.outcome(), event.uniqueKey(), event.payload(),
                    event.type() == AuditEventType.POLICY_CHANGED ? PolicyVersion.of(event) : null);
        }

        /** The projection of an event being appended, before an {@link AuditEvent} is built from it. */
        static Entry of(NewEvent event, long sequence, Instant time) {
            return of(sequence, time, event.type(), event.correlationId(), event.actor(), event.environment(),
                    event.digests(), event.outcome(), event.uniqueKey(), event.payload(),
                    event.type() == AuditEventType.POLICY_CHANGED ? PolicyVersion.of(event, sequence, time) : null);
        }

        private static Entry of(long sequence, Instant time, AuditEventType type, @CheckForNull String correlationId,
                String actor, @CheckForNull String environment, List<String> digests, @CheckForNull Outcome outcome,
                @CheckForNull String uniqueKey, Map<String, String> payload, @CheckForNull PolicyVersion policy) {
            return new Entry(sequence, time, type, correlationId, actor, environment,
                    type == AuditEventType.DEPLOYMENT ? digests : List.of(), outcome, uniqueKey,
                    type == AuditEventType.DEPLOYMENT ? payload.get(PayloadKeys.DEPLOYMENT_OUTCOME) : null,
                    type == AuditEventType.QUARANTINE || type == AuditEventType.QUARANTINE_LIFTED
                            ? payload.get(PayloadKeys.SUBJECT) : null,
                    policy);
        }
    }

    void apply(AuditEvent event) {
        apply(Entry.of(event));
    }

    void apply(Entry event) {
        lastSequence = event.sequence();
        lastTime = event.time();
        String correlationId = event.correlationId();
        if (correlationId != null) {
            byCorrelation.computeIfAbsent(correlationId, id -> new LongList()).add(event.sequence());
        }
        if (event.uniqueKey() != null) {
            uniqueKeys.put(event.uniqueKey(), event.sequence());
        }
        actorTypeTimes.computeIfAbsent(actorTypeKey(event.actor(), event.type()), key -> new LongList())
                .add(micros(event.time()));
        if (event.type() == AuditEventType.DECISION && event.outcome() != null) {
            actorTypeTimes.computeIfAbsent(decisionKey(event.actor(), event.outcome()), key -> new LongList())
                    .add(micros(event.time()));
        }
        if (isDeploymentSuccess(event.type(), event.deploymentOutcome()) && event.environment() != null) {
            for (String digest : event.digests()) {
                lastSuccess.merge(digestKey(digest, event.environment()), event.time(),
                        (old, now) -> now.isAfter(old) ? now : old);
            }
        }
        if (correlationId != null) {
            if (event.type() == AuditEventType.APPROVAL_REQUESTED) {
                openApprovals.put(correlationId, event.sequence());
            } else if (closesApproval(event.type(), event.outcome())) {
                openApprovals.remove(correlationId);
            }
            if (EventIndex.opensReview(event.type(), event.outcome())) {
                openReviews.put(correlationId, event.sequence());
            } else if (event.type() == AuditEventType.REVIEW_CLOSED) {
                openReviews.remove(correlationId);
            }
        }
        String subject = event.subject();
        if (subject != null) {
            if (event.type() == AuditEventType.QUARANTINE) {
                quarantines.put(subject, event.sequence());
            } else if (event.type() == AuditEventType.QUARANTINE_LIFTED) {
                quarantines.remove(subject);
            }
        }
        if (event.policy() != null) {
            policy = event.policy();
        }
    }

    /**
     * The shared rule of every store: a break-glass that unblocked a promotion opens a post-incident review; a refused
     * attempt (outcome DENY) is recorded as evidence but has nothing to review.
     */
    static boolean opensReview(AuditEventType type, @CheckForNull Outcome outcome) {
        return type == AuditEventType.BREAK_GLASS && outcome != Outcome.DENY;
    }

    /** The shared rule of every store: which events close an open approval request. */
    static boolean closesApproval(AuditEventType type, @CheckForNull Outcome outcome) {
        return switch (type) {
            case APPROVAL_COMPLETED, APPROVAL_TIMED_OUT, APPROVAL_WITHDRAWN -> true;
            // A refused rejection (no comment, self-rejection, wrong digests) is recorded with outcome DENY as
            // evidence; it leaves the approval open, so it must not hide it from the pending list.
            case APPROVAL_REJECTED -> outcome != Outcome.DENY;
            case DECISION -> outcome == Outcome.ALLOW || outcome == Outcome.DENY;
            default -> false;
        };
    }

    /** The shared rule of every store: which events count as a successful deployment. */
    static boolean isDeploymentSuccess(AuditEventType type, @CheckForNull String deploymentOutcome) {
        return type == AuditEventType.DEPLOYMENT && "SUCCESS".equals(deploymentOutcome);
    }

    static long micros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
    }

    private static String actorTypeKey(String actor, AuditEventType type) {
        return actor + '\0' + type.name();
    }

    private static String decisionKey(String actor, Outcome outcome) {
        return actor + '\0' + AuditEventType.DECISION.name() + '\0' + outcome.name();
    }

    private static String digestKey(String digest, String environment) {
        return digest + '\0' + environment;
    }

    long[] sequencesOf(String correlationId) {
        LongList list = byCorrelation.get(correlationId);
        return list == null ? new long[0] : list.toArray();
    }

    Optional<Instant> lastSuccessfulDeployment(Digest digest, String environment) {
        return Optional.ofNullable(lastSuccess.get(digestKey(digest.toString(), environment)));
    }

    @CheckForNull
    Long sequenceOfUniqueKey(String key) {
        return uniqueKeys.get(key);
    }

    long countByActorAndTypeSince(String actor, AuditEventType type, Instant since) {
        return countSince(actorTypeTimes.get(actorTypeKey(actor, type)), since);
    }

    long countDecisionsSince(String actor, Outcome outcome, Instant since) {
        return countSince(actorTypeTimes.get(decisionKey(actor, outcome)), since);
    }

    private static long countSince(@CheckForNull LongList times, Instant since) {
        if (times == null) {
            return 0;
        }
        return (long) times.size() - times.firstIndexAtLeast(micros(since));
    }

    List<String> pendingApprovals() {
        return newestFirst(openApprovals);
    }

    List<String> openReviews() {
        return newestFirst(openReviews);
    }

    @CheckForNull
    Long activeQuarantine(String identity) {
        return quarantines.get(identity);
    }

    private static List<String> newestFirst(Map<String, Long> open) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(open.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    Optional<PolicyVersion> policy() {
        return Optional.ofNullable(policy);
    }

    long lastSequence() {
        return lastSequence;
    }

    Instant lastTime() {
        return lastTime;
    }

    /** A growable list of primitive longs (sequences, times): no boxing for a million entries. */
    static final class LongList {
        private long[] values = new long[4];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long get(int index) {
            return values[index];
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }

        /** Index of the first value at least {@code minimum}, for non-decreasing contents. */
        int firstIndexAtLeast(long minimum) {
            int low = 0;
            int high = size;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (values[middle] < minimum) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            return low;
        }
    }
}
