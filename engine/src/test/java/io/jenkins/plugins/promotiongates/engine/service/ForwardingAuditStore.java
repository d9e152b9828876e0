package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;
import io.jenkins.plugins.promotiongates.engine.audit.PolicyVersion;
import io.jenkins.plugins.promotiongates.engine.model.Digest;
import io.jenkins.plugins.promotiongates.engine.model.Outcome;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A store that hands every call to another; tests override the calls they interfere with. */
class ForwardingAuditStore implements AuditStore {
    private final AuditStore delegate;

    ForwardingAuditStore(AuditStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public AuditEvent append(NewEvent event) {
        return delegate.append(event);
    }

    @Override
    public List<AuditEvent> appendAll(List<NewEvent> events) {
        return delegate.appendAll(events);
    }

    @Override
    public List<AuditEvent> appendAllUnique(List<NewEvent> events) throws DuplicateEventException {
        return delegate.appendAllUnique(events);
    }

    @Override
    public AuditEvent appendUnique(NewEvent event) throws DuplicateEventException {
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
    public long countDecisionsSince(String actor, Outcome outcome, Instant since) {
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
