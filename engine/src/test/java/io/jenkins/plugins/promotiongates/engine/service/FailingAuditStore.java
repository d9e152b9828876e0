package io.jenkins.plugins.promotiongates.engine.service;

import io.jenkins.plugins.promotiongates.engine.audit.AuditEvent;
import io.jenkins.plugins.promotiongates.engine.audit.AuditEventType;
import io.jenkins.plugins.promotiongates.engine.audit.AuditStore;
import io.jenkins.plugins.promotiongates.engine.audit.DuplicateEventException;
import io.jenkins.plugins.promotiongates.engine.audit.NewEvent;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Wraps a real store and makes appends fail on demand (store down, full disk), so the tests see what the service
 * does when nothing can be recorded. Reads still go to the real store, which must stay verifiable.
 */
final class FailingAuditStore extends ForwardingAuditStore {
    private volatile Predicate<NewEvent> failWhen = event -> false;
    private volatile Supplier<RuntimeException> failure = () -> new IllegalStateException("not failing");
    private volatile Supplier<RuntimeException> quarantineLookup;

    FailingAuditStore(AuditStore delegate) {
        super(delegate);
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
        return super.append(event);
    }

    @Override
    public List<AuditEvent> appendAll(List<NewEvent> events) {
        events.forEach(this::maybeFail);
        return super.appendAll(events);
    }

    @Override
    public List<AuditEvent> appendAllUnique(List<NewEvent> events) throws DuplicateEventException {
        events.forEach(this::maybeFail);
        return super.appendAllUnique(events);
    }

    @Override
    public AuditEvent appendUnique(NewEvent event) throws DuplicateEventException {
        maybeFail(event);
        return super.appendUnique(event);
    }

    @Override
    public Optional<AuditEvent> activeQuarantine(String identity) {
        Supplier<RuntimeException> lookup = quarantineLookup;
        if (lookup != null) {
            throw lookup.get();
        }
        return super.activeQuarantine(identity);
    }
}
