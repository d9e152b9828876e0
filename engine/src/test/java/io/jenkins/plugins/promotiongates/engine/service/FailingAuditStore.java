package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PolicyVersion;
import io.jenkins.plugins.promotiongates.engine.model.Digest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Wraps a real store and makes appends fail on demand (store down, full disk), so the tests see what the service
 * does when nothing can be recorded. Reads still go to the real store, which must stay verifiable.
 */
final class FailingAuditStore implements AuditStore {
    private final AuditStore delegate;
    private volatile Predicate<NewEvent> failWhen = event -> false;
    private volatile Supplier<RuntimeException> failure = () -> new IllegalStateException("not failing");
    private volatile Supplier<RuntimeException> quarantineLookup;

    FailingAuditStore(AuditStore delegate) {
        this.delegate = delegate;
    }

    /** From now on, appends of matching events throw the given exception. */
    void failAppends(Predicate<NewEvent> which, Supplier<RuntimeException> exception) {
        this.failWhen = which;
        this.failure = exception;
    }

    void failAppendsOf(AuditEventType type, Supplier<RuntimeException> exception) {
        failAppends(event -> event.type() == type, exception);
    }

    /** From now on, looking up an identity's quarantine throws (a read failing in the middle of a decision). */
    void failQuarantineLookups(Supplier<RuntimeException> exception) {
        this.quarantineLookup = exception;
    }

    void heal() {
        failWhen = event -> false;
        quarantineLookup = null;
    }

    private void maybeFail(NewEvent event) {
        if (failWhen.test(event)) {
            throw failure.get();
        }
    }

    @Override
    public AuditEvent append(NewEvent event) {
        maybeFail(event);
        return delegate.append(event);
    }

    @Override
    public List<AuditEvent> appendAll(List<NewEvent> events) {
        events.forEach(this::maybeFail);
        return delegate.appendAll(events);
    }

    @Override
    public List<AuditEvent> appendAllUnique(List<NewEvent> events) throws DuplicateEventException {
        events.forEach(this::maybeFail);
        return delegate.appendAllUnique(events);
    }

    @Override
    public AuditEvent appendUnique(NewEvent event) throws DuplicateEventException {
        maybeFail(event);
        return delegate.appendUnique(event);
    }

    @Override
    public List<AuditEvent> byCorrelationId(String correlationId) {
        return delegate.byCorrelationId(correlationId);
    }

    @Override
    public Optional<Instant> lastSuccessfulDeployment(Digest digest, String environment) {
        return delegate.lastSuccessfulDeployment(digest, environment);
    }

    @Override
    public List<AuditEvent> since(long afterSequence, int limit) {
        return delegate.since(afterSequence, limit);
    }

    @Override
    public long lastSequence() {
        return delegate.lastSequence();
    }

    @Override
    public long countByActorAndTypeSince(String actor, AuditEventType type, Instant since) {
        return delegate.countByActorAndTypeSince(actor, type, since);
    }

    @Override
    public long countDecisionsSince(String actor, io.jenkins.plugins.promotiongates.engine.model.Outcome outcome,
            Instant since) {
        return delegate.countDecisionsSince(actor, outcome, since);
    }

    @Override
    public List<String> pendingApprovalCorrelationIds() {
        return delegate.pendingApprovalCorrelationIds();
    }

    @Override
    public List<String> openBreakGlassReviews() {
        return delegate.openBreakGlassReviews();
    }

    @Override
    public Optional<AuditEvent> activeQuarantine(String identity) {
        Supplier<RuntimeException> lookup = quarantineLookup;
        if (lookup != null) {
            throw lookup.get();
        }
        return delegate.activeQuarantine(identity);
    }

    @Override
    public PolicyVersion recordPolicy(String hash, String content, String author) {
        return delegate.recordPolicy(hash, content, author);
    }

    @Override
    public Optional<PolicyVersion> currentPolicy() {
        return delegate.currentPolicy();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
