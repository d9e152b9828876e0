package io.jenkins.plugins.promotiongates.engine.audit;

import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A store that keeps everything in memory, for tests of the code that uses the audit trail. It follows the same
 * contract as the durable stores (hash chain, unique keys, policy checks) but forgets everything on restart.
 */
public final class InMemoryAuditStore implements AuditStore {
    private final Clock clock;
    private final List<AuditEvent> events = new ArrayList<>();
    private final EventIndex index = new EventIndex();

    public InMemoryAuditStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized AuditEvent append(NewEvent event) {
        StoreRules.checkUniqueKey(event, false);
        return link(event);
    }

    @Override
    public synchronized List<AuditEvent> appendAll(List<NewEvent> events) {
        StoreRules.checkBatch(events);
        StoreRules.checkPolicies(events, index.policy().map(PolicyVersion::hash).orElse(null));
        List<AuditEvent> stored = new ArrayList<>(events.size());
        for (NewEvent event : events) {
            stored.add(link(event));
        }
        return List.copyOf(stored);
    }

    @Override
    public synchronized List<AuditEvent> appendAllUnique(List<NewEvent> events) throws DuplicateEventException {
        for (String key : StoreRules.uniqueKeysOf(events)) {
            Long existing = index.sequenceOfUniqueKey(key);
            if (existing != null) {
                throw new DuplicateEventException(key, existing);
            }
        }
        StoreRules.checkPolicies(events, index.policy().map(PolicyVersion::hash).orElse(null));
        List<AuditEvent> stored = new ArrayList<>(events.size());
        for (NewEvent event : events) {
            stored.add(link(event));
        }
        return List.copyOf(stored);
    }

    @Override
    public synchronized AuditEvent appendUnique(NewEvent event) throws DuplicateEventException {
        StoreRules.checkUniqueKey(event, true);
        Long existing = index.sequenceOfUniqueKey(event.uniqueKey());
        if (existing != null) {
            throw new DuplicateEventException(event.uniqueKey(), existing);
        }
        return link(event);
    }

    private AuditEvent link(NewEvent event) {
        StoreRules.checkPolicy(event, index.policy().map(PolicyVersion::hash).orElse(null));
        AuditEvent stored = AuditEvent.link(event, index.lastSequence() + 1,
                StoreRules.nextTime(clock, index.lastTime()),
                events.isEmpty() ? AuditEvent.GENESIS_HASH : events.get(events.size() - 1).hash());
        events.add(stored);
        index.apply(stored);
        return stored;
    }

    @Override
    public synchronized List<AuditEvent> byCorrelationId(String correlationId) {
        List<AuditEvent> result = new ArrayList<>();
        for (long sequence : index.sequencesOf(correlationId)) {
            result.add(events.get((int) (sequence - 1)));
        }
        return result;
    }

    @Override
    public synchronized Optional<Instant> lastSuccessfulDeployment(Digest digest, String environment) {
        return index.lastSuccessfulDeployment(digest, environment);
    }

    @Override
    public synchronized List<AuditEvent> since(long afterSequence, int limit) {
        int from = (int) Math.min(Math.max(afterSequence, 0), events.size());
        return List.copyOf(events.subList(from, Math.min(events.size(), from + limit)));
    }

    @Override
    public synchronized long lastSequence() {
        return index.lastSequence();
    }

    @Override
    public synchronized long countByActorAndTypeSince(String actor, AuditEventType type, Instant since) {
        return index.countByActorAndTypeSince(actor, type, since);
    }

    @Override
    public synchronized long countDecisionsSince(String actor, Outcome outcome, Instant since) {
        return index.countDecisionsSince(actor, outcome, since);
    }

    @Override
    public synchronized List<String> pendingApprovalCorrelationIds() {
        return index.pendingApprovals();
    }

    @Override
    public synchronized List<String> openBreakGlassReviews() {
        return index.openReviews();
    }

    @Override
    public synchronized Optional<AuditEvent> activeQuarantine(String identity) {
        Long sequence = index.activeQuarantine(identity);
        return sequence == null ? Optional.empty() : Optional.of(events.get((int) (sequence - 1)));
    }

    @Override
    public synchronized PolicyVersion recordPolicy(String hash, String content, String author) {
        Optional<PolicyVersion> current = index.policy();
        if (current.isPresent() && current.get().hash().equals(hash)) {
            return current.get();
        }
        link(StoreRules.policyEvent(hash, content, author));
        return index.policy().orElseThrow();
    }

    @Override
    public synchronized Optional<PolicyVersion> currentPolicy() {
        return index.policy();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
